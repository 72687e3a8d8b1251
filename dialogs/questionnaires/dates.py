"""Deadlines of questionnaires: parsed with dialogs.text.dates, kept as the last
moment of the day in Europe/Stockholm, stored in UTC. Working days and office hours for
reminders come from dialogs.text.working_time."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

from cards.swedish_format import STOCKHOLM
from dialogs.text.dates import DateParseError, parse_dates


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


class DeadlineError(ValueError):
    """The deadline text is not one date; `message(language)` is fit to show."""

    def __init__(self, message_sv: str, message_en: str) -> None:
        super().__init__(message_sv)
        self.message_sv = message_sv
        self.message_en = message_en

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_sv


def parse_deadline(text: str, today: date) -> date:
    """One date ("30/9", "30 september", "2026-09-30", "onsdag 30/9"); without a year,
    the next such day from today. Raises DeadlineError otherwise."""
    try:
        spans = parse_dates(text, today=today)
    except DateParseError as error:
        raise DeadlineError(error.message_sv, error.message_en) from error
    if len(spans) != 1:
        raise DeadlineError(
            "Ange en enda sista svarsdag, t.ex. Deadline: 30/9.",
            "Give a single deadline, e.g. Deadline: 30/9.",
        )
    return spans[0].day


def days_left(deadline_utc: datetime, now_utc: datetime) -> int:
    """Whole days from today to the deadline day (0 on the day, negative after)."""
    return (deadline_day(deadline_utc) - local_today(now_utc)).days
