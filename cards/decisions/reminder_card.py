"""The card of a decision reminder: the reminder's text and the buttons it asks for."""

from __future__ import annotations

from dataclasses import replace

from cards.common import Card, card, paragraph
from cards.decisions.decision_card import DecisionView, status_buttons
from cards.i18n import Language

# What a reminder asks its owner to do: say it has started, or that it is done.
REMINDER_STATUSES = ("pågår", "klar")


def decision_reminder_card(text: str, view: DecisionView, language: Language) -> Card:
    """The decision card's own Klar/Påbörjad buttons (same payloads, so the same checks:
    the owner, the chair or the secretary, against the status and revision shown)."""
    wanted = tuple(status for status in view.transitions if status in REMINDER_STATUSES)
    return card([paragraph(text)], status_buttons(replace(view, transitions=wanted), language))
