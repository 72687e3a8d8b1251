"""The kallelse: the meeting's one card in the channel, with when and where (or the Teams
link), the numbered agenda, the decisions and tasks to follow up, and — while the meeting
is ahead — the RSVP buttons and the form to add a point. Once the meeting has started
the card offers the minutes draft and the attendance list instead of the agenda forms.

Pure functions: the view in (cards/meetings/meeting_cards.py holds the RSVP part), card
blocks out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from cards.actions import CardActionModel
from cards.common import paragraph, shorten, subheading, submit
from cards.i18n import Language, t
from cards.swedish_format import clock, local, long_moment, short_day

# The card lists this many open items; the rest are counted ("och 4 till").
MAX_FOLLOW_UP_SHOWN = 10
FOLLOW_UP_TEXT_LENGTH = 140
MAX_AGENDA_TITLE = 200


class AgendaAddAction(CardActionModel):
    action: Literal["agenda_add"]
    meeting_id: int = Field(ge=1, le=2**31 - 1)
    # Longer than an item may be, so the flow can say what is wrong instead of the model.
    title: str = Field(default="", max_length=1000)


class AgendaRemoveAction(CardActionModel):
    action: Literal["agenda_remove"]
    meeting_id: int = Field(ge=1, le=2**31 - 1)
    item: str = Field(default="", max_length=20)  # the ChoiceSet's value: the item's id


class AttendanceShowAction(CardActionModel):
    action: Literal["attendance_show"]
    meeting_id: int = Field(ge=1, le=2**31 - 1)


@dataclass(frozen=True)
class FollowUpEntry:
    reference: str  # "B-2026-014"
    text: str
    owners: str  # already worded: "Anna och Gabriel"
    due: date | None
    in_progress: bool
    overdue: bool


@dataclass(frozen=True)
class Kallelse:
    agenda: tuple[str, ...]  # the whole agenda, standing items included
    members_items: tuple[tuple[int, str], ...]  # (id, title): the ones that can be removed
    first_member_number: int  # the agenda number of the first of them
    follow_up: tuple[FollowUpEntry, ...]
    join_url: str | None
    started: bool


def kallelse_when(
    starts_at: datetime,
    ends_at: datetime | None,
    has_time: bool,
    language: Language,
    today: date | None = None,
) -> str:
    """'fredagen den 27 augusti kl 09.00–11.00' (the end time when it is the same day; the
    year when it is not this year's)."""
    with_year = today is not None and local(starts_at).year != today.year
    text = long_moment(starts_at, language, has_time=has_time, with_year=with_year)
    if has_time and ends_at is not None and local(ends_at).date() == local(starts_at).date():
        return f"{text}–{clock(local(ends_at), language)}"
    return text


def _follow_up_line(entry: FollowUpEntry, language: Language) -> str:
    parts = [f"**{entry.reference}** {shorten(entry.text, FOLLOW_UP_TEXT_LENGTH)}"]
    if entry.owners:
        parts.append(t("kallelse.follow_up.owner", language, owners=entry.owners))
    if entry.due is not None:
        parts.append(t("kallelse.follow_up.due", language, due=short_day(entry.due, language)))
    if entry.overdue:
        parts.append(t("kallelse.follow_up.overdue", language))
    elif entry.in_progress:
        parts.append(t("kallelse.follow_up.in_progress", language))
    return " — ".join(parts)


def kallelse_blocks(kallelse: Kallelse, language: Language) -> list[dict[str, Any]]:
    """The join button, the agenda and the follow-up list, in that order."""
    blocks: list[dict[str, Any]] = []
    if kallelse.join_url:
        blocks.append(
            {
                "type": "ActionSet",
                "actions": [
                    {
                        "type": "Action.OpenUrl",
                        "title": t("kallelse.join", language),
                        "url": kallelse.join_url,
                    }
                ],
            }
        )
    blocks.append(subheading(t("kallelse.agenda", language)))
    blocks.append(
        paragraph("\n".join(f"{n}. {title}" for n, title in enumerate(kallelse.agenda, 1)))
    )
    if not kallelse.started:
        bot = t("app.name", language)
        blocks.append(paragraph(t("kallelse.agenda.hint", language, bot=bot), subtle=True))
    blocks.append(subheading(t("kallelse.follow_up", language)))
    shown = kallelse.follow_up[:MAX_FOLLOW_UP_SHOWN]
    if not shown:
        blocks.append(paragraph(t("kallelse.follow_up.none", language)))
    else:
        lines = [f"- {_follow_up_line(entry, language)}" for entry in shown]
        rest = len(kallelse.follow_up) - len(shown)
        if rest:
            lines.append(t("kallelse.follow_up.more", language, count=rest))
        blocks.append(paragraph("\n".join(lines)))
    return blocks


def _agenda_add_form(meeting_id: int, language: Language) -> dict[str, Any]:
    form = {
        "type": "AdaptiveCard",
        "body": [
            {
                "type": "Input.Text",
                "id": "title",
                "label": t("kallelse.add.label", language),
                "isRequired": True,
                "errorMessage": t("kallelse.add.missing", language),
                "maxLength": MAX_AGENDA_TITLE,
            }
        ],
        "actions": [
            submit(
                t("kallelse.add.submit", language),
                {"action": "agenda_add", "meeting_id": meeting_id},
            )
        ],
    }
    return {"type": "Action.ShowCard", "title": t("kallelse.add", language), "card": form}


def _agenda_remove_form(kallelse: Kallelse, meeting_id: int, language: Language) -> dict[str, Any]:
    choices = [
        {"title": shorten(f"{number}. {title}", 80), "value": str(item_id)}
        for number, (item_id, title) in enumerate(
            kallelse.members_items, start=kallelse.first_member_number
        )
    ]
    form = {
        "type": "AdaptiveCard",
        "body": [
            {
                "type": "Input.ChoiceSet",
                "id": "item",
                "label": t("kallelse.remove.label", language),
                "choices": choices,
                "isRequired": True,
                "errorMessage": t("kallelse.remove.missing", language),
            }
        ],
        "actions": [
            submit(
                t("kallelse.remove.submit", language),
                {"action": "agenda_remove", "meeting_id": meeting_id},
            )
        ],
    }
    return {"type": "Action.ShowCard", "title": t("kallelse.remove", language), "card": form}


def kallelse_actions(
    kallelse: Kallelse, meeting_id: int, language: Language
) -> list[dict[str, Any]]:
    """The agenda forms before the meeting; the minutes draft and attendance after its
    start (the RSVP buttons come from the RSVP card and go first)."""
    if kallelse.started:
        return [
            submit(
                t("kallelse.minutes_draft", language),
                {"action": "minutes_draft", "meeting_id": meeting_id},
            ),
            submit(
                t("kallelse.attendance", language),
                {"action": "attendance_show", "meeting_id": meeting_id},
            ),
        ]
    actions = [_agenda_add_form(meeting_id, language)]
    if kallelse.members_items:
        actions.append(_agenda_remove_form(kallelse, meeting_id, language))
    return actions
