"""The date poll cards and the payloads their buttons send.

Pure functions: a `PollView` in, an Adaptive Card out. The card in the channel is
re-rendered from stored answers on every click and replaced in place, so everybody sees
the same counts.

Universal Actions: the channel's copy is the neutral view (counts, answer buttons). Its
`refresh` block makes Teams ask the bot for each viewer's own view (a `PollViewer`): their
answers marked, and the organiser's buttons (close and choose, change the deadline, show
answers) only for those who may use them. Buttons are Action.Execute with an
Action.Submit fallback for clients without Universal Actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from cards.actions import CardActionModel
from cards.common import (
    Card,
    card,
    execute,
    facts,
    heading,
    paragraph,
    refresh_block,
    subheading,
)
from cards.i18n import Language, t
from cards.swedish_format import join_names, long_moment, span_label

Choice = Literal["yes", "if_needed", "no"]
CHOICES: tuple[Choice, ...] = ("yes", "if_needed", "no")
_STYLE = {"yes": "positive", "if_needed": "default", "no": "destructive"}
_ID = Field(ge=1, le=2**31 - 1)
_DATE = Field(default="", pattern=r"^(\d{4}-\d{2}-\d{2})?$")
_TIME = Field(default="", pattern=r"^(\d{1,2}:\d{2}(:\d{2})?)?$")
# Input.ChoiceSet with isMultiSelect sends the chosen values comma-separated.
_CHOSEN = Field(default="", pattern=r"^(\d{1,10}(,\d{1,10}){0,19})?$")


# ---- payloads ---------------------------------------------------------------------------
class PollAnswerAction(CardActionModel):
    action: Literal["poll_answer"]
    poll: int = _ID
    option: int = _ID
    choice: Choice


class PollCloseAction(CardActionModel):
    """The close form. The deadline form's inputs may ride along (clients differ in which
    inputs a ShowCard's submit collects), so they are accepted and ignored here."""

    action: Literal["poll_close"]
    poll: int = _ID
    chosen: str = _CHOSEN
    deadline_date: str = _DATE
    deadline_time: str = _TIME

    def option_ids(self) -> list[int]:
        return sorted({int(part) for part in self.chosen.split(",") if part})


class PollDeadlineAction(CardActionModel):
    action: Literal["poll_deadline"]
    poll: int = _ID
    deadline_date: str = _DATE
    deadline_time: str = _TIME
    chosen: str = _CHOSEN


class PollRevealAction(CardActionModel):
    action: Literal["poll_reveal"]
    poll: int = _ID
    show: bool


class PollViewAction(CardActionModel):
    """The card's automatic refresh: answered with the sender's own view of the poll."""

    action: Literal["poll_view"]
    poll: int = _ID


# ---- views ------------------------------------------------------------------------------
@dataclass(frozen=True)
class OptionView:
    option_id: int
    starts_at: datetime
    ends_at: datetime | None
    has_time: bool
    # Names per choice, sorted; counts are their lengths.
    yes: tuple[str, ...] = ()
    if_needed: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    # Organisations with at least one member answering Ja or Om det behövs.
    organisations_able: tuple[str, ...] = ()
    chosen: bool = False

    def names(self, choice: Choice) -> tuple[str, ...]:
        return {"yes": self.yes, "if_needed": self.if_needed, "no": self.no}[choice]


@dataclass(frozen=True)
class PollView:
    poll_id: int
    title: str | None
    organiser: str | None
    deadline_at: datetime
    status: Literal["open", "closed", "decided"]
    options: tuple[OptionView, ...]
    organisations_total: int
    # Members missing an answer for at least one date: (name, dates answered).
    not_answered: tuple[tuple[str, int], ...] = ()
    hide_answers: bool = False
    answers_revealed: bool = False
    closed_by: str | None = None
    today: date | None = None
    # Teams user ids to refresh automatically (every member when at most 60; else the
    # poll's managers), and whether that covers every member, so the neutral view can
    # leave out the organiser's buttons (nobody in the group is left without them).
    refresh_user_ids: tuple[str, ...] = ()
    refresh_covers_all: bool = False

    @property
    def show_people(self) -> bool:
        return not self.hide_answers or self.answers_revealed


@dataclass(frozen=True)
class PollViewer:
    """One person's view of the poll card: their answers per date, and whether they may
    close, move the deadline and show answers (the organiser and the roles allowed)."""

    answers: dict[int, Choice]
    manager: bool


def option_label(option: OptionView, language: Language, today: date | None = None) -> str:
    return span_label(
        option.starts_at,
        option.ends_at,
        has_time=option.has_time,
        language=language,
        today=today,
    )


def poll_title(view: PollView, language: Language) -> str:
    return view.title or t("polls.default_title", language)


