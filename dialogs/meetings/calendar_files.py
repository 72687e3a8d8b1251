"""iCalendar (.ics) files for chosen meetings, built with the `icalendar` package.

One VEVENT per meeting, in Europe/Stockholm with its VTIMEZONE (Outlook and Google both
need it to place local times right across daylight saving), and a UID that is fixed per
meeting, so importing the file again updates the entry instead of duplicating it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cards.swedish_format import local

if TYPE_CHECKING:
    from icalendar import Event

PRODUCT_ID = "-//Samverkansboten//Möten//SV"
UID_DOMAIN = "samverkansboten"
CALENDAR_FILE_NAME = "moten.ics"
CALENDAR_CONTENT_TYPE = "text/calendar"


@dataclass(frozen=True)
class CalendarMeeting:
    uid: str
    title: str
    starts_at: datetime  # UTC
    ends_at: datetime | None  # UTC
    has_time: bool
    location: str | None
    sequence: int
    created_at: datetime  # UTC; DTSTAMP, so the file is the same each time it is built
    description: str | None = None
    join_url: str | None = None  # the Teams (or other) link, when the meeting has one


def event_uid(meeting_uid: str) -> str:
    return f"{meeting_uid}@{UID_DOMAIN}"


def _event(meeting: CalendarMeeting) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", event_uid(meeting.uid))
    event.add("dtstamp", meeting.created_at)
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.title)
    start = local(meeting.starts_at)
    if meeting.has_time:
        event.add("dtstart", start)
        end = local(meeting.ends_at) if meeting.ends_at else start + timedelta(hours=1)
        event.add("dtend", end)
    else:
        # All-day: DTEND is exclusive, the day after the last day.
        last_day = local(meeting.ends_at).date() if meeting.ends_at else start.date()
        event.add("dtstart", start.date())
        event.add("dtend", last_day + timedelta(days=1))
    if meeting.location:
        event.add("location", meeting.location)
    description = "\n\n".join(filter(None, (meeting.description, meeting.join_url)))
    if description:
        event.add("description", description)
    if meeting.join_url:
        event.add("url", meeting.join_url)
    return event


def meetings_calendar(meetings: Sequence[CalendarMeeting]) -> bytes:
    # Imported here: only a file download needs it, and it costs the bot's start-up.
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for meeting in meetings:
        calendar.add_component(_event(meeting))
    if meetings:
        # Only the transitions around these meetings, not fifty years of them.
        first = min(local(m.starts_at).date() for m in meetings) - timedelta(days=366)
        last = max(local(m.starts_at).date() for m in meetings) + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return bytes(calendar.to_ical())
