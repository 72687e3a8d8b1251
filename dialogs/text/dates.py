"""Swedish dates and times in free text: the one parser the bot uses.

Two entry points share one tokenizer:

* `parse_dates` is strict. Its input is a date expression a user typed ("7/3, 21/4 och
  16/5 kl 9-12"), so anything left over that looks like a date (a digit, a weekday or
  month name, a lone "kl") is an error instead of being skipped.
* `find_dates` is lenient. It scans prose (minutes, decision text) and ignores numbers
  that only look like dates; `find_deadline` builds on it.

Why a hand-written regex tokenizer rather than `dateparser` or `dateutil`: both libraries
are built to *always* produce a date. They fill in missing parts, shift impossible dates,
guess between day/month orders and cannot tell us that "tisdag 7/2" contradicts itself,
or which part of the text they did not understand. Our users propose meeting dates and
deadlines; a silently shifted date is worse than an error message. The Swedish forms
people actually write are few and regular, so a small table of patterns we test
ourselves is both more predictable and easier to review than a large dependency.

Choices a maintainer should know (all covered by tests):

* A date without a year is the next occurrence on or after `today`, looking at this year
  and next year only. "29/2" when neither has a 29 February is an error asking for the
  year, rather than a jump several years ahead.
* Two-digit years mean 20YY ("7/3-27", compact "260410").
* "15.12" is a clock time, never a date; dotted dates are not supported.
* A time (or time range) applies to every date of the list directly before it:
  "7/3, 21/4 och 16/5 kl 9-12". In prose the list must be joined only by commas, "och",
  "samt", "eller" and the like, otherwise the time stays with nothing.
* In prose, these are not dates: "Dnr 2021/123" and "läsåret 21/22" (too many digits or
  no such month), numbers after a label such as "dnr", "tel" or "nr", personal identity
  numbers ("850315-1234"), amounts ("210615 kr"), percentages ("20/10 %"), fractions
  written as "1/2-dag", "3/4 tjänst" or "1/2 dag", and clock times without a date.
  Day/month pairs out of range ("50/50") are ignored in prose, unless a weekday or a cue
  word ("den", "senast") shows a date was meant; then they are errors.
* Known look-alikes that *are* read as dates: "24/7" and "3/4 av deltagarna".
* Bare hour ranges without "kl" ("7/3 9-12") are accepted only by the strict parser,
  directly after a date, because in prose "15/3 2-3 personer" is common.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from cards.swedish_format import MONTH_NAMES, WEEKDAY_NAMES, month_name, weekday_name

__all__ = ["DateParseError", "DateSpan", "find_dates", "find_deadline", "parse_dates"]


# --- Public types -------------------------------------------------------------------------


@dataclass(frozen=True)
class DateSpan:
    """One date as written, with a time or time range when one was given.

    `start` is a naive datetime in Europe/Stockholm wall time when a time was given, else a
    date. `end` is the end of a time range (a datetime on the same day) or None.
    """

    start: date | datetime
    end: date | datetime | None = None

    @property
    def day(self) -> date:
        if isinstance(self.start, datetime):
            return self.start.date()
        return self.start

    def to_json(self) -> dict[str, str | None]:
        return {
            "start": _iso_text(self.start),
            "end": None if self.end is None else _iso_text(self.end),
        }

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> DateSpan:
        """The inverse of `to_json`; raises ValueError for anything `to_json` cannot produce."""
        start_text, end_text = data.get("start"), data.get("end")
        if start_text is None:
            raise ValueError("a DateSpan needs a start")
        return cls(
            _from_iso_text(start_text), None if end_text is None else _from_iso_text(end_text)
        )


class DateParseError(ValueError):
    """A date or time the user wrote cannot be right. Both messages are fit to show users."""

    def __init__(self, message_sv: str, message_en: str, *, fragment: str | None = None) -> None:
        super().__init__(message_sv)
        self.message_sv = message_sv
        self.message_en = message_en
        # The part of the input the message is about, for callers that want to highlight it.
        self.fragment = fragment

    def message(self, language: str) -> str:
        """The message in the activity's language ("en", "en-GB", ... else Swedish)."""
        return self.message_en if language.lower().startswith("en") else self.message_sv


