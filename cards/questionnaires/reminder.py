"""The reminder card of a questionnaire: which organisation, by when, how many questions,
and one button that opens the answer form, so the person acts from the reminder itself
instead of looking for the invitation. A short questionnaire is sent as the form itself
(`is_short`): one glance answers it, and a button would only add a click.
"""

from __future__ import annotations

from typing import Any

from cards.common import Card, card, execute, facts, heading, paragraph
from cards.i18n import Language, t
from cards.questionnaires.actions import OpenAnswerCard
from cards.questionnaires.answer import pages
from cards.questionnaires.management import QuestionnaireView, TargetView, deadline_text

# At most this many questions, all on one page: the reminder carries the whole form.
SHORT_FORM_QUESTIONS = 4


def is_short(view: QuestionnaireView) -> bool:
    answerable = [q for q in view.questions if q.answerable]
    return len(answerable) <= SHORT_FORM_QUESTIONS and len(pages(view.questions)) == 1


def answer_reminder_card(
    language: Language, view: QuestionnaireView, target: TargetView, *, draft_by: str | None
) -> Card:
    """ "Svara" is an Action.Execute: its answer is the form, for the clicker only (an
    old client's Action.Submit replaces this card with the form in the personal chat)."""
    answerable = sum(1 for q in view.questions if q.answerable)
    body: list[dict[str, Any]] = [
        paragraph(t("questionnaires.status.label", language, number=view.id), subtle=True),
        heading(view.title),
        facts(
            [
                (t("questionnaires.fact.for", language), target.label),
                (t("questionnaires.fact.deadline", language), deadline_text(view, language)),
                (t("questionnaires.preview.questions", language), str(answerable)),
            ]
        ),
    ]
    if draft_by:
        body.append(paragraph(t("questionnaires.answer.draft_by", language, name=draft_by)))
    open_form = OpenAnswerCard(
        action="questionnaire_open", questionnaire_id=view.id, target_id=target.id
    )
    return card(
        body, [execute(t("questionnaires.button.answer", language), open_form.model_dump())]
    )
