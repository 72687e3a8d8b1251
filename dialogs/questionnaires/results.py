"""`enkät resultat` and `enkät jämför`: the summary card, the files for the meeting, and
the comparison of two rounds (which organisations moved from "no plan" to "plan").

Results are for the people who prepare the meeting (chair, process leaders, secretary);
only submitted answers count, drafts never show.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from cards.common import Card
from cards.i18n import Language, t
from cards.questionnaires.answer import display_value
from cards.questionnaires.management import QuestionView
from cards.questionnaires.results import (
    ChangeLine,
    ComparisonView,
    QuestionComparison,
    QuestionSummary,
    ResultsView,
    comparison_card,
    results_card,
)
from dialogs.access import Permission, active_member, may, require_group
from dialogs.questionnaires.access import (
    Snapshot,
    parse_number,
    questionnaire_in_group,
    snapshot,
    stored_values,
)
from dialogs.questionnaires.charts import bar_chart
from dialogs.questionnaires.export import (
    XLSX_TYPE,
    ResultRow,
    column_total,
    markdown_escape,
    option_counts,
    option_title,
    tidy_number,
    to_csv,
    to_markdown,
    to_xlsx,
)
from dialogs.turn import CardImages, DownloadFile, Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.directory.models import Group
from storage.questionnaires import operations as store
from storage.questionnaires.models import Questionnaire, QuestionnaireStatus

log = logging.getLogger(__name__)

CHART_KINDS = ("choice", "multichoice", "yesno", "scale", "number")
# Teams refuses a bot message over about 28 KB, measured as the Bot Connector client sends
# it (JSON with ASCII escapes: "ä" costs six bytes). Charts are links to the bot's own
# download route, so what can still make the card large is free text: past this, the card
# drops the previews (they are in the files). Leaves room for the links in the text.
MAX_CARD_BYTES = 24_000
# Stands in for a chart's download URL when measuring the card before the edge stores it.
_URL_STAND_IN = "https://" + "x" * 120


def _chart_name(questionnaire_id: int, label: str) -> str:
    return f"enkat-{questionnaire_id}-fraga-{label}.png"


async def _reader_questionnaire(
    session: AsyncSession, turn: TurnInput, group: Group, questionnaire_id: int | None
) -> Questionnaire:
    if not may(await active_member(session, group.id, turn), Permission.READ_QUESTIONNAIRE_RESULTS):
        raise UserFacingError("questionnaires.results.not_allowed")
    if questionnaire_id is not None:
        return await questionnaire_in_group(session, group, questionnaire_id)
    latest = await store.latest_in_group(
        session, group.id, (QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED)
    )
    if latest is None:
        raise UserFacingError("questionnaires.none_yet")
    return latest


def result_rows(snap: Snapshot) -> list[ResultRow]:
    rows = []
    for target in snap.questionnaire.targets:
        view = snap.targets[target.id]
        response = snap.responses.get(target.id)
        rows.append(
            ResultRow(
                label=target.label,
                answered=view.answered,
                answered_by=view.answered_by,
                submitted_on=view.answered_on,
                values=stored_values(response, draft=False) if view.answered else {},
            )
        )
    return rows


async def show_results(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    group = await require_group(session, turn)
    number = parse_number(argument) if argument.strip() else None
    if argument.strip() and number is None:
        raise UserFacingError("questionnaires.number_expected")
    questionnaire = await _reader_questionnaire(session, turn, group, number)
    return await _results(session, turn, questionnaire)


async def results_button(
    session: AsyncSession, turn: TurnInput, questionnaire_id: int
) -> list[Reply]:
    group = await require_group(session, turn)
    questionnaire = await _reader_questionnaire(session, turn, group, questionnaire_id)
    return await _results(session, turn, questionnaire)


async def _results(
    session: AsyncSession, turn: TurnInput, questionnaire: Questionnaire
) -> list[Reply]:
    snap = await snapshot(session, questionnaire, turn.now)
    rows = result_rows(snap)
    answered = [row for row in rows if row.answered]
    charts = await asyncio.to_thread(_charts, snap.view.questions, answered, turn.language)
    summaries = _summaries(snap, answered, charts, turn.language)
    view = ResultsView(
        id=questionnaire.id,
        title=questionnaire.title,
        answered=len(answered),
        total=len(rows),
        missing=tuple(row.label for row in rows if not row.answered),
        questions=tuple(summaries),
    )
    images = {
        _chart_name(questionnaire.id, q.label): charts[q.id]
        for q in snap.view.questions
        if q.id in charts
    }
    measured = _with_charts(turn.language, view, dict.fromkeys(images, _URL_STAND_IN))
    if len(json.dumps(measured).encode("ascii")) > MAX_CARD_BYTES:
        # Free-text previews are what make the card large; they are in the files, so a
        # long questionnaire gets a lean card instead of a refused post.
        view = replace(view, questions=tuple(replace(q, free_text=()) for q in view.questions))
    base = f"enkat-{questionnaire.id}"
    files = (
        DownloadFile(f"{base}.csv", "text/csv", to_csv(snap.view, rows, turn.language)),
        DownloadFile(f"{base}.xlsx", XLSX_TYPE, to_xlsx(snap.view, rows, turn.language)),
        DownloadFile(
            f"{base}.md",
            "text/markdown",
            to_markdown(snap.view, rows, turn.language),
        ),
    )
    log.info("questionnaire results exported questionnaire=%s rows=%d", questionnaire.id, len(rows))
    language = turn.language
    return [
        Reply(
            text=t("questionnaires.results.files", language, number=questionnaire.id),
            card=results_card(language, view),
            files=files,
            images=CardImages(
                files=tuple(DownloadFile(name, "image/png", png) for name, png in images.items()),
                build=lambda urls: _with_charts(language, view, urls),
            ),
        )
    ]


def _with_charts(language: Language, view: ResultsView, urls: Mapping[str, str]) -> Card:
    """The results card, each question's chart from its URL (by chart file name)."""
    questions = tuple(
        replace(q, chart_url=urls.get(q.chart_file or ""), chart_file=None)
        if q.chart_file in urls
        else q
        for q in view.questions
    )
    return results_card(language, replace(view, questions=questions))


