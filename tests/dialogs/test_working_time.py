"""Swedish working days and office hours (Europe/Stockholm), across DST and holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from dialogs.text.working_time import (
    is_office_time,
    is_working_day,
    next_office_time,
    next_working_day,
    working_days_before,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 23), True),  # Monday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 6, 19), False),  # Midsommarafton (de facto day off)
        (date(2026, 6, 18), True),
        (date(2026, 12, 24), False),  # Julafton
        (date(2026, 12, 31), False),  # Nyårsafton
        (date(2026, 4, 3), False),  # Långfredagen
        (date(2026, 4, 6), False),  # Annandag påsk
        (date(2026, 5, 14), False),  # Kristi himmelsfärd
        (date(2026, 5, 15), True),  # klämdag is still a working day
        (date(2027, 1, 6), False),  # Trettondedag jul
        (date(2026, 6, 5), True),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_working_days_before_skips_weekends_and_holidays() -> None:
    # Deadline Tuesday 7 April 2026: Monday 6/4 is Annandag påsk, Friday 3/4 Långfredagen.
    assert working_days_before(date(2026, 4, 7), 1) == date(2026, 4, 2)
    assert working_days_before(date(2026, 4, 7), 3) == date(2026, 3, 31)
    assert working_days_before(date(2026, 11, 23), 0) == date(2026, 11, 23)
    assert working_days_before(date(2026, 11, 23), 1) == date(2026, 11, 20)
    with pytest.raises(ValueError):
        working_days_before(date(2026, 11, 23), -1)


def test_next_working_day_over_christmas() -> None:
    assert next_working_day(date(2026, 12, 23)) == date(2026, 12, 28)
    assert next_working_day(date(2026, 12, 30)) == date(2027, 1, 4)  # 31/12, 1/1, weekend


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        # Inside office hours (winter time, UTC+1): unchanged.
        (datetime(2026, 11, 23, 9, 30, tzinfo=UTC), datetime(2026, 11, 23, 9, 30, tzinfo=UTC)),
        # 06:00 local Monday -> 08:00 local the same day.
        (datetime(2026, 11, 23, 5, 0, tzinfo=UTC), datetime(2026, 11, 23, 7, 0, tzinfo=UTC)),
        # 17:00 local Monday is after hours -> Tuesday 08:00.
        (datetime(2026, 11, 23, 16, 0, tzinfo=UTC), datetime(2026, 11, 24, 7, 0, tzinfo=UTC)),
        # Friday evening -> Monday 08:00.
        (datetime(2026, 11, 27, 19, 0, tzinfo=UTC), datetime(2026, 11, 30, 7, 0, tzinfo=UTC)),
        # Summer time (UTC+2): Midsommarafton morning -> Monday 22 June 08:00 local.
        (datetime(2026, 6, 19, 7, 0, tzinfo=UTC), datetime(2026, 6, 22, 6, 0, tzinfo=UTC)),
        # Saturday 28 March 2026, the night before the clocks go forward -> Monday 06:00 UTC.
        (datetime(2026, 3, 28, 12, 0, tzinfo=UTC), datetime(2026, 3, 30, 6, 0, tzinfo=UTC)),
    ],
)
def test_next_office_time(at: datetime, expected: datetime) -> None:
    result = next_office_time(at)
    assert result == expected
    assert result.tzinfo is not None and result.utcoffset() == UTC.utcoffset(None)


def test_next_office_time_with_group_hours_and_bad_input() -> None:
    monday_0830_local = datetime(2026, 11, 23, 7, 30, tzinfo=UTC)
    later = next_office_time(monday_0830_local, start=time(9, 0), end=time(15, 0))
    assert later == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert is_office_time(later, start=time(9, 0), end=time(15, 0))
    assert not is_office_time(datetime(2026, 11, 28, 10, 0, tzinfo=UTC))
    with pytest.raises(ValueError):
        next_office_time(datetime(2026, 11, 23, 9, 0))
    with pytest.raises(ValueError):
        next_office_time(monday_0830_local, start=time(17, 0), end=time(8, 0))
