"""The warning posted after a poll or meeting on a day off, with a button per day that
moves it to the nearest working day. Pure functions: view data in, card out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import Field

from cards.actions import CardActionModel
from cards.common import Card, card, heading, paragraph, submit
from cards.i18n import Language, t
from cards.swedish_format import short_day

_ID = Field(ge=1, le=2_000_000_000)


class PollMoveDateAction(CardActionModel):
    """ "Byt 7/3 till måndag 8/3": which poll and date, and the day to move it to."""

    action: Literal["poll_move_date"]
    poll: int = _ID
    option: int = _ID
    # The day the card showed: a replay after the move, or a forged pair, moves nothing.
    from_day: date
    to: date


class MeetingMoveAction(CardActionModel):
    """ "Flytta mötet till måndag 8/3"."""

    action: Literal["meeting_move"]
    meeting: int = _ID
    from_day: date
    to: date


@dataclass(frozen=True)
class DayOffLine:
    day: date
    holiday: str | None
    alternative: date | None
    option_id: int | None = None  # the poll's date, for a poll


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def day_off_sentence(line: DayOffLine, language: Language) -> str:
    day = short_day(line.day, language)
    day = day[:1].upper() + day[1:]
    if line.holiday:
        holiday = _lower_first(line.holiday) if language == "sv" else line.holiday
        sentence = t("days_off.holiday", language, day=day, holiday=holiday)
    else:
        sentence = t("days_off.weekend", language, day=day)
    if line.alternative is not None:
        nearest = t("days_off.nearest", language, day=short_day(line.alternative, language))
        sentence = f"{sentence} {nearest}"
    return sentence


def _short(day: date) -> str:
    return f"{day.day}/{day.month}"


def poll_days_off_card(poll_id: int, lines: list[DayOffLine], language: Language) -> Card:
    actions: list[dict[str, Any]] = []
    for line in lines:
        if line.alternative is None or line.option_id is None:
            continue
        payload = PollMoveDateAction(
            action="poll_move_date",
            poll=poll_id,
            option=line.option_id,
            from_day=line.day,
            to=line.alternative,
        )
        title = t(
            "days_off.poll_button",
            language,
            day=_short(line.day),
            to=short_day(line.alternative, language),
        )
        actions.append(submit(title, payload.model_dump(mode="json")))
    body = [
        heading(t("days_off.title", language)),
        *(paragraph(day_off_sentence(line, language)) for line in lines),
    ]
    if actions:
        body.append(paragraph(t("days_off.poll_hint", language), subtle=True))
    return card(body, actions)


def meeting_day_off_card(meeting_id: int, line: DayOffLine, language: Language) -> Card:
    actions: list[dict[str, Any]] = []
    body = [heading(t("days_off.title", language)), paragraph(day_off_sentence(line, language))]
    if line.alternative is not None:
        payload = MeetingMoveAction(
            action="meeting_move", meeting=meeting_id, from_day=line.day, to=line.alternative
        )
        title = t("days_off.meeting_button", language, to=short_day(line.alternative, language))
        actions.append(submit(title, payload.model_dump(mode="json")))
        body.append(paragraph(t("days_off.meeting_hint", language), subtle=True))
    return card(body, actions)