# --- Public functions ---------------------------------------------------------------------


def parse_dates(text: str, *, today: date) -> list[DateSpan]:
    """Strict: `text` is a date expression (what a user types after 'föreslå datum').

    Returns spans in the order written; raises DateParseError if nothing is found, a date
    is impossible, a weekday contradicts, or there is leftover text that looks like a
    broken date (e.g. '7/' or 'kl').
    """
    found = _scan(text, today=today, strict=True)
    if not found:
        raise DateParseError(
            "Jag hittade inget datum. Skriv till exempel 7/3, 21/4 och 16/5 kl 9–12.",
            "I found no date. Write for example 7/3, 21/4 och 16/5 kl 9–12.",
        )
    return [mention.span for mention in found]


def find_dates(text: str, *, today: date) -> list[DateSpan]:
    """Lenient: every date mentioned in prose, in order.

    Impossible dates and weekday contradictions still raise DateParseError; look-alikes
    (case numbers, phone and personal identity numbers, fractions) are skipped, see the
    module docstring.
    """
    return [mention.span for mention in _scan(text, today=today, strict=False)]


def find_deadline(text: str, *, today: date) -> date | None:
    """The due date in a decision sentence: the first date after 'senast', 'till', 'innan',
    'före', 't.o.m.', 'by', 'before' or 'until'; None if there is none."""
    for mention in _scan(text, today=today, strict=False):
        before = text[max(0, mention.begin - _CUE_LOOKBACK) : mention.begin]
        if _DEADLINE_CUE.search(before):
            return mention.span.day
    return None


def past_dates(text: str, *, today: date) -> list[DateSpan]:
    """Like parse_dates, for a day that has been (a meeting whose minutes or decisions are
    asked for): a date without a year is its latest occurrence up to and including
    `today`, so "30/11" on 1 December is yesterday, not next year."""
    return parse_dates(text, today=today - timedelta(days=_DAYS_BACK))


# Reading from this many days back puts a date without a year in (today - 1 year, today].
_DAYS_BACK = 364


# --- Vocabulary ---------------------------------------------------------------------------

# Weekdays are told apart by their first three letters ("tor", "tors", "torsdagen" ...).
_WEEKDAY_BY_STEM = {name[:3]: index for index, name in enumerate(WEEKDAY_NAMES["sv"])}

_MONTH_BY_WORD: dict[str, int] = {
    **{name: number for number, name in enumerate(MONTH_NAMES["sv"], start=1)},
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES["en"], start=1)},
    # Short forms people write in minutes; "sept" and "oct" are common enough to accept.
    **{name[:3]: number for number, name in enumerate(MONTH_NAMES["sv"], start=1)},
    "sept": 9,
    "oct": 10,
}
_RELATIVE_DAYS = {"idag": 0, "imorgon": 1, "iövermorgon": 2}
# A month has at most this many days in any year; beyond it the date never exists.
_MAX_DAYS_IN_MONTH = {month: calendar.monthrange(2000, month)[1] for month in range(1, 13)}


# --- Patterns -----------------------------------------------------------------------------
# [0-9] rather than \d: \d also matches other scripts' digits, which nobody means as dates.


def _alternation(words: list[str]) -> str:
    # Longest first, so "mars" is tried before "mar" and "sept" before "sep".
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_NOT_INSIDE_NUMBER = r"(?<![0-9/])(?<![0-9]\.)"
_YEAR_4 = r"(?:19|20)[0-9]{2}"