def _charts(
    questions: Sequence[QuestionView], answered: Sequence[ResultRow], language: Language
) -> dict[int, bytes]:
    """PNG per chartable question (in a worker thread: drawing is CPU work)."""
    charts: dict[int, bytes] = {}
    for question in questions:
        if question.kind not in CHART_KINDS or not answered:
            continue
        if question.kind == "number":
            pairs = [
                (row.label, float(row.values[question.id]))
                for row in answered
                if isinstance(row.values.get(question.id), int | float)
            ]
        else:
            pairs = [
                (option_title(question, option, language), float(count))
                for option, count in option_counts(question, answered)
            ]
        if pairs:
            charts[question.id] = bar_chart([p[0] for p in pairs], [p[1] for p in pairs])
    return charts


def _summaries(
    snap: Snapshot, answered: Sequence[ResultRow], charts: dict[int, bytes], language: Language
) -> list[QuestionSummary]:
    """`chart_file` names each question's chart; the card gets its URL from the edge."""
    summaries: list[QuestionSummary] = []
    for question in snap.view.questions:
        pairs: tuple[tuple[str, str], ...] = ()
        total = None
        free_text: tuple[tuple[str, str], ...] = ()
        if question.kind in ("choice", "multichoice", "yesno", "scale"):
            pairs = tuple(
                (option_title(question, option, language), str(count))
                for option, count in option_counts(question, answered)
            )
        elif question.kind == "number":
            pairs = tuple(
                (row.label, display_value(question, row.values.get(question.id), language))
                for row in answered
            )
            tidy = tidy_number(column_total(answered, question))
            total = "–" if tidy is None else display_value(question, tidy, language)
        elif question.kind == "text":
            free_text = tuple(
                (row.label, str(row.values[question.id]))
                for row in answered
                if row.values.get(question.id)
            )
        chart_file = None
        if question.id in charts:
            chart_file = _chart_name(snap.questionnaire.id, question.label)
        summaries.append(
            QuestionSummary(
                label=question.label,
                text=question.text,
                kind=question.kind,
                pairs=pairs,
                total=total,
                free_text=free_text,
                chart_file=chart_file,
            )
        )
    return summaries


