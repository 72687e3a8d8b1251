"""Which proposed days are no working days, and the working day to offer instead.

A day off is a Saturday, a Sunday, a Swedish public holiday or one of the de facto days
off (Midsommar-, Jul- and Nyårsafton), as dialogs.text.working_time counts them. The
offered day is the nearest working day (the earlier one on a tie) that is still ahead
and not already proposed; when both neighbours are taken or past, none is offered and
the warning stands alone. It reads calendar days only: a meeting at 18.00 on a Friday is
not flagged, nor a proposal on a group's own closing day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from cards.swedish_format import STOCKHOLM
from dialogs.text.working_time import holiday_name, is_working_day, nearest_working_days

# How far a "move to the working day" button may move a date: the nearest working day is
# never further (Påsk: Thursday to Tuesday).
MAX_MOVE = timedelta(days=7)


@dataclass(frozen=True)
class DayOff:
    day: date
    holiday: str | None  # "Pingstdagen"; None for an ordinary weekend day
    alternative: date | None


def days_off(
    days: Iterable[date], *, today: date, taken: Iterable[date] = (), language: str = "sv"
) -> list[DayOff]:
    wanted = sorted(set(days))
    occupied = set(wanted) | set(taken)
    found: list[DayOff] = []
    for day in wanted:
        if is_working_day(day):
            continue
        alternative = next(
            (d for d in nearest_working_days(day) if d > today and d not in occupied), None
        )
        if alternative is not None:
            occupied.add(alternative)
        found.append(DayOff(day, holiday_name(day, language), alternative))
    return found


def shifted(moment: datetime, days: int) -> datetime:
    """The same Stockholm clock time `days` later, in UTC (summer/winter time kept right)."""
    naive = moment.astimezone(STOCKHOLM).replace(tzinfo=None) + timedelta(days=days)
    return naive.replace(tzinfo=STOCKHOLM).astimezone(UTC)