_WEEKDAY_PREFIX = (
    r"(?:(?<!\w)(?P<weekday>(?:mån|tis|ons|tors?|fre|lör|sön)(?:dag(?:en)?)?)\.?,?\s+"
    r"(?:den\s+)?)?"
)
_ISO_DATE = (
    r"(?<![0-9/-])(?P<iso_year>" + _YEAR_4 + r")-(?P<iso_month>[0-9]{1,2})"
    r"-(?P<iso_day>[0-9]{1,2})(?![0-9])"
)
# YYMMDD / YYYYMMDD as in minutes headers. Not after a dash or plus (phone numbers such as
# 070-123456), not followed by four more digits (personal identity numbers) or a currency.
_COMPACT_DATE = (
    r"(?<![0-9/+.-])(?P<compact>(?:19|20)[0-9]{6}|[0-9]{6})"
    r"(?![0-9]|[-+][0-9]{4}(?![0-9])|\s*(?:kr\b|kronor|sek\b|tkr|mkr|:-|%))"
)
# Fractions and percentages that share the D/M shape: "1/2-dag", "3/4 tjänst", "20/10 %".
_NOT_A_FRACTION = (
    r"(?!\s*(?:%|procent\b)"
    r"|-(?:dag|tjänst|tid|del|timm|år|lön)"
    r"|\s+(?:tjänst|tjänster|dag|dagar)\b)"
)
_DAY_SLASH_MONTH = (
    _NOT_INSIDE_NUMBER + r"(?P<dm_day>[0-9]{1,2})/(?P<dm_month>[0-9]{1,2})"
    r"(?:[/-](?P<dm_year>" + _YEAR_4 + r"|[0-9]{2})(?![0-9/])"
    r"|\s+(?P<dm_spaced_year>20[0-9]{2})(?![0-9/]|[:.][0-9]))?"
    r"(?![0-9/])" + _NOT_A_FRACTION
)
_DAY_MONTH_NAME = (
    _NOT_INSIDE_NUMBER + r"(?P<dn_day>[0-9]{1,2})(?::[ae]|\.)?\s*"
    r"(?P<dn_month>" + _alternation(list(_MONTH_BY_WORD)) + r")(?!\w)\.?"
    r"(?:\s+(?P<dn_year>" + _YEAR_4 + r")(?![0-9]|[:.][0-9]))?"
)
_DATE = (
    _WEEKDAY_PREFIX
    + "(?:"
    + "|".join((_ISO_DATE, _COMPACT_DATE, _DAY_SLASH_MONTH, _DAY_MONTH_NAME))
    + ")"
)
_RELATIVE = r"(?<!\w)(?P<relative>i\s*dag|i\s*morgon|i\s*övermorgon)(?!\w)"

_CLOCK = r"(?:[0-9]{4}|[0-9]{1,2}(?:[:.][0-9]{2})?)(?![0-9])"
_RANGE_SEPARATOR = r"\s*(?:[-–—−]|till(?!\w))\s*"
_KL_TIME = (
    r"(?<!\w)(?:kl\.?|klockan)\s*(?P<kl_start>" + _CLOCK + r")"
    r"(?:" + _RANGE_SEPARATOR + r"(?:kl\.?\s*|klockan\s*)?(?P<kl_end>" + _CLOCK + r")(?!/))?"
)
# "09:30", "9.00-11.30": minutes make a bare number a clock time.
_BARE_TIME = (
    r"(?<![0-9/.:,])(?P<bare_start>[0-9]{1,2}[:.][0-9]{2})(?![0-9]|[.:][0-9])"
    r"(?:" + _RANGE_SEPARATOR + r"(?P<bare_end>" + _CLOCK + r")(?![/.:]?[0-9]|/))?"
)
# "9-12" after a date: strict mode only (see the module docstring).
_BARE_HOURS = (
    r"(?<![0-9/.:,])(?P<hours_start>[0-9]{1,2})\s*[-–—−]\s*"
    r"(?P<hours_end>" + _CLOCK + r")(?![/.:]?[0-9]|/)"
)

_LENIENT_PATTERN = re.compile("|".join((_DATE, _RELATIVE, _KL_TIME, _BARE_TIME)), re.IGNORECASE)
_STRICT_PATTERN = re.compile(
    "|".join((_DATE, _RELATIVE, _KL_TIME, _BARE_TIME, _BARE_HOURS)), re.IGNORECASE
)

