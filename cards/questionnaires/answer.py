"""The answer card: one card for short questionnaires, pages of a few questions for long.

Paging keeps the page index in the card's data (no dialog state on the server): each
Nästa/Föregående saves the page into the organisation's draft and the flow renders the
next page in place. That survives restarts, with no dialog state kept anywhere else.

Buttons are Action.Execute (Action.Submit fallback): opened from the channel's status
card, the form is the answer to the clicker's invoke and each next page, draft and
receipt is too, so the form is only ever shown to the person answering, never posted in
the channel (dialogs/questionnaires/answering.py). Limit: when the status card is
updated for everyone (another organisation answered), Teams replaces every personal view
of it, an open form included; what was saved with Nästa or Spara utkast stays, unsaved
inputs do not. Long questionnaires are paged, so little is ever unsaved.

Inputs are plain strings on the wire: choices carry the option's index ("0,2" for a
multi-choice), yes/no carries "yes"/"no", a scale "1".."5". Yes/no is a pair of radio
buttons rather than a Toggle, because a toggle cannot say "not answered yet".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cards.common import Card, card, execute, facts, heading, paragraph, shorten, subheading
from cards.i18n import Language, t
from cards.questionnaires.actions import OpenAnswerCard, Step, answer_input_id
from cards.questionnaires.management import (
    QuestionnaireView,
    QuestionView,
    TargetView,
    deadline_text,
)
from cards.swedish_format import short_day

SINGLE_CARD_LIMIT = 6  # more answerable questions than this: one page per few questions
PAGE_SIZE = 5
SCALE = ("1", "2", "3", "4", "5")
RECEIPT_PREVIEW = 200


def pages(questions: tuple[QuestionView, ...]) -> list[tuple[QuestionView, ...]]:
    """Split into pages of PAGE_SIZE answerable questions; a heading goes with the page
    of the first question under it."""
    if sum(q.answerable for q in questions) <= SINGLE_CARD_LIMIT:
        return [questions]
    result: list[tuple[QuestionView, ...]] = []
    current: list[QuestionView] = []
    count = 0
    for question in questions:
        if question.answerable and count == PAGE_SIZE:
            headings: list[QuestionView] = []
            while current and not current[-1].answerable:
                headings.insert(0, current.pop())
            result.append(tuple(current))
            current, count = headings, 0
        current.append(question)
        count += int(question.answerable)
    if current:
        result.append(tuple(current))
    return result


def input_value(question: QuestionView, value: Any) -> str | None:
    """A stored answer as the string the card's input shows."""
    if value is None:
        return None
    if question.kind == "choice":
        return str(question.options.index(value)) if value in question.options else None
    if question.kind == "multichoice":
        chosen = [str(question.options.index(v)) for v in value if v in question.options]
        return ",".join(chosen) or None
    if question.kind == "yesno":
        return "yes" if value else "no"
    if question.kind == "number":
        return _number_text(value)
    return str(value)


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number_value(text: str | None) -> int | float | None:
    if text is None:
        return None
    try:
        number = float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


def display_value(question: QuestionView, value: Any, language: Language) -> str:
    """A stored answer for people to read (receipts, summaries, reports)."""
    if value is None or value == "" or value == []:
        return "–"
    if question.kind == "multichoice":
        return ", ".join(str(v) for v in value)
    if question.kind == "yesno":
        return t("questionnaires.yes" if value else "questionnaires.no", language)
    if question.kind == "number":
        return _number_text(value).replace(".", ",") if language == "sv" else _number_text(value)
    return str(value)


def stacked_answers(
    questions: Sequence[QuestionView],
    values: Mapping[int, Any],
    language: Language,
    *,
    question_limit: int,
    answer_limit: int,
) -> list[dict[str, Any]]:
    """Each question on its own line with its answer under it: a two-column FactSet
    squeezes a long question into a narrow column that splits its words."""
    blocks: list[dict[str, Any]] = []
    for q in questions:
        blocks.append(paragraph(shorten(f"{q.label}. {q.text}", question_limit), subtle=True))
        answer = display_value(q, values.get(q.id), language)
        blocks.append(paragraph(shorten(answer, answer_limit)))
    return blocks


def _label(question: QuestionView, language: Language) -> str:
    suffix = "" if question.required else f" ({t('questionnaires.optional', language)})"
    return f"{question.label}. {question.text}{suffix}"


