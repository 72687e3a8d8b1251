"""Questionnaire cards for the group: the create form, the preview, the status card.

Pure functions over small view objects; the flows in dialogs/ build the views.

The status card in the channel is the shared view (every organisation's state, both
buttons); its `refresh` makes Teams ask for each viewer's own view (a `StatusViewer`):
their organisation's state on top, "Svara" only for those who may answer, "Resultat"
only for those who may read the results, "Stäng enkäten" only for those who manage
questionnaires (never on the shared card, which members see too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cards.common import (
    Card,
    card,
    execute,
    facts,
    heading,
    paragraph,
    refresh_block,
    shorten,
    subheading,
    submit,
)
from cards.i18n import Language, t
from cards.questionnaires.actions import (
    CancelQuestionnaire,
    CloseQuestionnaire,
    OpenAnswerCard,
    SendQuestionnaire,
    ShowResults,
    ViewStatus,
)
from cards.swedish_format import short_day

KIND_KEYS = ("text", "choice", "multichoice", "yesno", "number", "scale", "heading")


@dataclass(frozen=True)
class QuestionView:
    id: int
    label: str
    text: str
    kind: str  # storage.questionnaires.models.QuestionKind value
    required: bool = True
    help: str | None = None
    options: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return self.kind != "heading"


@dataclass(frozen=True)
class TargetView:
    id: int
    label: str
    contact: str | None = None
    deputy: str | None = None
    answered: bool = False
    answered_by: str | None = None
    answered_on: date | None = None
    late: bool = False


@dataclass(frozen=True)
class QuestionnaireView:
    id: int
    title: str
    deadline: date  # local (Europe/Stockholm)
    days_left: int
    status: str  # QuestionnaireStatus value
    intro: str | None = None
    questions: tuple[QuestionView, ...] = ()
    targets: tuple[TargetView, ...] = field(default=())
    # Teams user ids refreshed automatically to their own view of the status card.
    refresh_user_ids: tuple[str, ...] = ()

    @property
    def answered_count(self) -> int:
        return sum(1 for target in self.targets if target.answered)


def kind_label(kind: str, language: Language) -> str:
    return t(f"questionnaires.kind.{kind}", language)


def deadline_text(view: QuestionnaireView, language: Language) -> str:
    day = short_day(view.deadline, language)
    if view.status != "open":
        return day
    if view.days_left > 1:
        return t("questionnaires.deadline.days_left", language, day=day, days=view.days_left)
    if view.days_left == 1:
        return t("questionnaires.deadline.tomorrow", language, day=day)
    if view.days_left == 0:
        return t("questionnaires.deadline.today", language, day=day)
    return t("questionnaires.deadline.passed", language, day=day)


# The preview lists every question; long texts and option lists are cut there (Teams
# refuses a message over ~28 KB) and shown whole on the answer form.
PREVIEW_QUESTION = 160
PREVIEW_OPTION = 40
PREVIEW_OPTIONS = 6
PREVIEW_HELP = 100


def shortened(question: QuestionView) -> bool:
    """Whether `question_line` cuts anything of this question."""
    return (
        len(" ".join(question.text.split())) > PREVIEW_QUESTION
        or len(question.options) > PREVIEW_OPTIONS
        or any(len(option) > PREVIEW_OPTION for option in question.options)
        or len(question.help or "") > PREVIEW_HELP
    )


def question_line(question: QuestionView, language: Language) -> str:
    if question.kind == "heading":
        return f"**{question.label}. {shorten(question.text, PREVIEW_QUESTION)}**"
    details = [kind_label(question.kind, language)]
    if question.options:
        options = [shorten(option, PREVIEW_OPTION) for option in question.options[:PREVIEW_OPTIONS]]
        more = len(question.options) - len(options)
        if more:
            options.append(t("questionnaires.more_items", language, count=more))
        details.append(" | ".join(options))
    if not question.required:
        details.append(t("questionnaires.optional", language))
    indent = "    " if not question.label.isdigit() else ""
    text = shorten(question.text, PREVIEW_QUESTION)
    line = f"{indent}{question.label}. {text} _({'; '.join(details)})_"
    if question.help:
        line += f"  \n{indent}_{shorten(question.help, PREVIEW_HELP)}_"
    return line


def create_form_card(language: Language, *, default_deadline: date, example: str) -> Card:
    """For pasting questions with their line breaks intact (a Teams message may lose them)."""
    body: list[dict[str, Any]] = [
        heading(t("questionnaires.form.title", language)),
        paragraph(t("questionnaires.form.intro", language)),
        {
            "type": "Input.Text",
            "id": "title",
            "label": t("questionnaires.form.field_title", language),
            "maxLength": 200,
        },
        {
            "type": "Input.Text",
            "id": "intro",
            "label": t("questionnaires.form.field_intro", language),
            "isMultiline": True,
            "maxLength": 2000,
        },
        {
            "type": "Input.Date",
            "id": "deadline",
            "label": t("questionnaires.form.field_deadline", language),
            "value": default_deadline.isoformat(),
        },
        {
            "type": "Input.Text",
            "id": "questions",
            "label": t("questionnaires.form.field_questions", language),
            "isMultiline": True,
            "maxLength": 8000,
            "placeholder": example,
        },
        paragraph(t("questionnaires.syntax_help", language), subtle=True),
    ]
    return card(
        body,
        [
            submit(
                t("questionnaires.button.preview", language),
                {"action": "questionnaire_create"},
            )
        ],
    )


def preview_card(
    language: Language, view: QuestionnaireView, *, warnings: list[str] | None = None
) -> Card:
    body: list[dict[str, Any]] = [
        paragraph(t("questionnaires.preview.label", language, number=view.id), subtle=True),
        heading(view.title),
    ]
    if view.intro:
        body.append(paragraph(view.intro))
    body.append(
        facts(
            [
                (t("questionnaires.fact.deadline", language), short_day(view.deadline, language)),
                (
                    t("questionnaires.fact.targets", language),
                    t(
                        "questionnaires.fact.targets_one"
                        if len(view.targets) == 1
                        else "questionnaires.fact.targets_count",
                        language,
                        count=len(view.targets),
                    ),
                ),
            ]
        )
    )
    body.append(subheading(t("questionnaires.preview.questions", language)))
    body.append(paragraph("\n\n".join(question_line(q, language) for q in view.questions)))
    if any(shortened(q) for q in view.questions):
        body.append(paragraph(t("questionnaires.preview.shortened", language), subtle=True))
    body.append(subheading(t("questionnaires.preview.targets", language)))
    body.append(paragraph("\n".join(_target_line(target, language) for target in view.targets)))
    for warning in warnings or []:
        body.append({**paragraph(warning), "color": "Warning"})
    body.append(paragraph(t("questionnaires.preview.hint", language), subtle=True))
    ref = {"questionnaire_id": view.id}
    return card(
        body,
        [
            submit(
                t("questionnaires.button.send", language),
                SendQuestionnaire(action="questionnaire_send", **ref).model_dump(),
            ),
            submit(
                t("questionnaires.button.cancel", language),
                CancelQuestionnaire(action="questionnaire_cancel", **ref).model_dump(),
            ),
        ],
    )


def _target_line(target: TargetView, language: Language) -> str:
    contact = target.contact or t("questionnaires.no_contact", language)
    line = f"- **{target.label}**: {contact}"
    if target.deputy:
        line += " " + t("questionnaires.deputy_suffix", language, name=target.deputy)
    return line


@dataclass(frozen=True)
class StatusViewer:
    """One person's view of the status card: the organisation they answer for (None when
    they answer for none), and which buttons they may use."""

    own: TargetView | None
    may_answer: bool
    may_read_results: bool
    # Close the questionnaire (process leaders, chair: ROLE_POLICY's manage right).
    may_manage: bool = False


def _own_line(target: TargetView, language: Language, *, open_: bool) -> dict[str, Any]:
    if not target.answered:
        # "har inte svarat än" would suggest it still can, after the questionnaire closed.
        key = "questionnaires.status.own_waiting" if open_ else "questionnaires.status.own_missed"
        return paragraph(t(key, language, name=target.label))
    day = short_day(target.answered_on, language) if target.answered_on else ""
    text = t(
        "questionnaires.status.own_answered",
        language,
        name=target.label,
        by=target.answered_by or "",
        day=day,
    )
    return {**paragraph(text), "color": "Good", "weight": "Bolder"}


def status_card(
    language: Language, view: QuestionnaireView, viewer: StatusViewer | None = None
) -> Card:
    """Posted in the channel when the questionnaire is sent and updated in place; with a
    `viewer`, one person's own view (the answer to their refresh or click)."""
    body: list[dict[str, Any]] = [
        paragraph(t("questionnaires.status.label", language, number=view.id), subtle=True),
        heading(view.title),
    ]
    if view.intro:
        body.append(paragraph(view.intro))
    summary = t(
        "questionnaires.status.summary",
        language,
        answered=view.answered_count,
        total=len(view.targets),
    )
    body.append(
        facts(
            [
                (t("questionnaires.fact.answered", language), summary),
                (t("questionnaires.fact.deadline", language), deadline_text(view, language)),
            ]
        )
    )
    lines = []
    for target in view.targets:
        if target.answered:
            when = short_day(target.answered_on, language) if target.answered_on else ""
            late = " " + t("questionnaires.status.late", language) if target.late else ""
            detail = t(
                "questionnaires.status.answered_by",
                language,
                name=target.answered_by or "",
                day=when,
            )
            lines.append(f"✅ **{target.label}** — {detail}{late}")
        else:
            contact = target.contact or t("questionnaires.no_contact", language)
            waiting = (
                "questionnaires.status.waiting"
                if view.status == "open"
                else "questionnaires.status.not_answered"
            )
            lines.append(f"⏳ **{target.label}** — " + t(waiting, language, contact=contact))
    if viewer is not None and viewer.own is not None:
        body.append(_own_line(viewer.own, language, open_=view.status == "open"))
    body.append(paragraph("\n\n".join(lines)))
    if view.status == "closed":
        body.append(paragraph(t("questionnaires.status.closed", language), subtle=True))
    actions = []
    if view.status == "open" and (viewer is None or viewer.may_answer):
        actions.append(
            execute(
                t("questionnaires.button.answer", language),
                OpenAnswerCard(action="questionnaire_open", questionnaire_id=view.id).model_dump(
                    exclude_none=True
                ),
            )
        )
    if viewer is None or viewer.may_read_results:
        actions.append(
            execute(
                t("questionnaires.button.results", language),
                ShowResults(action="questionnaire_results", questionnaire_id=view.id).model_dump(),
            )
        )
    if view.status == "open" and viewer is not None and viewer.may_manage:
        actions.append(_close_action(view, language))
    result = card(body, actions)
    data = ViewStatus(action="questionnaire_view", questionnaire_id=view.id).model_dump()
    result["refresh"] = refresh_block(data, view.refresh_user_ids)
    return result


