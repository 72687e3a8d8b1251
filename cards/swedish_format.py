"""Dates and times as people in Sweden write them, and their English equivalents.

"måndag 7/3 kl 09.00–12.00" on cards, "fredagen den 27 augusti kl 09.00" in running
text. Values are stored in UTC and shown in Europe/Stockholm. The names are written out
here rather than taken from CLDR because the long Swedish form uses the definite
weekday ("fredagen den"), which no locale database carries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from cards.i18n import Language

STOCKHOLM = ZoneInfo("Europe/Stockholm")

WEEKDAY_NAMES: dict[Language, tuple[str, ...]] = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTH_NAMES: dict[Language, tuple[str, ...]] = {
    "sv": (
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def local(moment: datetime) -> datetime:
    """A stored UTC moment as Stockholm wall-clock time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(STOCKHOLM)


def weekday_name(day: date, language: Language = "sv") -> str:
    return WEEKDAY_NAMES[language][day.weekday()]


def month_name(month: int, language: Language = "sv") -> str:
    return MONTH_NAMES[language][month - 1]


def short_day(day: date, language: Language = "sv", *, with_year: bool = False) -> str:
    """'måndag 7/3' / 'Monday 7 March' (the year only when asked, e.g. next year's dates)."""
    if language == "en":
        text = f"{weekday_name(day, 'en')} {day.day} {month_name(day.month, 'en')}"
        return f"{text} {day.year}" if with_year else text
    text = f"{weekday_name(day)} {day.day}/{day.month}"
    return f"{text} {day.year}" if with_year else text


def clock(moment: datetime, language: Language = "sv") -> str:
    """'09.00' in Swedish (the Språkrådet recommendation), '09:00' in English."""
    return moment.strftime("%H:%M" if language == "en" else "%H.%M")


def span_label(
    starts_at: datetime,
    ends_at: datetime | None,
    *,
    has_time: bool,
    language: Language = "sv",
    today: date | None = None,
) -> str:
    """'måndag 7/3 kl 09.00–12.00' from UTC values; the year is added when it is not
    the current one (`today`, local)."""
    start = local(starts_at)
    with_year = today is not None and start.year != today.year
    day_text = short_day(start.date(), language, with_year=with_year)
    if not has_time:
        if ends_at is not None and local(ends_at).date() != start.date():
            end_day = short_day(local(ends_at).date(), language, with_year=with_year)
            return f"{day_text}–{end_day}"
        return day_text
    at = "" if language == "en" else "kl "
    if ends_at is None:
        return f"{day_text} {at}{clock(start, language)}"
    end = local(ends_at)
    if end.date() == start.date():
        return f"{day_text} {at}{clock(start, language)}–{clock(end, language)}"
    end_day = short_day(end.date(), language, with_year=with_year)
    return f"{day_text} {at}{clock(start, language)} – {end_day} {at}{clock(end, language)}"


def long_moment(
    moment: datetime, language: Language = "sv", *, has_time: bool = True, with_year: bool = False
) -> str:
    """'fredagen den 27 augusti kl 09.00' / 'Friday 27 August at 09:00' from UTC (with the
    year after the month when asked: another year's date)."""
    value = local(moment)
    year = f" {value.year}" if with_year else ""
    if language == "en":
        text = f"{weekday_name(value.date(), 'en')} {value.day} {month_name(value.month, 'en')}"
        text += year
        return f"{text} at {clock(value, 'en')}" if has_time else text
    text = f"{weekday_name(value.date())}en den {value.day} {month_name(value.month)}{year}"
    return f"{text} kl {clock(value)}" if has_time else text


def join_names(names: Iterable[str], language: Language = "sv", *, most: int | None = None) -> str:
    """'Anna, Gabriel och Malin' / 'Anna, Gabriel and Malin': how a list of people or
    organisations is read aloud, no comma before the last one (Swedish usage). With
    `most`, a longer list names that many and counts the rest ("… och 12 till"), so a
    card for a large group stays within Teams' message size."""
    items = [name for name in names if name]
    if most is not None and len(items) > most:
        rest = len(items) - most
        more = f"{rest} till" if language == "sv" else f"{rest} more"
        return f"{', '.join(items[:most])} {'och' if language == 'sv' else 'and'} {more}"
    if len(items) < 2:
        return "".join(items)
    last = "and" if language == "en" else "och"
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
