"""Which meeting a command means: the one on a typed day, the next one ahead, or for the
attendance list the latest that has started."""

from __future__ import annotations

from datetime import date, datetime

from cards.swedish_format import local
from dialogs.text.dates import DateParseError, parse_dates
from dialogs.turn import TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.directory.models import Group
from storage.meetings import operations as meetings
from storage.meetings.models import Meeting


def one_day(argument: str, turn: TurnInput) -> date:
    try:
        spans = parse_dates(argument, today=local(turn.now).date())
    except DateParseError as error:
        message = error.message_en if turn.language == "en" else error.message_sv
        raise UserFacingError("polls.bad_dates", message=message) from error
    if len(spans) != 1:
        raise UserFacingError("meetings.one_date")
    return spans[0].day


async def meeting_on_day(
    session: AsyncSession, group: Group, turn: TurnInput, argument: str
) -> Meeting:
    day = one_day(argument, turn)
    every = await meetings.meetings_of_group(session, group.id)
    matches = [m for m in every if local(m.starts_at).date() == day]
    if not matches:
        raise UserFacingError("meetings.no_meeting_on", date=f"{day.day}/{day.month}")
    return matches[0]


async def meeting_on_day_or(
    session: AsyncSession,
    group: Group,
    turn: TurnInput,
    day_text: str,
    default: Meeting | None,
    refusal: str,
) -> Meeting:
    """The meeting on the typed day; without one typed, `default` (else `refusal`)."""
    if day_text:
        return await meeting_on_day(session, group, turn, day_text)
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