# ---- the poll card ----------------------------------------------------------------------
def poll_card(view: PollView, language: Language, viewer: PollViewer | None = None) -> Card:
    """The neutral view (viewer None: the shared message) or one person's own view."""
    body: list[dict[str, Any]] = [heading(poll_title(view, language))]
    header = []
    if view.organiser:
        header.append(t("polls.organiser", language, name=view.organiser))
    if view.status == "open":
        header.append(t("polls.deadline", language, when=long_moment(view.deadline_at, language)))
    if header:
        body.append(paragraph(" · ".join(header), subtle=True))
    body.extend(_status_blocks(view, language))
    for option in view.options:
        body.extend(_option_blocks(view, option, language, viewer))
    body.append(_not_answered_block(view, language))
    if view.hide_answers and not view.answers_revealed:
        body.append(paragraph(t("polls.hidden_note", language), subtle=True))
    manager = viewer.manager if viewer is not None else not view.refresh_covers_all
    result = card(body, _footer_actions(view, language) if manager else [])
    if view.status != "decided":
        data = PollViewAction(action="poll_view", poll=view.poll_id).model_dump()
        result["refresh"] = refresh_block(data, view.refresh_user_ids)
    return result


def _status_blocks(view: PollView, language: Language) -> list[dict[str, Any]]:
    if view.status == "open":
        return []
    if view.status == "decided":
        chosen = any(o.chosen for o in view.options)
        key = "polls.status.decided" if chosen else "polls.status.decided_none"
        return [paragraph(t(key, language))]
    if view.closed_by == "deadline":
        when = long_moment(view.deadline_at, language)
        return [paragraph(t("polls.status.closed_deadline", language, when=when))]
    return [paragraph(t("polls.status.closed", language))]


# Names listed under each answer of a date; the rest are counted. Each member sees their own
# answer marked on their refreshed view, and the counts above are always complete.
NAMES_PER_ANSWER = 12


def _option_blocks(
    view: PollView, option: OptionView, language: Language, viewer: PollViewer | None
) -> list[dict[str, Any]]:
    label = option_label(option, language, view.today)
    if option.chosen:
        label = f"{label} — {t('polls.chosen', language)}"
    blocks: list[dict[str, Any]] = [subheading(label)]
    counts = t(
        "polls.counts",
        language,
        yes=len(option.yes),
        if_needed=len(option.if_needed),
        no=len(option.no),
    )
    able = len(option.organisations_able)
    if view.show_people and option.organisations_able:
        organisations = t(
            "polls.organisations_named",
            language,
            able=able,
            total=view.organisations_total,
            names=join_names(option.organisations_able, language),
        )
    else:
        organisations = t(
            "polls.organisations", language, able=able, total=view.organisations_total
        )
    # Before anyone has said which organisation they represent, "0 av 0" says nothing.
    lines = [counts, organisations] if view.organisations_total else [counts]
    if view.show_people:
        for choice in CHOICES:
            names = option.names(choice)
            if names:
                choice_name = t(f"polls.choice.{choice}", language)
                lines.append(
                    t(
                        "polls.people",
                        language,
                        choice=choice_name,
                        names=join_names(names, language, most=NAMES_PER_ANSWER),
                    )
                )
    blocks.append(paragraph("\n\n".join(lines)))
    mine = viewer.answers.get(option.option_id) if viewer is not None else None
    if mine is not None:
        choice_name = t(f"polls.choice.{mine}", language)
        blocks.append(
            {**paragraph(t("polls.your_answer", language, choice=choice_name)), "color": "Good"}
        )
    if view.status == "open":
        blocks.append(answer_buttons(view, option, mine, language))
    return blocks


def answer_buttons(
    view: PollView, option: OptionView, mine: Choice | None, language: Language
) -> dict[str, Any]:
    """Ja / Om det behövs / Nej for one date (Action.Execute), the person's own answer
    ticked; on the poll card and on the reminder of someone who has not answered."""
    return {
        "type": "ActionSet",
        "actions": [
            {
                **execute(
                    _choice_title(choice, mine, language),
                    PollAnswerAction(
                        action="poll_answer",
                        poll=view.poll_id,
                        option=option.option_id,
                        choice=choice,
                    ).model_dump(),
                ),
                "style": _STYLE[choice],
            }
            for choice in CHOICES
        ],
    }


def _choice_title(choice: Choice, mine: Choice | None, language: Language) -> str:
    title = t(f"polls.choice.{choice}", language)
    return f"✓ {title}" if choice == mine else title


def _not_answered_block(view: PollView, language: Language) -> dict[str, Any]:
    if not view.not_answered:
        return paragraph(t("polls.everyone_answered", language), subtle=True)
    total = len(view.options)
    names = [
        name
        if answered == 0
        else t("polls.partly_answered", language, name=name, answered=answered, total=total)
        for name, answered in view.not_answered
    ]
    return paragraph(
        t("polls.not_answered", language, names=join_names(names, language)), subtle=True
    )


