"""`möte närvaro` (and the kallelse's "Närvaro" button): the merged attendance list as a
card and a Markdown file for the minutes; the organiser — or the chair or secretary —
corrects it on the card (who was there, who for part of it, a substitute to add).

A correction is stored per person as the organiser's word (see attendance_list.py), so a
Teams report read later never undoes it.
"""

from __future__ import annotations

import logging
from typing import cast

from cards.i18n import Language, t
from cards.meetings.attendance_cards import (
    MAX_SUBSTITUTE_NAME,
    AttendanceCorrectAction,
    AttendanceView,
    attendance_list_card,
    attendance_list_markdown,
)
from cards.meetings.kallelse_cards import AttendanceShowAction
from cards.swedish_format import local
from dialogs.access import may_manage, require_group, require_member
from dialogs.audit import record_action
from dialogs.input_errors import refused_as_user_message
from dialogs.meetings.attendance_list import attendance_lines, has_attendance_report
from dialogs.meetings.lookup import latest_or_next, meeting_in_group, meeting_on_day_or
from dialogs.text.pii import ensure_no_personal_number
from dialogs.turn import DownloadFile, Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.directory import membership
from storage.meetings import attendance as attendance_store
from storage.meetings.models import AttendanceStatus, Meeting

log = logging.getLogger(__name__)

ATTENDANCE_CONTENT_TYPE = "text/markdown"


async def attendance_view(session: AsyncSession, meeting: Meeting) -> AttendanceView:
    members = await membership.list_members(session, meeting.group_id)
    return AttendanceView(
        meeting_id=meeting.id,
        title=meeting.title,
        starts_at=meeting.starts_at,
        has_time=meeting.has_time,
        lines=tuple(await attendance_lines(session, meeting)),
        organisations_total=len({m.organisation_id for m in members if m.organisation_id}),
        from_report=await has_attendance_report(session, meeting),
    )


async def _attendance_replies(
    session: AsyncSession, meeting: Meeting, language: Language
) -> list[Reply]:
    view = await attendance_view(session, meeting)
    day = local(meeting.starts_at).date()
    file_name = f"{t('meetings.attendance.file', language)}-{day.isoformat()}.md"
    markdown = attendance_list_markdown(view, language).encode("utf-8")
    return [
        Reply(
            card=attendance_list_card(view, language),
            files=(DownloadFile(file_name, ATTENDANCE_CONTENT_TYPE, markdown),),
        )
    ]


async def attendance(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    """`möte närvaro` (the latest meeting that has started, else the next) or with a day."""
    group = await require_group(session, turn)
    latest = await latest_or_next(session, group, turn.now)
    meeting = await meeting_on_day_or(
        session, group, turn, argument, latest, "meetings.none_for_attendance", held_first=True
    )
    return await _attendance_replies(session, meeting, cast(Language, turn.language))


async def show_attendance(
    session: AsyncSession, turn: TurnInput, action: AttendanceShowAction
) -> list[Reply]:
    group = await require_group(session, turn)
    meeting = await meeting_in_group(session, group, action.meeting_id)
    return await _attendance_replies(session, meeting, cast(Language, turn.language))


def _keys(value: str) -> set[str]:
    return {key.strip() for key in value.split(",") if key.strip()}


async def correct_attendance(
    session: AsyncSession, turn: TurnInput, action: AttendanceCorrectAction
) -> list[Reply]:
    group = await require_group(session, turn)
    member = await require_member(session, group, turn, "meetings.not_member")
    meeting = await meeting_in_group(session, group, action.meeting_id)
    if not may_manage(member, meeting.organiser_member_id):
        raise UserFacingError("attendance.not_allowed")
    substitute = " ".join(action.substitute_name.split())
    if len(substitute) > MAX_SUBSTITUTE_NAME:
        raise UserFacingError("attendance.substitute_too_long", limit=MAX_SUBSTITUTE_NAME)
    with refused_as_user_message():
        ensure_no_personal_number(substitute)
    lines = await attendance_lines(session, meeting)
    by_key = {line.key: line for line in lines}
    substitute_for = by_key.get(action.substitute_for)
    if substitute and (substitute_for is None or not action.substitute_for.startswith("m")):
        raise UserFacingError("attendance.substitute_needs_member")
    present, partial = _keys(action.present), _keys(action.partial)
    changes = 0
    for line in lines:
        is_present, is_partial = line.key in present, line.key in partial and line.key in present
        if (is_present, is_partial) == (line.present, line.partial):
            continue
        member_id = int(line.key[1:]) if line.key.startswith("m") else None
        await attendance_store.record_correction(
            session,
            meeting_id=meeting.id,
            person=attendance_store.Attendee(
                name=line.name,
                status=AttendanceStatus.PRESENT if is_present else AttendanceStatus.ABSENT,
                member_id=member_id,
                organisation=line.organisation or None,
                partial=is_partial,
            ),
            now=turn.now,
        )
        changes += 1
    if substitute and substitute_for is not None:
        await attendance_store.record_correction(
            session,
            meeting_id=meeting.id,
            person=attendance_store.Attendee(
                name=substitute,
                status=AttendanceStatus.PRESENT,
                organisation=substitute_for.organisation or None,
                substitute_for_member_id=int(substitute_for.key[1:]),
            ),
            now=turn.now,
        )
        changes += 1
    await record_action(
        session,
        turn,
        member,
        "meeting.attendance_correct",
        subject_type="meeting",
        subject_id=meeting.id,
        group_id=group.id,
        detail=f"changes:{changes}",
    )
    log.info("attendance corrected meeting=%s changes=%d", meeting.id, changes)
    language = cast(Language, turn.language)
    view = await attendance_view(session, meeting)
    saved = Reply(text=t("attendance.saved", language, count=changes))
    if turn.reply_to_id:
        updated = Reply(
            card=attendance_list_card(view, language), update_activity_id=turn.reply_to_id
        )
        return [updated, saved]
    return [saved, Reply(card=attendance_list_card(view, language))]
