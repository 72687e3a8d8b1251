"""The `föreslå datum` form, opened by the help card's "Föreslå datum" button or by the
command without dates: a title, the dates as one types them, and an optional deadline.
The dates go through the same reader as the typed command, so its messages apply."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from cards.actions import CardActionModel
from cards.common import Card, card, heading, paragraph, submit
from cards.i18n import Language, t

FORM_ACTION = "poll_propose"
MAX_DATES_TEXT = 500


class PollProposeForm(CardActionModel):
    action: Literal["poll_propose"]
    title: str = Field(default="", max_length=200)
    dates: str = Field(default="", max_length=MAX_DATES_TEXT)
    # Input.Date sends YYYY-MM-DD; an empty field means the default answer time.
    deadline: str = Field(default="", max_length=20)


def proposal_form_card(language: Language) -> Card:
    body: list[dict[str, Any]] = [
        heading(t("polls.form.title", language)),
        paragraph(t("polls.form.intro", language)),
        {
            "type": "Input.Text",
            "id": "title",
            "label": t("polls.form.field_title", language),
            "placeholder": t("polls.form.title_example", language),
            "maxLength": 200,
        },
        {
            "type": "Input.Text",
            "id": "dates",
            "label": t("polls.form.field_dates", language),
            "placeholder": t("polls.form.dates_example", language),
            "isRequired": True,
            "errorMessage": t("polls.form.dates_required", language),
            "maxLength": MAX_DATES_TEXT,
        },
        {
            "type": "Input.Date",
            "id": "deadline",
            "label": t("polls.form.field_deadline", language),
            "placeholder": t("input.date_placeholder", language),
        },
        paragraph(t("polls.form.help", language), subtle=True),
    ]
    return card(body, [submit(t("polls.form.submit", language), {"action": FORM_ACTION})])


def proposal_sent_card(language: Language) -> Card:
    """What the form turns into once the poll is posted, so it is not sent twice."""
    return card([paragraph(t("polls.form.sent", language))])
