"""The results summary card and the comparison of two rounds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cards.common import Card, card, facts, heading, paragraph, shorten, subheading
from cards.i18n import Language, t
from cards.swedish_format import join_names

FREE_TEXT_PREVIEW = 200
# Question and option texts are cut on the card (in full in the files), so a long
# questionnaire's summary stays under Teams' ~28 KB message limit.
QUESTION_PREVIEW = 200
OPTION_PREVIEW = 80
# With a chart the card lists the first options' counts only: the chart shows them all.
OPTIONS_WITH_CHART = 5
# Organisations named as unchanged per question on the comparison card.
UNCHANGED_NAMES = 4


@dataclass(frozen=True)
class QuestionSummary:
    label: str
    text: str
    kind: str
    # (option title, count) for choice-like questions; (organisation, value) for numbers.
    pairs: tuple[tuple[str, str], ...] = ()
    total: str | None = None
    free_text: tuple[tuple[str, str], ...] = ()
    # The chart as a link to the bot's own download route; never a data: URI, which
    # counts in full against Teams' ~28 KB message limit.
    chart_url: str | None = None
    chart_file: str | None = None


@dataclass(frozen=True)
class ResultsView:
    id: int
    title: str
    answered: int
    total: int
    missing: tuple[str, ...]
    questions: tuple[QuestionSummary, ...] = field(default=())


def results_card(language: Language, view: ResultsView) -> Card:
    body: list[dict[str, Any]] = [
        paragraph(t("questionnaires.status.label", language, number=view.id), subtle=True),
        heading(t("questionnaires.results.title", language, title=view.title)),
        paragraph(
            t("questionnaires.results.answered", language, answered=view.answered, total=view.total)
        ),
    ]
    if view.missing:
        body.append(
            paragraph(
                t(
                    "questionnaires.results.missing",
                    language,
                    names=join_names(view.missing, language),
                )
            )
        )
    for question in view.questions:
        title = f"{question.label}. {preview(question.text, QUESTION_PREVIEW)}"
        body.append(subheading(title))
        if question.kind == "heading":
            continue
        pairs = question.pairs
        if question.chart_url and len(pairs) > OPTIONS_WITH_CHART:
            pairs = pairs[:OPTIONS_WITH_CHART]
        if pairs:
            body.append(facts([(preview(k, OPTION_PREVIEW), v) for k, v in pairs]))
        if len(pairs) < len(question.pairs):
            more = len(question.pairs) - len(pairs)
            body.append(
                paragraph(
                    t("questionnaires.results.more_options", language, count=more), subtle=True
                )
            )
        if question.total is not None:
            body.append(
                paragraph(t("questionnaires.results.total", language, total=question.total))
            )
        if question.chart_url:
            body.append(
                {
                    "type": "Image",
                    "url": question.chart_url,
                    "altText": t(
                        "questionnaires.results.chart_alt", language, label=question.label
                    ),
                    "size": "Stretch",
                }
            )
        elif question.chart_file:
            body.append(
                paragraph(
                    t("questionnaires.results.chart_file", language, name=question.chart_file),
                    subtle=True,
                )
            )
        if question.free_text:
            body.append(facts([(org, preview(answer)) for org, answer in question.free_text]))
    return card(body)


def preview(text: str, limit: int = FREE_TEXT_PREVIEW) -> str:
    """One line, cut with an ellipsis after `limit` characters."""
    return shorten(text, limit)


@dataclass(frozen=True)
class ChangeLine:
    organisation: str
    old: str
    new: str
    changed: bool


@dataclass(frozen=True)
class QuestionComparison:
    label: str
    text: str
    lines: tuple[ChangeLine, ...]


@dataclass(frozen=True)
class ComparisonView:
    title: str
    old_id: int
    new_id: int
    questions: tuple[QuestionComparison, ...]

    @property
    def changed_count(self) -> int:
        return sum(line.changed for q in self.questions for line in q.lines)


def comparison_card(language: Language, view: ComparisonView) -> Card:
    body: list[dict[str, Any]] = [
        heading(
            t(
                "questionnaires.compare.title",
                language,
                title=view.title,
                old=view.old_id,
                new=view.new_id,
            )
        ),
        paragraph(
            t("questionnaires.compare.changed", language, count=view.changed_count)
            if view.changed_count
            else t("questionnaires.compare.none_changed", language)
        ),
    ]
    if any(len(" ".join(q.text.split())) > QUESTION_PREVIEW for q in view.questions):
        body.append(paragraph(t("questionnaires.compare.shortened", language), subtle=True))
    for question in view.questions:
        body.append(subheading(f"{question.label}. {preview(question.text, QUESTION_PREVIEW)}"))
        changed = [line for line in question.lines if line.changed]
        same = [line.organisation for line in question.lines if not line.changed]
        if changed:
            body.append(
                facts(
                    [
                        (line.organisation, f"{preview(line.old)} → {preview(line.new)}")
                        for line in changed
                    ]
                )
            )
        if same:
            # Named up to a few, then counted: the comparison file names them all.
            if len(same) > UNCHANGED_NAMES + 1:
                more = t("questionnaires.more_items", language, count=len(same) - UNCHANGED_NAMES)
                names = f"{', '.join(same[:UNCHANGED_NAMES])} {more}"
            else:
                names = join_names(same, language)
            label = t("questionnaires.compare.unchanged", language)
            body.append(paragraph(f"{label}: {names}", subtle=True))
    return card(body)