def _footer_actions(view: PollView, language: Language) -> list[dict[str, Any]]:
    if view.status == "decided":
        return []
    actions: list[dict[str, Any]] = []
    close_title = "polls.button.close" if view.status == "open" else "polls.button.choose"
    actions.append(
        {
            "type": "Action.ShowCard",
            "title": t(close_title, language),
            "card": close_form(view, language),
        }
    )
    if view.status == "open":
        actions.append(
            {
                "type": "Action.ShowCard",
                "title": t("polls.button.deadline", language),
                "card": _deadline_form(view, language),
            }
        )
    if view.hide_answers:
        key = "polls.button.hide_answers" if view.answers_revealed else "polls.button.show_answers"
        payload = PollRevealAction(
            action="poll_reveal", poll=view.poll_id, show=not view.answers_revealed
        )
        actions.append(execute(t(key, language), payload.model_dump()))
    return actions


def close_form(view: PollView, language: Language) -> Card:
    """Multi-select of the proposed dates, for the organiser to choose the meetings."""
    choices = [
        {
            "title": t(
                "polls.close_form.choice",
                language,
                date=option_label(o, language, view.today),
                yes=len(o.yes),
                if_needed=len(o.if_needed),
            ),
            "value": str(o.option_id),
        }
        for o in view.options
    ]
    body = [
        {
            "type": "Input.ChoiceSet",
            "id": "chosen",
            "label": t("polls.close_form.label", language),
            "isMultiSelect": True,
            "style": "expanded",
            "choices": choices,
        }
    ]
    payload = {"action": "poll_close", "poll": view.poll_id}
    return {
        "type": "AdaptiveCard",
        "body": body,
        "actions": [execute(t("polls.close_form.submit", language), payload)],
    }


def _deadline_form(view: PollView, language: Language) -> Card:
    body = [
        {
            "type": "Input.Date",
            "id": "deadline_date",
            "label": t("polls.deadline_form.date", language),
            "placeholder": t("input.date_placeholder", language),
            "isRequired": True,
            "errorMessage": t("polls.deadline_form.date_required", language),
        },
        {
            "type": "Input.Time",
            "id": "deadline_time",
            "label": t("polls.deadline_form.time", language),
            "placeholder": t("input.time_placeholder", language),
        },
    ]
    payload = {"action": "poll_deadline", "poll": view.poll_id}
    return {
        "type": "AdaptiveCard",
        "body": body,
        "actions": [execute(t("polls.deadline_form.submit", language), payload)],
    }


# ---- result and announcement ------------------------------------------------------------
def result_card(view: PollView, language: Language) -> Card:
    """Posted when the deadline closes a poll: the totals and the organiser's choice form."""
    title = poll_title(view, language)
    body: list[dict[str, Any]] = [heading(t("polls.result.title", language, title=title))]
    rows = [
        (
            option_label(o, language, view.today),
            t("polls.counts", language, yes=len(o.yes), if_needed=len(o.if_needed), no=len(o.no))
            + " · "
            + t(
                "polls.organisations",
                language,
                able=len(o.organisations_able),
                total=view.organisations_total,
            ),
        )
        for o in view.options
    ]
    body.append(facts(rows))
    best = best_options(view)
    if best:
        labels = ", ".join(option_label(o, language, view.today) for o in best)
        body.append(paragraph(t("polls.result.best", language, dates=labels)))
    body.append(paragraph(t("polls.status.closed", language), subtle=True))
    actions = [
        {
            "type": "Action.ShowCard",
            "title": t("polls.button.choose", language),
            "card": close_form(view, language),
        }
    ]
    return card(body, actions)


def best_options(view: PollView) -> list[OptionView]:
    """The dates most organisations can attend (then most Ja); ties all listed."""
    if not view.options:
        return []

    def score(o: OptionView) -> tuple[int, int, int]:
        return (len(o.organisations_able), len(o.yes), len(o.if_needed))

    top = max(score(o) for o in view.options)
    if top == (0, 0, 0):
        return []
    return [o for o in view.options if score(o) == top]


@dataclass(frozen=True)
class AnnouncedMeeting:
    title: str
    starts_at: datetime
    ends_at: datetime | None
    has_time: bool
    location: str | None = None


def announcement_card(
    title: str, meetings: list[AnnouncedMeeting], language: Language, today: date | None = None
) -> Card:
    if not meetings:
        return card([paragraph(t("polls.announce.none", language, title=title))])
    body: list[dict[str, Any]] = [
        heading(t("polls.announce.title", language, title=title)),
        paragraph(t("polls.announce.intro", language)),
    ]
    lines = [
        span_label(m.starts_at, m.ends_at, has_time=m.has_time, language=language, today=today)
        + (f", {m.location}" if m.location else "")
        for m in meetings
    ]
    body.append(paragraph("\n".join(f"- {line}" for line in lines)))
    body.append(paragraph(t("polls.announce.calendar", language), subtle=True))
    return card(body)