# In prose, what may stand between the dates of one list, and between a date and its time.
_LIST_GAP = re.compile(
    r"(?:[\s,;&+/]|och|samt|eller|respektive|resp\.|alternativt|den)*", re.IGNORECASE
)
_TIME_GAP = re.compile(r"T|[\s,]*(?:från\s*)?", re.IGNORECASE)

_CUE_LOOKBACK = 40
# Numbers after these labels are identifiers, not dates ("Dnr 12/3", "tel 260410").
_NUMBER_LABEL = re.compile(
    r"(?<!\w)(?:dnr|diarienr|diarienummer|nr|nummer|tel|telefon|tfn|mobil|pnr|personnummer"
    r"|orgnr|org\.?\s?nr|ärendenr|ref|referens)\.?\s*:?\s*$",
    re.IGNORECASE,
)
# An out-of-range day/month after these words was meant as a date, so it is an error.
_DATE_CUE = re.compile(r"(?<!\w)(?:den|senast|datum:?)\s*$", re.IGNORECASE)
_DEADLINE_CUE = re.compile(
    r"(?<!\w)(?:senast|till(?:\s+och\s+med)?|t\.?\s?o\.?\s?m\.?|innan|före|by|before|until)"
    r"\s*(?:(?:den|på|on|the)\s+)?$",
    re.IGNORECASE,
)
# Leftovers that make a strict date expression look broken.
_DATE_LIKE_WORD = re.compile(
    r"(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en|ar|s)?|kl\.?|klockan|"
    + _alternation(list(MONTH_NAMES["sv"])),
    re.IGNORECASE,
)
_FRAGMENT_LIMIT = 40


# --- Scanning -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mention:
    begin: int
    span: DateSpan


def _scan(text: str, *, today: date, strict: bool) -> list[_Mention]:
    pattern = _STRICT_PATTERN if strict else _LENIENT_PATTERN
    mentions: list[_Mention] = []
    untimed: list[int] = []  # indexes of the dates a following time applies to
    cursor = 0
    for match in pattern.finditer(text):
        gap = text[cursor : match.start()]
        if strict:
            _reject_broken(gap)
        if match.group("kl_start") or match.group("bare_start") or _group(match, "hours_start"):
            attachable = bool(untimed) and (strict or _TIME_GAP.fullmatch(gap) is not None)
            if _group(match, "hours_start") and not (attachable and gap.strip(" ,") == ""):
                raise _broken_error(match.group(0))
            if attachable:
                _apply_time(mentions, untimed, match)
            elif strict:
                _clock_times(match)  # an impossible time is the clearer message
                raise _time_without_date_error(match.group(0).strip())
            untimed = []
        else:
            day = _date_of(match, text, today=today, strict=strict)
            if day is None:
                continue  # a look-alike: leave it in the gap so it also breaks a list
            joins_list = strict or _LIST_GAP.fullmatch(gap) is not None
            if not joins_list:
                untimed = []
            untimed.append(len(mentions))
            mentions.append(_Mention(match.start(), DateSpan(day)))
        cursor = match.end()
    if strict:
        _reject_broken(text[cursor:])
    return mentions


def _group(match: re.Match[str], name: str) -> str | None:
    # The lenient pattern has no "hours" groups; asking for them must not raise.
    return match.groupdict().get(name)


def _apply_time(mentions: list[_Mention], untimed: list[int], match: re.Match[str]) -> None:
    starts_at, ends_at = _clock_times(match)
    for index in untimed:
        day = mentions[index].span.day
        end = None if ends_at is None else datetime.combine(day, ends_at)
        start = datetime.combine(day, starts_at)
        mentions[index] = _Mention(mentions[index].begin, DateSpan(start, end))


