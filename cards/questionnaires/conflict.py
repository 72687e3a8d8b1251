"""The card shown instead of a receipt when a submit came from a stale form: someone
else submitted the organisation's answer after this form was opened. It says who and
when, shows their answer next to the one that was not saved, and offers to replace it
explicitly (a submit against the newer revision) or to edit the newer answer."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cards.common import Card, card, execute, heading, paragraph
from cards.i18n import Language, t
from cards.questionnaires.actions import OpenAnswerCard, answer_input_id
from cards.questionnaires.answer import stacked_answers
from cards.questionnaires.management import QuestionnaireView, QuestionView, TargetView
from cards.swedish_format import long_moment


def conflict_card(
    language: Language,
    view: QuestionnaireView,
    target: TargetView,
    *,
    newer_by: str,
    newer_at: datetime,
    newer: Mapping[int, Any],
    mine: Mapping[int, Any],
    mine_inputs: Mapping[int, str],
    page: int,
    revision: int,
) -> Card:
    answerable = [q for q in view.questions if q.answerable]
    when = long_moment(newer_at, language)
    body: list[dict[str, Any]] = [
        paragraph(t("questionnaires.status.label", language, number=view.id), subtle=True),
        heading(view.title),
        paragraph(
            t(
                "questionnaires.answer.conflict",
                language,
                name=newer_by,
                organisation=target.label,
                when=when,
            )
        ),
        *_answers(answerable, newer, language),
        paragraph(t("questionnaires.answer.conflict_mine", language), subtle=True),
        *_answers(answerable, mine, language),
    ]
    replace = {
        "action": "questionnaire_answer",
        "questionnaire_id": view.id,
        "target_id": target.id,
        "page": page,
        "step": "submit",
        "revision": revision,
        **{answer_input_id(qid): raw for qid, raw in mine_inputs.items()},
    }
    edit = OpenAnswerCard(
        action="questionnaire_open", questionnaire_id=view.id, target_id=target.id
    )
    actions = [
        execute(t("questionnaires.button.replace", language), replace),
        execute(t("questionnaires.button.edit", language), edit.model_dump()),
    ]
    return card(body, actions)


# Both answers are shown in part (the stored one is whole in the results): a card with two
# full answers to 30 long questions would not fit in a Teams message.
QUESTION_SHOWN = 120
ANSWER_SHOWN = 240


def _answers(
    questions: list[QuestionView], values: Mapping[int, Any], language: Language
) -> list[dict[str, Any]]:
    return stacked_answers(
        questions, values, language, question_limit=QUESTION_SHOWN, answer_limit=ANSWER_SHOWN
    )
