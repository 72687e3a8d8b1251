"""Deadlines of questionnaires: parsed from Swedish text, kept as the last moment of the
day in Europe/Stockholm, stored in UTC; plus the working-day rules for reminders.

`dialogs/swedish_dates.py` and `dialogs/working_time.py` are being written by other
engineers; until they exist this module understands the few date forms a deadline needs
("30/9", "30/9 2026", "2026-09-30", "30 september") and treats weekends and the Swedish
public holidays from the `holidays` package (when installed) as non-working days.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
OFFICE_START = time(8, 0)
OFFICE_END = time(17, 0)

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "maj": 5,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})(?:[/ -](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-zåäö]{3,10})\.?(?:\s+(\d{4}))?$", re.IGNORECASE)
_WEEKDAY_PREFIX = re.compile(
    r"^(?:mån|tis|ons|tors|fre|lör|sön)[a-zåäö]*\s+(?:den\s+)?", re.IGNORECASE
)


def local_today(now_utc: datetime) -> date:
    return now_utc.astimezone(STOCKHOLM).date()


def end_of_day_utc(day: date) -> datetime:
    """23:59 Stockholm time that day, in UTC: "deadline 30/9" means all of the 30th."""
    return datetime.combine(day, time(23, 59), tzinfo=STOCKHOLM).astimezone(UTC)


def deadline_day(deadline_utc: datetime) -> date:
    return deadline_utc.astimezone(STOCKHOLM).date()


def end_of_month(today: date) -> date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


def default_deadline(now_utc: datetime) -> date:
    """The end of the current month; in its last days, the end of the next month, so a
    questionnaire sent on the 29th does not get two days."""
    today = local_today(now_utc)
    last = end_of_month(today)
    if (last - today).days < 7:
        return end_of_month(last + timedelta(days=1))
    return last


def parse_deadline(text: str, today: date) -> date | None:
    """A day in the future (or today); a date without a year that has passed means next
    year's. None when the text is not a date this module knows."""
    cleaned = _WEEKDAY_PREFIX.sub("", " ".join(text.strip().split())).rstrip(".")
    return _parse(cleaned, today)


def _parse(text: str, today: date) -> date | None:
    year: int | None
    if m := _ISO.match(text):
        return _date(int(m[1]), int(m[2]), int(m[3]))
    if m := _SLASHED.match(text):
        day, month = int(m[1]), int(m[2])
        year = int(m[3]) if m[3] else None
    elif m := _WORDS.match(text):
        month_number = _MONTHS.get(m[2][:3].casefold())
        if month_number is None:
            return None
        day, month, year = int(m[1]), month_number, int(m[3]) if m[3] else None
    else:
        return None
    if year is not None:
        return _date(year + 2000 if year < 100 else year, month, day)
    candidate = _date(today.year, month, day)
    if candidate is not None and candidate < today:
        candidate = _date(today.year + 1, month, day)
    return candidate


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def days_left(deadline_utc: datetime, now_utc: datetime) -> int:
    """Whole days from today to the deadline day (0 on the day, negative after)."""
    return (deadline_day(deadline_utc) - local_today(now_utc)).days


# ---- working days ------------------------------------------------------------------------


def is_working_day(day: date) -> bool:
    try:
        from dialogs.working_time import is_working_day as shared
    except ImportError:
        return day.weekday() < 5 and day not in _swedish_holidays(day.year)
    return shared(day)


def _swedish_holidays(year: int) -> set[date]:
    try:
        import holidays
    except ImportError:  # weekends only; the shared working-time module brings holidays
        return set()
    return set(holidays.country_holidays("SE", years=year).keys())


def working_days_before(day: date, count: int) -> date:
    current = day
    remaining = count
    while remaining > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def next_working_day(day: date) -> date:
    current = day + timedelta(days=1)
    while not is_working_day(current):
        current += timedelta(days=1)
    return current


def next_office_time(at_utc: datetime) -> datetime:
    """The same moment inside 08–17 on a working day, else 08:00 of the next working day."""
    try:
        from dialogs.working_time import next_office_time as shared
    except ImportError:
        local = at_utc.astimezone(STOCKHOLM)
        day = local.date()
        if is_working_day(day) and OFFICE_START <= local.time() < OFFICE_END:
            return at_utc
        if not (is_working_day(day) and local.time() < OFFICE_START):
            day = next_working_day(day)
        return datetime.combine(day, OFFICE_START, tzinfo=STOCKHOLM).astimezone(UTC)
    return shared(at_utc)


def office_morning_utc(day: date) -> datetime:
    """08:00 Stockholm time on `day`, in UTC."""
    return datetime.combine(day, OFFICE_START, tzinfo=STOCKHOLM).astimezone(UTC)
