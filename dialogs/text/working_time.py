"""Swedish working days and office hours, for rules that nudge people.

A nudge belongs on a working day (Monday–Friday, not a Swedish public holiday) inside
office hours in Europe/Stockholm, 08–17 unless a group chose other hours. Holidays come
from the maintained `holidays` package, so Midsommarafton or a moved Alla helgons dag
need no table of ours. Everything takes and returns UTC datetimes (what is stored) and
local dates (what people mean by "the 30th").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays

from cards.swedish_format import STOCKHOLM

OFFICE_START = time(8, 0)
OFFICE_END = time(17, 0)
# A guard against a malformed calendar: Swedish working days are never this far apart.
_MAX_SEARCH_DAYS = 30


@lru_cache(maxsize=32)
def _holidays(year: int) -> frozenset[date]:
    # Public holidays plus the de facto days off (Midsommar-, Jul- and Nyårsafton), when
    # Swedish offices are closed although the law does not list them as holidays.
    calendar = holidays.country_holidays("SE", years=year, categories=("public", "de_facto"))
    return frozenset(calendar.keys())


def is_working_day(d: date) -> bool:
    """Monday–Friday and neither a Swedish public holiday nor Midsommar-, Jul- or
    Nyårsafton."""
    return d.weekday() < 5 and d not in _holidays(d.year)


@lru_cache(maxsize=32)
def _holiday_names(year: int, language: str) -> dict[date, str]:
    calendar = holidays.country_holidays(
        "SE", years=year, categories=("public", "de_facto"), language=language
    )
    return dict(calendar.items())


def holiday_name(d: date, language: str = "sv") -> str | None:
    """'Pingstdagen', 'Julafton' … for a Swedish public holiday or de facto day off, else
    None. Weekends are not named here: the weekday says it."""
    if d not in _holidays(d.year):
        return None
    return _holiday_names(d.year, "en_US" if language == "en" else "sv").get(d)


def previous_working_day(d: date) -> date:
    """The last working day strictly before `d`."""
    current = d
    for _ in range(_MAX_SEARCH_DAYS):
        current -= timedelta(days=1)
        if is_working_day(current):
            return current
    raise ValueError(f"no working day within {_MAX_SEARCH_DAYS} days before {d}")


def nearest_working_days(d: date) -> list[date]:
    """Working days around a day off, nearest first (the earlier one on a tie): Sunday
    7/3 gives [Monday 8/3, Friday 5/3]; a working day gives [d]."""
    if is_working_day(d):
        return [d]
    before, after = previous_working_day(d), next_working_day(d)
    return sorted((before, after), key=lambda day: (abs((day - d).days), day))


def next_working_day(d: date) -> date:
    """The first working day strictly after `d`."""
    current = d
    for _ in range(_MAX_SEARCH_DAYS):
        current += timedelta(days=1)
        if is_working_day(current):
            return current
    raise ValueError(f"no working day within {_MAX_SEARCH_DAYS} days after {d}")


def working_days_before(d: date, n: int) -> date:
    """The date `n` working days before `d` (n=0 gives `d` itself)."""
    if n < 0:
        raise ValueError("n must not be negative")
    current = d
    remaining = n
    for _ in range(n * 7 + _MAX_SEARCH_DAYS):
        if remaining == 0:
            return current
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    raise ValueError(f"could not count {n} working days before {d}")


def local_date(at_utc: datetime) -> date:
    return at_utc.astimezone(STOCKHOLM).date()


def is_office_time(at_utc: datetime, *, start: time = OFFICE_START, end: time = OFFICE_END) -> bool:
    local = at_utc.astimezone(STOCKHOLM)
    return is_working_day(local.date()) and start <= local.time().replace(tzinfo=None) < end


def next_office_time(
    at_utc: datetime, *, start: time = OFFICE_START, end: time = OFFICE_END
) -> datetime:
    """`at_utc` itself if it is inside office hours on a working day, otherwise the
    start of office hours of the next working day (today, if it is before `start` on a
    working day). UTC in, UTC out."""
    if at_utc.tzinfo is None:
        raise ValueError("at_utc must be timezone-aware")
    if not start < end:
        raise ValueError("office hours must start before they end")
    if is_office_time(at_utc, start=start, end=end):
        return at_utc
    local = at_utc.astimezone(STOCKHOLM)
    day = local.date()
    if not (is_working_day(day) and local.time().replace(tzinfo=None) < start):
        day = next_working_day(day)
    # combine() with a ZoneInfo applies the offset valid on that day (summer/winter time).
    return datetime.combine(day, start, tzinfo=STOCKHOLM).astimezone(UTC)


def office_start_utc(d: date, *, start: time = OFFICE_START) -> datetime:
    """The start of office hours on local date `d`, in UTC."""
    return datetime.combine(d, start, tzinfo=STOCKHOLM).astimezone(UTC)
