"""Which meeting a command means: the one on a typed day, the next one ahead, or for the
attendance list the latest that has started."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from cards.swedish_format import local
from dialogs.text.dates import DateParseError, DateSpan, parse_dates, past_dates
from dialogs.turn import TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.directory.models import Group
from storage.meetings import operations as meetings
from storage.meetings.models import Meeting


def one_day(argument: str, turn: TurnInput) -> date:
    return _one_day(argument, turn, parse_dates)


def _one_day(argument: str, turn: TurnInput, parse: Callable[..., list[DateSpan]]) -> date:
    try:
        spans = parse(argument, today=local(turn.now).date())
    except DateParseError as error:
        message = error.message_en if turn.language == "en" else error.message_sv
        raise UserFacingError("polls.bad_dates", message=message) from error
    if len(spans) != 1:
        raise UserFacingError("meetings.one_date")
    return spans[0].day


async def meeting_on_day(
    session: AsyncSession, group: Group, turn: TurnInput, argument: str, *, held_first: bool = False
) -> Meeting:
    """The meeting on a typed day. A day without a year has two readings, the coming one
        ("30/11" on 1 December is next year, as when a meeting is called) and the one that
        has been (yesterday, as when its attendance or minutes are asked for): the meeting on
        either is meant; where both have one, the coming one (`held_first`: the one that has been,
    for what is asked after a meeting)."""
    ahead = one_day(argument, turn)
    held = _one_day(argument, turn, past_dates)
    every = await meetings.meetings_of_group(session, group.id)
    for day in dict.fromkeys((held, ahead) if held_first else (ahead, held)):
        matches = [m for m in every if local(m.starts_at).date() == day]
        if matches:
            return matches[0]
    raise UserFacingError("meetings.no_meeting_on", date=f"{ahead.day}/{ahead.month}")


async def meeting_on_day_or(
    session: AsyncSession,
    group: Group,
    turn: TurnInput,
    day_text: str,
    default: Meeting | None,
    refusal: str,
    *,
    held_first: bool = False,
) -> Meeting:
    """The meeting on the typed day; without one typed, `default` (else `refusal`)."""
    if day_text:
        return await meeting_on_day(session, group, turn, day_text, held_first=held_first)
    if default is None:
        raise UserFacingError(refusal)
    return default


async def upcoming_meeting(session: AsyncSession, group: Group, now: datetime) -> Meeting | None:
    """The group's next meeting that has not started."""
    ahead = [m for m in await meetings.meetings_of_group(session, group.id) if m.starts_at > now]
    return ahead[0] if ahead else None


async def latest_or_next(session: AsyncSession, group: Group, now: datetime) -> Meeting | None:
    """The latest meeting that has started, else the next one."""
    every = await meetings.meetings_of_group(session, group.id)
    started = [m for m in every if m.starts_at <= now]
    if started:
        return started[-1]
    return every[0] if every else None


async def meeting_in_group(
    session: AsyncSession, group: Group, meeting_id: int, *, for_update: bool = False
) -> Meeting:
    """A meeting id from a card, which must be this group's."""
    meeting = await meetings.get_meeting(session, meeting_id, for_update=for_update)
    if meeting is None or meeting.group_id != group.id:
        raise UserFacingError("meetings.not_found")
    return meeting
