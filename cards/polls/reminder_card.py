"""The "closing soon" reminder of a date poll, for a member who has not answered: the
dates with their answer buttons, so they answer from the reminder itself (in their
personal chat, or the channel when the bot cannot reach them there).

The buttons send the poll card's own payloads (same validation and checks); the answer to
a click is the person's own view of the poll, which then replaces the reminder for them.
"""

from __future__ import annotations

from typing import Any

from cards.common import Card, card, heading, paragraph, subheading
from cards.i18n import Language, t
from cards.polls.poll_cards import PollView, answer_buttons, option_label, poll_title
from cards.swedish_format import long_moment


def poll_reminder_card(view: PollView, language: Language) -> Card:
    body: list[dict[str, Any]] = [
        heading(poll_title(view, language)),
        paragraph(
            t("polls.deadline", language, when=long_moment(view.deadline_at, language)),
            subtle=True,
        ),
    ]
    for option in view.options:
        body.append(subheading(option_label(option, language, view.today)))
        body.append(answer_buttons(view, option, None, language))
    return card(body)