def _input(question: QuestionView, value: str | None, language: Language) -> dict[str, Any]:
    base: dict[str, Any] = {"id": answer_input_id(question.id), "label": _label(question, language)}
    if value is not None:
        base["value"] = value
    if question.kind == "text":
        return {**base, "type": "Input.Text", "isMultiline": True, "maxLength": 4000}
    if question.kind == "number":
        # The schema types Input.Number's value as a number: a string is dropped by the
        # renderer, and "Ändra svar" would then show (and resubmit) the answer empty.
        number = _number_value(value)
        if number is None:
            base.pop("value", None)
        else:
            base["value"] = number
        return {**base, "type": "Input.Number"}
    if question.kind in ("choice", "multichoice"):
        choices = [{"title": o, "value": str(i)} for i, o in enumerate(question.options)]
        return {
            **base,
            "type": "Input.ChoiceSet",
            "style": "expanded",
            "isMultiSelect": question.kind == "multichoice",
            "choices": choices,
        }
    if question.kind == "yesno":
        choices = [
            {"title": t("questionnaires.yes", language), "value": "yes"},
            {"title": t("questionnaires.no", language), "value": "no"},
        ]
        return {**base, "type": "Input.ChoiceSet", "style": "expanded", "choices": choices}
    # scale
    choices = [{"title": s, "value": s} for s in SCALE]
    choices[0]["title"] = t("questionnaires.scale.low", language)
    choices[-1]["title"] = t("questionnaires.scale.high", language)
    return {**base, "type": "Input.ChoiceSet", "style": "expanded", "choices": choices}


@dataclass(frozen=True)
class AnswerState:
    """What the card shows about the organisation's answer so far."""

    answered_by: str | None = None
    answered_on: date | None = None
    draft_by: str | None = None
    editable: bool = True
    # The submitted answer's revision this form is made against (sent back on submit).
    revision: int = 0


def answer_card(
    language: Language,
    view: QuestionnaireView,
    target: TargetView,
    *,
    values: Mapping[int, Any],
    page: int,
    state: AnswerState,
) -> Card:
    all_pages = pages(view.questions)
    page = max(0, min(page, len(all_pages) - 1))
    body: list[dict[str, Any]] = [
        paragraph(t("questionnaires.status.label", language, number=view.id), subtle=True),
        heading(view.title),
    ]
    if view.intro and page == 0:
        body.append(paragraph(view.intro))
    pairs = [
        (t("questionnaires.fact.for", language), target.label),
        (t("questionnaires.fact.deadline", language), deadline_text(view, language)),
    ]
    if len(all_pages) > 1:
        pairs.append(
            (
                t("questionnaires.fact.page", language),
                t("questionnaires.page_of", language, page=page + 1, pages=len(all_pages)),
            )
        )
    body.append(facts(pairs))
    if state.answered_by:
        day = short_day(state.answered_on, language) if state.answered_on else ""
        body.append(
            paragraph(t("questionnaires.answer.already", language, name=state.answered_by, day=day))
        )
    elif state.draft_by:
        body.append(paragraph(t("questionnaires.answer.draft_by", language, name=state.draft_by)))
    for question in all_pages[page]:
        if not question.answerable:
            body.append(subheading(f"{question.label}. {question.text}"))
        else:
            body.append(_input(question, input_value(question, values.get(question.id)), language))
        if question.help:
            body.append(paragraph(question.help, subtle=True))
    return card(body, _buttons(language, view, target, page, len(all_pages), state.revision))


def _buttons(
    language: Language,
    view: QuestionnaireView,
    target: TargetView,
    page: int,
    page_count: int,
    revision: int,
) -> list[dict[str, Any]]:
    def step(title_key: str, step: Step) -> dict[str, Any]:
        return execute(
            t(title_key, language),
            {
                "action": "questionnaire_answer",
                "questionnaire_id": view.id,
                "target_id": target.id,
                "page": page,
                "step": step,
                "revision": revision,
            },
        )

    buttons = []
    if page < page_count - 1:
        buttons.append(step("questionnaires.button.next", "next"))
    else:
        buttons.append(step("questionnaires.button.submit", "submit"))
    if page > 0:
        buttons.append(step("questionnaires.button.previous", "previous"))
    buttons.append(step("questionnaires.button.draft", "draft"))
    return buttons


def receipt_card(
    language: Language,
    view: QuestionnaireView,
    target: TargetView,
    *,
    answers: Mapping[int, Any],
    state: AnswerState,
    note_key: str,
) -> Card:
    """What replaces the answer card after a submit or a saved draft."""
    body: list[dict[str, Any]] = [
        paragraph(t("questionnaires.status.label", language, number=view.id), subtle=True),
        heading(view.title),
        paragraph(t(note_key, language, organisation=target.label)),
    ]
    if state.answered_by:
        day = short_day(state.answered_on, language) if state.answered_on else ""
        body.append(
            paragraph(
                t("questionnaires.answer.already", language, name=state.answered_by, day=day),
                subtle=True,
            )
        )
    # Cut for the card (Teams refuses messages over ~28 KB); "Ändra svar" shows them whole.
    body.extend(
        stacked_answers(
            [q for q in view.questions if q.answerable],
            answers,
            language,
            question_limit=RECEIPT_PREVIEW,
            answer_limit=RECEIPT_PREVIEW,
        )
    )
    actions = []
    if state.editable:
        actions.append(
            execute(
                t("questionnaires.button.edit", language),
                OpenAnswerCard(
                    action="questionnaire_open", questionnaire_id=view.id, target_id=target.id
                ).model_dump(),
            )
        )
    return card(body, actions)
