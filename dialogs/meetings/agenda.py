"""A meeting's agenda: the standing items every meeting of these groups has, around the
points members add (`punkt: …`, the "Lägg till punkt" form on the kallelse).

The standing items follow the groups' own minutes, which open with "1. Föregående
minnesanteckningar" and the decisions to follow up and close with any other business.
They are not stored: a meeting shows them in its own language whenever it is drawn, and
the minutes draft (dialogs/meetings/minutes_draft*.py) numbers its headings from the
same list.
"""

from __future__ import annotations

from cards.i18n import Language
from dialogs.meetings.view import meeting_language
from storage.db import AsyncSession
from storage.meetings import agenda as agenda_store
from storage.meetings.models import Meeting

STANDING_ITEMS_FIRST: tuple[str, ...] = ("Föregående minnesanteckningar", "Uppföljning av beslut")
STANDING_ITEMS_LAST: tuple[str, ...] = ("Övriga frågor",)

# The same items by language; Swedish is what the module-level names hold.
STANDING_ITEMS: dict[Language, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sv": (STANDING_ITEMS_FIRST, STANDING_ITEMS_LAST),
    "en": (("Previous minutes", "Follow-up of decisions"), ("Any other business",)),
}


def standing_items(language: Language) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(items before the members' points, items after them)."""
    return STANDING_ITEMS[language]


def agenda_titles(members_items: list[str], language: Language) -> list[str]:
    first, last = standing_items(language)
    return [*first, *members_items, *last]


async def full_agenda(session: AsyncSession, meeting: Meeting) -> list[str]:
    """The whole agenda in order, in the meeting's language: standing first items, the
    members' points in their order, standing last items."""
    items = [item.title for item in await agenda_store.agenda_items(session, meeting.id)]
    return agenda_titles(items, meeting_language(meeting))
