"""The warning posted with a new meeting's invitation when its date is a day off.

The meeting is called as asked (a Saturday conference may be meant); the warning names
the nearest working day with a button (dialogs/meetings/days_off.py moves the meeting).
"""

from __future__ import annotations

from datetime import date

from cards.days_off.days_off_cards import DayOffLine, meeting_day_off_card
from cards.i18n import Language
from cards.swedish_format import local
from dialogs.text.days_off import days_off
from dialogs.turn import Reply
from storage.meetings.models import Meeting


def warning_reply(meeting: Meeting, today: date, language: Language) -> Reply | None:
    found = days_off([local(meeting.starts_at).date()], today=today, language=language)
    if not found:
        return None
    line = DayOffLine(found[0].day, found[0].holiday, found[0].alternative)
    return Reply(card=meeting_day_off_card(meeting.id, line, language))
