"""Understand `föreslå datum …`: an optional title, the dates, an optional deadline and the
hidden-answers flag.

    föreslå datum 7/3, 21/4 och 16/5 kl 9-12
    föreslå datum Vårens möten: 7/3, 21/4 och 16/5 kl 9-12 svara senast 28/2 dolda svar
    propose dates Spring meetings: 7/3, 21/4 deadline 28/2 12:00 hidden answers

The title is what stands before the first colon that is followed by a space, when that
part is not itself dates ("kl 9:00" has no space after its colon). The deadline clause
and the flag come last, in either order. The dates themselves are read by the shared
strict parser (dialogs.text.dates), whose own message explains any mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from cards.swedish_format import local
from dialogs.input_errors import UnreadableRequest
from dialogs.meetings.request import option_from_span, to_utc
from dialogs.text.dates import DateParseError, DateSpan, parse_dates
from dialogs.text.working_time import is_working_day, previous_working_day
from storage.polls.operations import MAX_OPTIONS, OptionSpec

DEFAULT_ANSWER_TIME = timedelta(days=7)
MAX_TITLE = 200
END_OF_DAY = time(23, 59)

_HIDDEN = re.compile(r"(?:^|[\s,;]+)(?:dolda svar|dolt|hidden answers|hidden)\s*$", re.IGNORECASE)
_DEADLINE = re.compile(
    r"(?:^|[\s,;]+)(?:svara senast|sista svarsdag|svarstid|deadline)\s*:?\s+(?P<when>.+?)\s*$",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^(?P<title>[^:]*?\S)\s*:\s+(?P<rest>.+)$", re.DOTALL)


class ProposalError(UnreadableRequest):
    """A date poll proposal that cannot be read."""


@dataclass(frozen=True)
class Proposal:
    title: str | None
    options: tuple[OptionSpec, ...]
    deadline_at: datetime
    hidden: bool


def _split_clauses(argument: str) -> tuple[str, str | None, bool]:
    text, deadline_text, hidden = argument.strip(), None, False
    for _ in range(2):  # the flag and the deadline, in either order
        if match := _HIDDEN.search(text):
            hidden, text = True, text[: match.start()].strip()
        if deadline_text is None and (match := _DEADLINE.search(text)):
            deadline_text, text = match["when"], text[: match.start()].strip()
    return text.rstrip(" ,;"), deadline_text, hidden


def _parse(text: str, today: date, english: bool) -> list[DateSpan]:
    try:
        return parse_dates(text, today=today)
    except DateParseError as error:
        raise ProposalError(
            "polls.bad_dates", message=error.message_en if english else error.message_sv
        ) from error


def _split_title(text: str, today: date) -> tuple[str | None, str]:
    match = _TITLE.match(text)
    if match is None or not any(ch.isalpha() for ch in match["title"]):
        return None, text
    try:
        parse_dates(match["title"], today=today)
    except DateParseError:
        return match["title"].strip(), match["rest"].strip()
    return None, text  # the part before the colon is dates itself


def deadline_from_span(span: DateSpan) -> datetime:
    """A date alone means the end of that day."""
    if isinstance(span.start, datetime):
        return to_utc(span.start)
    return to_utc(datetime.combine(span.start, END_OF_DAY))


def default_deadline(now: datetime, first_start: datetime) -> datetime:
    """A week from now, but never after the first proposed date: then the evening before
    it, or (if that has passed too) the start of the first date itself. A deadline that
    falls on a day off (a weekend, Nyårsafton) moves to the previous working day at the
    same time, when that is still ahead: nobody answers on the 31st of December."""
    deadline = now + DEFAULT_ANSWER_TIME
    if deadline < first_start:
        return _on_working_day(deadline.replace(second=0, microsecond=0), now)
    evening_before = to_utc(
        datetime.combine(local(first_start).date() - timedelta(days=1), END_OF_DAY)
    )
    return _on_working_day(evening_before, now) if evening_before > now else first_start


def _on_working_day(deadline: datetime, now: datetime) -> datetime:
    day = local(deadline).date()
    if is_working_day(day):
        return deadline
    earlier = to_utc(datetime.combine(previous_working_day(day), local(deadline).time()))
    return earlier if earlier > now else deadline


def parse_proposal(argument: str, *, now: datetime, english: bool) -> Proposal:
    today = local(now).date()
    text, deadline_text, hidden = _split_clauses(argument)
    if not text:
        raise ProposalError("polls.usage")
    title, date_text = _split_title(text, today)
    if title and len(title) > MAX_TITLE:
        raise ProposalError("polls.title_too_long")
    spans = _parse(date_text, today, english)
    if not spans:
        raise ProposalError("polls.usage")
    if len(spans) > MAX_OPTIONS:
        raise ProposalError("polls.too_many_dates", max=MAX_OPTIONS)
    options = tuple(sorted((option_from_span(s) for s in spans), key=lambda o: o.starts_at))
    for option, span in zip(options, sorted(spans, key=lambda s: to_utc(s.start)), strict=True):
        if (option.has_time and option.starts_at <= now) or (
            not option.has_time and local(option.starts_at).date() <= today
        ):
            raise ProposalError("polls.date_in_past", date=_span_text(span))
    first = options[0].starts_at
    if deadline_text is None:
        deadline = default_deadline(now, first)
    else:
        deadline = parse_deadline(deadline_text, now=now, english=english)
        if deadline > first:
            raise ProposalError("polls.deadline_after_dates")
    return Proposal(title=title, options=options, deadline_at=deadline, hidden=hidden)


def parse_deadline(text: str, *, now: datetime, english: bool) -> datetime:
    try:
        spans = parse_dates(text, today=local(now).date())
    except DateParseError as error:
        raise ProposalError("polls.deadline_unclear") from error
    if len(spans) != 1:
        raise ProposalError("polls.deadline_unclear")
    deadline = deadline_from_span(spans[0])
    if deadline <= now:
        raise ProposalError("polls.deadline_in_past")
    return deadline


def _span_text(span: DateSpan) -> str:
    day = span.start.date() if isinstance(span.start, datetime) else span.start
    return f"{day.day}/{day.month}"
