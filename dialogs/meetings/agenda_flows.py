"""Members add points to the next meeting's agenda (`punkt: …`, or the "Lägg till punkt"
form on the kallelse); the organiser — or a chair, secretary or process leader — removes
one (`punkt bort 4`, or "Ta bort punkt"). Every change redraws the kallelse.

The agenda closes when the meeting starts: a point raised during the meeting belongs
under "Övriga frågor" in the minutes, not on a card nobody reads any more.
"""

from __future__ import annotations

import logging

from cards.i18n import t
from cards.meetings.kallelse_cards import MAX_AGENDA_TITLE, AgendaAddAction, AgendaRemoveAction
from cards.swedish_format import long_moment
from dialogs.access import may_manage, require_group, require_member
from dialogs.audit import record_action
from dialogs.input_errors import refused_as_user_message
from dialogs.meetings.agenda import STANDING_ITEMS
from dialogs.meetings.kallelse import redraw_in_turn
from dialogs.meetings.lookup import meeting_in_group, upcoming_meeting
from dialogs.meetings.view import meeting_language
from dialogs.text.pii import ensure_no_personal_number
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.directory.models import Group, Member
from storage.meetings import agenda as agenda_store
from storage.meetings.models import Meeting

log = logging.getLogger(__name__)


def _clean_title(text: str) -> str:
    """One line; refused when empty, too long or holding a personal identity number."""
    title = " ".join(text.split())
    if not title:
        raise UserFacingError("agenda.empty")
    if len(title) > MAX_AGENDA_TITLE:
        raise UserFacingError("agenda.too_long", limit=MAX_AGENDA_TITLE)
    with refused_as_user_message():
        ensure_no_personal_number(title)
    return title


async def _add(
    session: AsyncSession,
    turn: TurnInput,
    group: Group,
    member: Member,
    meeting: Meeting,
    text: str,
) -> list[Reply]:
    if meeting.starts_at <= turn.now:
        raise UserFacingError("agenda.meeting_started")
    title = _clean_title(text)
    if await agenda_store.agenda_item_count(session, meeting.id) >= agenda_store.MAX_AGENDA_ITEMS:
        raise UserFacingError("agenda.full", limit=agenda_store.MAX_AGENDA_ITEMS)
    item = await agenda_store.add_agenda_item(
        session, meeting_id=meeting.id, title=title, added_by_member_id=member.id, now=turn.now
    )
    await record_action(
        session,
        turn,
        member,
        "meeting.agenda_add",
        subject_type="meeting",
        subject_id=meeting.id,
        group_id=group.id,
        detail=f"item:{item.id}",
    )
    log.info("agenda item added meeting=%s item=%s", meeting.id, item.id)
    language = meeting_language(meeting)
    first, _ = STANDING_ITEMS[language]
    number = len(first) + await agenda_store.agenda_item_count(session, meeting.id)
    when = long_moment(meeting.starts_at, turn.language, has_time=meeting.has_time)
    confirmation = Reply(
        text=t("agenda.added", turn.language, title=title, number=number, when=when)
    )
    return [confirmation, *await redraw_in_turn(session, turn, meeting)]


async def add_point(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    """`punkt: …`: a point on the group's next meeting."""
    group = await require_group(session, turn)
    member = await require_member(session, group, turn, "meetings.not_member")
    if not argument.strip():
        raise UserFacingError("agenda.usage")
    meeting = await upcoming_meeting(session, group, turn.now)
    if meeting is None:
        raise UserFacingError("agenda.no_meeting")
    return await _add(session, turn, group, member, meeting, argument)


async def add_point_from_card(
    session: AsyncSession, turn: TurnInput, action: AgendaAddAction
) -> list[Reply]:
    group = await require_group(session, turn)
    member = await require_member(session, group, turn, "meetings.not_member")
    meeting = await meeting_in_group(session, group, action.meeting_id)
    return await _add(session, turn, group, member, meeting, action.title)


async def _remove(
    session: AsyncSession, turn: TurnInput, group: Group, meeting: Meeting, item_id: int
) -> list[Reply]:
    member = await require_member(session, group, turn, "meetings.not_member")
    if not may_manage(member, meeting.organiser_member_id):
        raise UserFacingError("agenda.remove_not_allowed")
    if meeting.starts_at <= turn.now:
        raise UserFacingError("agenda.meeting_started")
    items = {item.id: item.title for item in await agenda_store.agenda_items(session, meeting.id)}
    if item_id not in items or not await agenda_store.remove_agenda_item(
        session, meeting.id, item_id
    ):
        raise UserFacingError("agenda.no_such_point")
    await record_action(
        session,
        turn,
        member,
        "meeting.agenda_remove",
        subject_type="meeting",
        subject_id=meeting.id,
        group_id=group.id,
        detail=f"item:{item_id}",
    )
    log.info("agenda item removed meeting=%s item=%s", meeting.id, item_id)
    removed = Reply(text=t("agenda.removed", turn.language, title=items[item_id]))
    return [removed, *await redraw_in_turn(session, turn, meeting)]


async def remove_point(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    """`punkt bort 4`: the number as the kallelse shows it."""
    group = await require_group(session, turn)
    meeting = await upcoming_meeting(session, group, turn.now)
    if meeting is None:
        raise UserFacingError("agenda.no_meeting")
    if not argument.strip().isdigit():
        raise UserFacingError("agenda.remove_usage")
    first, _ = STANDING_ITEMS[meeting_language(meeting)]
    index = int(argument.strip()) - len(first) - 1
    items = await agenda_store.agenda_items(session, meeting.id)
    if not 0 <= index < len(items):
        raise UserFacingError("agenda.not_removable", number=argument.strip())
    return await _remove(session, turn, group, meeting, items[index].id)


async def remove_point_from_card(
    session: AsyncSession, turn: TurnInput, action: AgendaRemoveAction
) -> list[Reply]:
    group = await require_group(session, turn)
    meeting = await meeting_in_group(session, group, action.meeting_id)
    if not action.item.isdigit():
        raise UserFacingError("agenda.no_such_point")
    return await _remove(session, turn, group, meeting, int(action.item))