def _close_action(view: QuestionnaireView, language: Language) -> dict[str, Any]:
    """Closing cannot be undone, so it asks first (inside the card, nothing sent)."""
    payload = CloseQuestionnaire(action="questionnaire_close", questionnaire_id=view.id)
    return {
        "type": "Action.ShowCard",
        "title": t("questionnaires.button.close", language),
        "card": {
            "type": "AdaptiveCard",
            "body": [paragraph(t("questionnaires.close.confirm", language))],
            "actions": [
                execute(t("questionnaires.button.close_now", language), payload.model_dump())
            ],
        },
    }


@dataclass(frozen=True)
class ListEntry:
    id: int
    title: str
    status: str
    deadline: date
    answered: int
    total: int


def list_card(language: Language, entries: list[ListEntry]) -> Card:
    body: list[dict[str, Any]] = [heading(t("questionnaires.list.title", language))]
    if not entries:
        body.append(paragraph(t("questionnaires.list.empty", language)))
    for entry in entries:
        status = t(f"questionnaires.state.{entry.status}", language)
        body.append(
            paragraph(
                t(
                    "questionnaires.list.entry",
                    language,
                    number=entry.id,
                    title=entry.title,
                    status=status,
                    day=short_day(entry.deadline, language),
                    answered=entry.answered,
                    total=entry.total,
                )
            )
        )
    body.append(paragraph(t("questionnaires.list.hint", language), subtle=True))
    return card(body)