# ---- comparing rounds ---------------------------------------------------------------------


async def compare(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    group = await require_group(session, turn)
    numbers = [parse_number(part) for part in argument.split()]
    if not numbers or len(numbers) > 2 or any(n is None for n in numbers):
        raise UserFacingError("questionnaires.compare.usage")
    newer = await _reader_questionnaire(session, turn, group, numbers[0])
    if len(numbers) == 2:
        older = await questionnaire_in_group(session, group, numbers[1] or 0)
    else:
        found = await store.previous_round(session, newer)
        if found is None:
            raise UserFacingError("questionnaires.compare.no_previous", number=newer.id)
        older = found
    if older.series_id != newer.series_id or older.id == newer.id:
        raise UserFacingError("questionnaires.compare.not_same", old=older.id, new=newer.id)
    if older.id > newer.id:
        older, newer = newer, older
    view = await comparison(session, older, newer, turn)
    markdown = comparison_markdown(view, turn.language)
    return [
        Reply(
            text=t("questionnaires.compare.file", turn.language),
            card=comparison_card(turn.language, view),
            files=(
                DownloadFile(
                    f"enkat-{older.id}-{newer.id}-jamforelse.md",
                    "text/markdown",
                    markdown,
                ),
            ),
        )
    ]


async def comparison(
    session: AsyncSession, older: Questionnaire, newer: Questionnaire, turn: TurnInput
) -> ComparisonView:
    """Questions matched by label and text, organisations by organisation (or target key)."""
    old_snap = await snapshot(session, older, turn.now)
    new_snap = await snapshot(session, newer, turn.now)
    old_rows = _rows_by_key(old_snap)
    new_rows = _rows_by_key(new_snap)
    old_questions = {(q.label, q.text): q for q in old_snap.view.questions if q.answerable}
    keys = [k for k in new_rows if k in old_rows] + [k for k in new_rows if k not in old_rows]
    questions = []
    for question in new_snap.view.questions:
        before = old_questions.get((question.label, question.text))
        if before is None or not question.answerable:
            continue
        lines = []
        for key in keys:
            label, new_values = new_rows[key]
            old_values = old_rows.get(key, (label, {}))[1]
            old_text = display_value(before, old_values.get(before.id), turn.language)
            new_text = display_value(question, new_values.get(question.id), turn.language)
            lines.append(ChangeLine(label, old_text, new_text, old_text != new_text))
        questions.append(QuestionComparison(question.label, question.text, tuple(lines)))
    return ComparisonView(
        title=newer.title, old_id=older.id, new_id=newer.id, questions=tuple(questions)
    )


def _rows_by_key(snap: Snapshot) -> dict[str, tuple[str, dict[int, Any]]]:
    rows = {}
    for target in snap.questionnaire.targets:
        answered = snap.targets[target.id].answered
        values = stored_values(snap.responses.get(target.id), draft=False) if answered else {}
        rows[target.target_key] = (target.label, values)
    return rows


def comparison_markdown(view: ComparisonView, language: Language) -> bytes:
    title = t(
        "questionnaires.compare.title", language, title=view.title, old=view.old_id, new=view.new_id
    )
    old_head = t("questionnaires.status.label", language, number=view.old_id)
    new_head = t("questionnaires.status.label", language, number=view.new_id)
    organisation = t("questionnaires.export.organisation", language)
    lines = [f"# {title}", ""]
    for question in view.questions:
        lines += [
            f"## {question.label}. {markdown_escape(question.text)}",
            "",
            f"| {organisation} | {old_head} | {new_head} | |",
            "|---|---|---|---|",
        ]
        for line in question.lines:
            mark = "**→**" if line.changed else ""
            cells = (markdown_escape(line.organisation), markdown_escape(line.old))
            lines.append(f"| {cells[0]} | {cells[1]} | {markdown_escape(line.new)} | {mark} |")
        lines.append("")
    return "\n".join(lines).encode("utf-8")
