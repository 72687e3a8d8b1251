"""Understand `möte 9 oktober kl 10-12 Hotell Malmköping`: one date (with or without a
time), and the place as whatever text stands before or after it.

The date expression is read by the shared strict parser. To tell the date from the
place without guessing at addresses ("Storgatan 12" has digits), the words are tried as
prefixes: the longest prefix the parser accepts decides the date, and the shortest
prefix that gives the same date marks where the place begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from cards.swedish_format import STOCKHOLM, local
from dialogs.input_errors import UnreadableRequest
from dialogs.text.dates import DateParseError, DateSpan, parse_dates
from storage.polls.operations import OptionSpec

MAX_REQUEST = 300


def to_utc(value: date | datetime) -> datetime:
    """A parsed local date (midnight) or naive local datetime as a UTC moment."""
    if isinstance(value, datetime):
        naive = value.replace(tzinfo=None)
    else:
        naive = datetime.combine(value, time())
    return naive.replace(tzinfo=STOCKHOLM).astimezone(UTC)


def option_from_span(span: DateSpan) -> OptionSpec:
    has_time = isinstance(span.start, datetime)
    end = span.end
    ends_at = None if end is None or end == span.start else to_utc(end)
    return OptionSpec(starts_at=to_utc(span.start), ends_at=ends_at, has_time=has_time)


MAX_LOCATION = 200
_LEADING_FILLER = re.compile(r"^(?:[,;:–—-]+\s*)?(?:(?:på|i|hos|at|in)\s+)?", re.IGNORECASE)


class MeetingRequestError(UnreadableRequest):
    """A meeting request that cannot be read."""


@dataclass(frozen=True)
class MeetingRequest:
    starts_at: datetime
    ends_at: datetime | None
    has_time: bool
    location: str | None


def _try(words: list[str], today: date) -> list[DateSpan] | None:
    if not words:
        return None
    try:
        return parse_dates(" ".join(words), today=today)
    except DateParseError:
        return None


def split_date_and_place(text: str, *, today: date, english: bool) -> tuple[list[DateSpan], str]:
    words = text.split()
    results = {k: _try(words[:k], today) for k in range(1, len(words) + 1)}
    accepted = [k for k, spans in results.items() if spans]
    if not accepted:
        try:
            parse_dates(text, today=today)
        except DateParseError as error:
            message = error.message_en if english else error.message_sv
            raise MeetingRequestError("polls.bad_dates", message=message) from error
        raise MeetingRequestError("meetings.usage")
    longest = max(accepted)
    spans = results[longest] or []
    date_end = min(k for k in accepted if results[k] == spans)
    date_start = max(j for j in range(date_end) if _try(words[j:date_end], today) == spans)
    place = " ".join(words[:date_start] + words[date_end:])
    return spans, _LEADING_FILLER.sub("", place).strip(" ,;")


def parse_meeting_request(argument: str, *, now: datetime, english: bool) -> MeetingRequest:
    text = " ".join(argument.split())
    if not text or len(text) > MAX_REQUEST:
        raise MeetingRequestError("meetings.usage")
    spans, place = split_date_and_place(text, today=local(now).date(), english=english)
    if len(spans) != 1:
        raise MeetingRequestError("meetings.one_date")
    option = option_from_span(spans[0])
    over = option.starts_at <= now if option.has_time else spans[0].day < local(now).date()
    if over:
        day = spans[0].day
        raise MeetingRequestError("meetings.in_past", date=f"{day.day}/{day.month}")
    if len(place) > MAX_LOCATION:
        raise MeetingRequestError("meetings.location_too_long")
    return MeetingRequest(
        starts_at=option.starts_at,
        ends_at=option.ends_at,
        has_time=option.has_time,
        location=place or None,
    )
