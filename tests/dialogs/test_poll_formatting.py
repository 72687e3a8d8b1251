"""Swedish date display, proposal and meeting-request parsing, and the .ics file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from cards.swedish_format import long_moment, short_day, span_label
from dialogs.meetings.calendar_files import CalendarMeeting, meetings_calendar
from dialogs.meetings.request import MeetingRequestError, parse_meeting_request
from dialogs.polls.proposal import ProposalError, parse_proposal

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 10.00 in Stockholm


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "has_time", "language", "expected"),
    [
        # 8.00 UTC is 9.00 in winter (CET) and 10.00 in summer (CEST)
        (utc(2026, 12, 7, 8), utc(2026, 12, 7, 11), True, "sv", "måndag 7/12 kl 09.00–12.00"),
        (utc(2027, 5, 17, 8), utc(2027, 5, 17, 10), True, "sv", "måndag 17/5 2027 kl 10.00–12.00"),
        (utc(2026, 12, 7, 8), None, True, "sv", "måndag 7/12 kl 09.00"),
        (utc(2026, 12, 6, 23), None, False, "sv", "måndag 7/12"),
        (utc(2026, 12, 7, 8), utc(2026, 12, 7, 11), True, "en", "Monday 7 December 09:00–12:00"),
        (
            utc(2026, 12, 7, 8),
            utc(2026, 12, 8, 11),
            True,
            "sv",
            "måndag 7/12 kl 09.00 – tisdag 8/12 kl 12.00",
        ),
    ],
)
def test_span_label(
    start: datetime, end: datetime | None, has_time: bool, language: str, expected: str
) -> None:
    assert (
        span_label(start, end, has_time=has_time, language=language, today=date(2026, 11, 23))  # type: ignore[arg-type]
        == expected
    )


def test_other_years_are_written_out() -> None:
    label = span_label(utc(2027, 3, 7, 8), None, has_time=False, today=date(2026, 11, 23))
    assert label == "söndag 7/3 2027"
    assert short_day(date(2027, 2, 7)) == "söndag 7/2"


def test_long_form_uses_the_definite_weekday() -> None:
    assert long_moment(utc(2027, 8, 27, 7)) == "fredagen den 27 augusti kl 09.00"
    assert long_moment(utc(2027, 8, 27, 7), "en") == "Friday 27 August at 09:00"


@pytest.mark.parametrize(
    ("argument", "title", "count", "hidden", "deadline"),
    [
        ("7/3, 21/4 och 16/5 kl 9-12", None, 3, False, utc(2026, 11, 30, 9)),
        ("Vårens möten: 7/3, 21/4 kl 9-12", "Vårens möten", 2, False, utc(2026, 11, 30, 9)),
        ("7/3 kl 9:00-12 och 21/4", None, 2, False, utc(2026, 11, 30, 9)),
        ("7/3, 21/4 svara senast 28/2", None, 2, False, utc(2027, 2, 28, 22, 59)),
        ("Vår: 7/3 deadline: 1/3 kl 12 dolda svar", "Vår", 1, True, utc(2027, 3, 1, 11)),
        ("7/3 hidden answers deadline 1/3", None, 1, True, utc(2027, 3, 1, 22, 59)),
        # the first date is within a week: the deadline is the evening before it
        ("26/11 kl 9-12", None, 1, False, utc(2026, 11, 25, 22, 59)),
    ],
)
def test_proposal_parsing(
    argument: str, title: str | None, count: int, hidden: bool, deadline: datetime
) -> None:
    proposal = parse_proposal(argument, now=NOW, english=False)
    assert proposal.title == title
    assert len(proposal.options) == count
    assert proposal.hidden is hidden
    assert proposal.deadline_at == deadline


@pytest.mark.parametrize(
    ("argument", "key", "fragment"),
    [
        ("32/3", "polls.bad_dates", "dag 32 finns inte"),
        ("tisdag 7/3", "polls.bad_dates", "söndag"),
        ("Vårens möten", "polls.bad_dates", "inget datum"),
        ("7/3 svara senast 8/3", "polls.deadline_after_dates", None),
        ("7/3 svara senast igår", "polls.deadline_unclear", None),
        ("23/11", "polls.date_in_past", None),
    ],
)
def test_proposal_errors(argument: str, key: str, fragment: str | None) -> None:
    with pytest.raises(ProposalError) as caught:
        parse_proposal(argument, now=NOW, english=False)
    assert caught.value.key == key
    if fragment:
        assert fragment in str(caught.value.values["message"])


@pytest.mark.parametrize(
    ("argument", "location", "start"),
    [
        ("9 oktober kl 10-12 Hotell Malmköping", "Hotell Malmköping", utc(2027, 10, 9, 8)),
        ("9/10 kl 10-12 på Storgatan 12, Nyköping", "Storgatan 12, Nyköping", utc(2027, 10, 9, 8)),
        ("Hotell Malmköping 9 oktober kl 10", "Hotell Malmköping", utc(2027, 10, 9, 8)),
        ("3/12", None, utc(2026, 12, 2, 23)),
    ],
)
def test_meeting_request(argument: str, location: str | None, start: datetime) -> None:
    request = parse_meeting_request(argument, now=NOW, english=False)
    assert request.location == location
    assert request.starts_at == start


@pytest.mark.parametrize(
    ("argument", "key"),
    [
        ("9/10 och 10/10", "meetings.one_date"),
        ("1/11/2026 kl 10", "meetings.in_past"),
        ("Rum 3", "polls.bad_dates"),
    ],
)
def test_meeting_request_errors(argument: str, key: str) -> None:
    with pytest.raises(MeetingRequestError) as caught:
        parse_meeting_request(argument, now=NOW, english=False)
    assert caught.value.key == key


def test_ics_has_one_event_per_meeting_in_stockholm_time_with_stable_uids() -> None:
    meetings = [
        CalendarMeeting(
            uid="m-1",
            title="Vårens möte",
            starts_at=utc(2027, 3, 7, 8),
            ends_at=utc(2027, 3, 7, 11),
            has_time=True,
            location="Hotell Malmköping",
            sequence=0,
            created_at=NOW,
        ),
        CalendarMeeting(
            uid="m-2",
            title="Vårens möte",
            starts_at=utc(2027, 5, 16, 7),
            ends_at=None,
            has_time=False,
            location=None,
            sequence=1,
            created_at=NOW,
        ),
    ]
    data = meetings_calendar(meetings)
    assert data == meetings_calendar(meetings)  # same input, same file
    calendar = Calendar.from_ical(data)
    [timezone] = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Stockholm"
    first, second = calendar.walk("VEVENT")
    assert str(first["UID"]) == "m-1@samverkansboten"
    start = first.decoded("DTSTART")
    assert (start.hour, str(start.tzinfo)) == (9, "Europe/Stockholm")
    assert first.decoded("DTEND").hour == 12
    assert str(first["LOCATION"]) == "Hotell Malmköping"
    assert second.decoded("DTSTART") == date(2027, 5, 16)
    assert second.decoded("DTEND") == date(2027, 5, 17)
    assert second.decoded("SEQUENCE") == 1