def _clock_times(match: re.Match[str]) -> tuple[time, time | None]:
    raw = match.group(0).strip()
    start_text = (
        match.group("kl_start") or match.group("bare_start") or _group(match, "hours_start")
    )
    end_text = match.group("kl_end") or match.group("bare_end") or _group(match, "hours_end")
    if start_text is None:
        raise AssertionError("only clock matches are applied as times")
    starts_at = _clock_time(start_text, raw)
    ends_at = None if end_text is None else _clock_time(end_text, raw)
    if ends_at is not None and ends_at <= starts_at:
        raise DateParseError(
            f"Tiden ”{raw}” slutar innan den börjar.",
            f"The time “{raw}” ends before it starts.",
            fragment=raw,
        )
    return starts_at, ends_at


def _clock_time(clock: str, raw: str) -> time:
    if clock.isdigit() and len(clock) == 4:
        hour, minute = int(clock[:2]), int(clock[2:])
    else:
        hour_text, _, minute_text = clock.replace(".", ":").partition(":")
        hour, minute = int(hour_text), int(minute_text or "0")
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise DateParseError(
            f"Klockslaget ”{raw}” finns inte (timmar 0–23, minuter 0–59).",
            f"The time “{raw}” does not exist (hours 0–23, minutes 0–59).",
            fragment=raw,
        )
    return time(hour, minute)


# --- Dates --------------------------------------------------------------------------------


def _date_of(match: re.Match[str], text: str, *, today: date, strict: bool) -> date | None:
    """The date a match names, None for a look-alike (lenient mode only), or an error."""
    raw = match.group(0).strip()
    if match.group("relative"):
        relative_word = _vocabulary_key(re.sub(r"\s+", "", match["relative"]), _RELATIVE_DAYS)
        return today + timedelta(days=_RELATIVE_DAYS[relative_word])
    weekday = match.group("weekday")
    if not strict and weekday is None and _NUMBER_LABEL.search(_text_before(text, match)):
        return None
    if match.group("iso_year"):
        day = _exact_date(
            raw, int(match["iso_year"]), int(match["iso_month"]), int(match["iso_day"])
        )
    elif match.group("compact"):
        compact_day = _compact_date(match["compact"], raw, strict=strict)
        if compact_day is None:
            return None
        day = compact_day
    elif match.group("dm_day"):
        day_number, month = int(match["dm_day"]), int(match["dm_month"])
        meant_as_date = strict or weekday is not None or _DATE_CUE.search(_text_before(text, match))
        if not meant_as_date and not (1 <= day_number <= 31 and 1 <= month <= 12):
            return None
        day = _calendar_date(raw, day_number, month, _slash_year(match), today)
    else:
        month = _MONTH_BY_WORD[_vocabulary_key(match["dn_month"], _MONTH_BY_WORD)]
        year = int(match["dn_year"]) if match.group("dn_year") else None
        day = _calendar_date(raw, int(match["dn_day"]), month, year, today)
    if weekday is not None:
        _check_weekday(raw, weekday, day)
    return day


def _text_before(text: str, match: re.Match[str]) -> str:
    return text[max(0, match.start() - _CUE_LOOKBACK) : match.start()]


def _slash_year(match: re.Match[str]) -> int | None:
    year_text = match.group("dm_year") or match.group("dm_spaced_year")
    if year_text is None:
        return None
    return 2000 + int(year_text) if len(year_text) == 2 else int(year_text)


def _compact_date(digits: str, raw: str, *, strict: bool) -> date | None:
    year = int(digits[:4]) if len(digits) == 8 else 2000 + int(digits[:2])
    month, day = int(digits[-4:-2]), int(digits[-2:])
    if strict:
        return _exact_date(raw, year, month, day)
    # In prose a six-digit number that is no valid date is just a number.
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _vocabulary_key(word: str, vocabulary: Iterable[str]) -> str:
    """The vocabulary entry the regex matched case-insensitively.

    Not `word.lower()`: the regex also folds characters such as "ſ" or "K" (Kelvin) that
    `lower()` leaves alone, and a lookup must never fail on what the pattern accepted.
    """
    for key in vocabulary:
        if re.fullmatch(re.escape(key), word, re.IGNORECASE):
            return key
    raise AssertionError(f"the pattern matched a word outside its vocabulary: {word!r}")


