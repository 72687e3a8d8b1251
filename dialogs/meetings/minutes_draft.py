"""The minutes draft (`protokoll utkast`, `protokoll utkast 9/10`, the kallelse's button
after the meeting): a Word document with what the bot knows about the meeting, for the
secretary to finish and send back through the minutes import.

What goes in: the group and the meeting (title, date, time, place, Teams link), the
attendance as the meeting's attendance list has it (RSVPs, substitutes, the Teams
attendance report and the organiser's corrections: dialogs/meetings/attendance_list.py),
the agenda with its standing items (dialogs/meetings/agenda.py), and under the follow-up
item the register's open decisions and tasks due by the meeting, with number, owners,
status and due date. The next meeting of the group, when one is called, closes it.

Any active member of the group may have it: everything in it is on the group's cards
already. The file is offered as a short-lived download link (GET /downloads/<token>),
which works in channels, group chats, the personal chat and the Agents Playground alike.
"""

from __future__ import annotations

import logging

from cards.documents.actions import MinutesDraftAction
from cards.documents.minutes_draft import (
    DOCX_CONTENT_TYPE,
    DraftOpenItem,
    DraftPerson,
    MinutesDraft,
    minutes_draft_docx,
)
from cards.i18n import t
from cards.swedish_format import join_names, local
from dialogs.access import require_group, require_member
from dialogs.meetings.agenda import STANDING_ITEMS_FIRST, full_agenda
from dialogs.meetings.attendance_list import attendance_lines
from dialogs.meetings.lookup import latest_or_next, meeting_in_group, meeting_on_day
from dialogs.meetings.view import meeting_language
from dialogs.text.pii import mask_personal_numbers
from dialogs.turn import DownloadFile, Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.decisions.models import Decision
from storage.directory.models import Group
from storage.meetings import operations as meetings
from storage.meetings.models import Meeting

log = logging.getLogger(__name__)


async def draft(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    """`protokoll utkast [datum]`: the meeting on that day, else the latest that has
    started, else the next one."""
    group = await require_group(session, turn)
    await require_member(session, group, turn, "minutes_draft.not_member")
    if argument:
        meeting = await meeting_on_day(session, group, turn, argument, held_first=True)
    else:
        found = await latest_or_next(session, group, turn.now)
        if found is None:
            raise UserFacingError("minutes_draft.no_meeting")
        meeting = found
    return await _reply(session, turn, group, meeting)


async def from_card(
    session: AsyncSession, turn: TurnInput, payload: MinutesDraftAction
) -> list[Reply]:
    """The kallelse's "Protokollsutkast (.docx)" button; the meeting id comes from the
    card, so it must be a meeting of this conversation's group."""
    group = await require_group(session, turn)
    await require_member(session, group, turn, "minutes_draft.not_member")
    meeting = await meeting_in_group(session, group, payload.meeting_id)
    return await _reply(session, turn, group, meeting)


async def _reply(
    session: AsyncSession, turn: TurnInput, group: Group, meeting: Meeting
) -> list[Reply]:
    language = turn.language
    content = await build_draft(session, group, meeting)
    day = local(meeting.starts_at).date()
    name = f"{t('minutes_draft.file', language)}-{day.isoformat()}.docx"
    data = minutes_draft_docx(content, meeting_language(meeting))
    log.info("minutes_draft offered group=%s meeting=%s bytes=%d", group.id, meeting.id, len(data))
    return [
        Reply(
            text=t("minutes_draft.ready", language, title=meeting.title),
            files=(DownloadFile(name, DOCX_CONTENT_TYPE, data),),
        )
    ]


async def build_draft(session: AsyncSession, group: Group, meeting: Meeting) -> MinutesDraft:
    """What the draft shows, from storage; pure data for cards/documents."""
    day = local(meeting.starts_at).date()
    agenda = tuple(await full_agenda(session, meeting))
    people = tuple(
        DraftPerson(
            organisation=line.organisation or None,
            # Names typed by people (a substitute, a Teams display name) never passed the
            # guard on stored text; a file leaves the bot for good, so mask on the way out.
            name=mask_personal_numbers(line.name),
            present=line.present,
            substitute_for=mask_personal_numbers(line.substitute_for)
            if line.substitute_for
            else None,
            partial=line.partial,
        )
        for line in await attendance_lines(session, meeting)
    )
    open_items = await decisions.open_items_due_before(session, group.id, day)
    later = [
        m
        for m in await meetings.meetings_of_group(session, group.id)
        if m.starts_at > meeting.starts_at and m.id != meeting.id
    ]
    following = min(later, key=lambda m: m.starts_at) if later else None
    return MinutesDraft(
        group_name=group.name,
        meeting_title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        has_time=meeting.has_time,
        place=meeting.location,
        online_join_url=meeting.online_join_url,
        people=people,
        agenda=agenda,
        open_items=tuple(_open_item(d, meeting_language(meeting)) for d in open_items),
        follow_up_position=_follow_up_position(agenda),
        next_meeting=following.starts_at if following else None,
        next_meeting_has_time=following.has_time if following else True,
    )


def _follow_up_position(agenda: tuple[str, ...]) -> int | None:
    """The follow-up item ("Uppföljning av beslut"), else the previous minutes; by their
    place among the standing items, so the English agenda finds them too."""
    standing = len(STANDING_ITEMS_FIRST)
    if len(agenda) >= standing:
        return standing - 1
    return 0 if agenda else None


def _open_item(decision: Decision, language: str) -> DraftOpenItem:
    names = [owner.member.name for owner in decision.owners]
    if decision.owner_text:
        names.append(decision.owner_text)
    return DraftOpenItem(
        reference=decision.reference,
        text=mask_personal_numbers(decision.text),
        owners=join_names(names, "en" if language == "en" else "sv"),
        status=decision.status.value,
        due=decision.due,
    )
