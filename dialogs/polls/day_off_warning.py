"""The warning posted with a new poll when a proposed date is a day off.

The poll is created as proposed (a Saturday meeting may be meant); the warning says which
days are off and offers the nearest working day with a button
(dialogs/polls/days_off.py moves the date).
"""

from __future__ import annotations

from datetime import date

from cards.days_off.days_off_cards import DayOffLine, poll_days_off_card
from cards.i18n import Language
from cards.swedish_format import local
from dialogs.text.days_off import days_off
from dialogs.turn import Reply
from storage.polls.models import Poll


def warning_reply(poll: Poll, today: date, language: Language) -> Reply | None:
    """The day-off warning for a new poll, or None when every date is a working day."""
    by_day = {local(option.starts_at).date(): option.id for option in poll.options}
    found = days_off(by_day, today=today, language=language)
    if not found:
        return None
    lines = [DayOffLine(d.day, d.holiday, d.alternative, option_id=by_day[d.day]) for d in found]
    return Reply(card=poll_days_off_card(poll.id, lines, language))