def _calendar_date(raw: str, day: int, month: int, year: int | None, today: date) -> date:
    _check_day_and_month(raw, day, month)
    if year is not None:
        return _exact_date(raw, year, month, day)
    for candidate_year in (today.year, today.year + 1):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue  # 29 February outside a leap year
        if candidate >= today:
            return candidate
    # Only 29 February gets here: no leap day within a year from today.
    leap_year = next(y for y in range(today.year + 1, today.year + 9) if calendar.isleap(y))
    raise DateParseError(
        f"”{raw}” finns inte det närmaste året: 29 februari finns bara under skottår. "
        f"Skriv året, till exempel 29/2 {leap_year}.",
        f"“{raw}” does not occur within the next year: 29 February exists only in leap "
        f"years. Write the year, for example 29/2 {leap_year}.",
        fragment=raw,
    )


def _check_day_and_month(raw: str, day: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise DateParseError(
            f"”{raw}” är inget datum: det finns ingen månad {month}.",
            f"“{raw}” is not a date: there is no month {month}.",
            fragment=raw,
        )
    if not 1 <= day <= 31:
        raise DateParseError(
            f"”{raw}” är inget datum: dag {day} finns inte i någon månad.",
            f"“{raw}” is not a date: no month has a day {day}.",
            fragment=raw,
        )
    longest = _MAX_DAYS_IN_MONTH[month]
    if day > longest:
        raise DateParseError(
            f"”{raw}” är inget datum: {month_name(month)} har högst {longest} dagar.",
            f"“{raw}” is not a date: {month_name(month, 'en')} has at most {longest} days.",
            fragment=raw,
        )


def _exact_date(raw: str, year: int, month: int, day: int) -> date:
    _check_day_and_month(raw, day, month)
    try:
        return date(year, month, day)
    except ValueError:
        # The checks above leave only 29 February in a common year.
        raise DateParseError(
            f"”{raw}” är inget datum: {year} är inget skottår, så februari har 28 dagar.",
            f"“{raw}” is not a date: {year} is not a leap year, so February has 28 days.",
            fragment=raw,
        ) from None


def _check_weekday(raw: str, weekday: str, day: date) -> None:
    if _WEEKDAY_BY_STEM[_vocabulary_key(weekday[:3], _WEEKDAY_BY_STEM)] == day.weekday():
        return
    raise DateParseError(
        f"”{raw}” stämmer inte: {day.day} {month_name(day.month)} {day.year} är en "
        f"{weekday_name(day)}.",
        f"“{raw}” does not match: {day.day} {month_name(day.month, 'en')} {day.year} is a "
        f"{weekday_name(day, 'en')}.",
        fragment=raw,
    )


# --- Strict leftovers and messages --------------------------------------------------------


def _reject_broken(leftover: str) -> None:
    for word in leftover.split():
        bare_word = word.strip(".,;:!?()[]\"'”“")
        if any(char in "0123456789" for char in word) or _DATE_LIKE_WORD.fullmatch(bare_word):
            raise _broken_error(word)


def _broken_error(fragment: str) -> DateParseError:
    shown = fragment.strip()[:_FRAGMENT_LIMIT]
    return DateParseError(
        f"Jag förstår inte ”{shown}” som datum. "
        "Skriv till exempel 7/3, 7 mars eller 2026-03-07, gärna med kl 9–12.",
        f"I do not understand “{shown}” as a date. "
        "Write for example 7/3, 7 mars or 2026-03-07, optionally with kl 9–12.",
        fragment=shown,
    )


def _time_without_date_error(raw: str) -> DateParseError:
    return DateParseError(
        f"Klockslaget ”{raw}” behöver ett datum före sig, till exempel 7/3 {raw}.",
        f"The time “{raw}” needs a date before it, for example 7/3 {raw}.",
        fragment=raw,
    )


def _iso_text(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def _from_iso_text(text: str) -> date | datetime:
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return date.fromisoformat(text)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}", text):
        return datetime.fromisoformat(text)
    raise ValueError(f"not a DateSpan value: {text!r}")
