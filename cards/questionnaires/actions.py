"""Payloads the questionnaire cards send back. Untrusted: validated here, and the flows
re-check the sender's right to act on every one of them."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from cards.actions import CardActionModel

QuestionnaireId = int
# Input ids on the answer card: "q" + the question's id.
ANSWER_INPUT = re.compile(r"^q[0-9]{1,9}$")
MAX_ANSWER_INPUTS = 60
MAX_ANSWER_LENGTH = 4000


def answer_input_id(question_id: int) -> str:
    return f"q{question_id}"


class CreateFromForm(CardActionModel):
    """The `enkät ny` form: the pasted questions keep their line breaks here."""

    action: Literal["questionnaire_create"]
    questions: str = Field(default="", max_length=8000)
    title: str = Field(default="", max_length=200)
    intro: str = Field(default="", max_length=2000)
    deadline: str = Field(default="", max_length=20)


class QuestionnaireRef(CardActionModel):
    questionnaire_id: int = Field(ge=1, le=2_000_000_000)


class SendQuestionnaire(QuestionnaireRef):
    action: Literal["questionnaire_send"]


class CancelQuestionnaire(QuestionnaireRef):
    action: Literal["questionnaire_cancel"]


class CloseQuestionnaire(QuestionnaireRef):
    """'Stäng enkäten' on an organiser's own view of the status card (as `enkät stäng`)."""

    action: Literal["questionnaire_close"]


class ShowResults(QuestionnaireRef):
    action: Literal["questionnaire_results"]


class ViewStatus(QuestionnaireRef):
    """The status card's automatic refresh (Universal Actions): answered with the sender's
    own view, their organisation's state and the buttons they may use."""

    action: Literal["questionnaire_view"]


class OpenAnswerCard(QuestionnaireRef):
    """'Svara' on the channel post, 'Ändra svar' on a receipt."""

    action: Literal["questionnaire_open"]
    target_id: int | None = Field(default=None, ge=1, le=2_000_000_000)


Step = Literal["draft", "submit", "next", "previous"]


class SubmitAnswers(QuestionnaireRef):
    """The answer card. Adaptive Cards put input values next to the button's data, so the
    answers arrive as extra fields named q<question id>; only those are allowed, strings
    only, bounded in number and length."""

    model_config = ConfigDict(extra="allow")

    action: Literal["questionnaire_answer"]
    target_id: int = Field(ge=1, le=2_000_000_000)
    page: int = Field(default=0, ge=0, le=50)
    step: Step
    # The submitted answer's revision when the form was made: a submit over a newer one
    # is refused (the form went stale). Missing counts as "no answer yet", so a form
    # that does not say cannot overwrite anything silently.
    revision: int = Field(default=0, ge=0, le=2_000_000_000)

    @model_validator(mode="after")
    def _only_answer_inputs(self) -> SubmitAnswers:
        extra = self.model_extra or {}
        if len(extra) > MAX_ANSWER_INPUTS:
            raise ValueError("too many inputs")
        for key, value in extra.items():
            if not ANSWER_INPUT.match(key):
                raise ValueError("unknown field")
            if not isinstance(value, str) or len(value) > MAX_ANSWER_LENGTH:
                raise ValueError("answer must be a bounded string")
        return self

    def inputs(self) -> dict[int, str]:
        """Question id -> the raw input value, as the card sent it."""
        extra: dict[str, Any] = self.model_extra or {}
        return {int(key[1:]): str(value) for key, value in extra.items()}
