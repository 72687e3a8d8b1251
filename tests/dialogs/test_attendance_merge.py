"""The attendance merge rule on both databases: RSVPs, then the Teams report, then the
organiser's corrections; a hybrid meeting keeps those who said they would come."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dialogs.meetings.attendance_list import (
    AttendanceLine,
    attendance_lines,
    has_attendance_report,
    person_key,
)
from storage.db import unit_of_work
from storage.directory import conversations, groups, membership
from storage.directory.models import ConversationKind
from storage.meetings import attendance
from storage.meetings.models import AttendanceSource, AttendanceStatus, RsvpSource, RsvpStatus
from storage.meetings.operations import create_meeting, get_meeting, record_response
from tests.support.teams import ANNA, GABRIEL, MALIN, MARIE, TENANT

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
REF = conversations.ConversationRef(
    tenant_id=TENANT,
    conversation_id="19:merge@thread.tacv2",
    kind=ConversationKind.CHANNEL,
    service_url="https://smba.example/emea/",
    bot_id="28:bot",
)
ORGANISATIONS = {MALIN: "Gnesta kommun", ANNA: "Region Sörmland", GABRIEL: "Gnesta kommun"}


async def _seed(sessions: async_sessionmaker[AsyncSession], location: str | None) -> int:
    """Malin comes, Anna sends Per Olsson, Gabriel declines, Marie does not answer; the
    Teams report has Gabriel for part of the meeting and Per Olsson."""
    async with unit_of_work(sessions) as session:
        conversation, _ = await conversations.upsert_conversation(session, REF)
        group = await groups.ensure_group(session, conversation)
        users = (MALIN, ANNA, GABRIEL, MARIE)
        await membership.upsert_members(
            session, group, [membership.MemberInfo(u.aad_object_id, u.name) for u in users]
        )
        ids = {}
        for user in users:
            member = await membership.get_member(session, group.id, user.aad_object_id)
            assert member is not None
            ids[user] = member.id
            if user in ORGANISATIONS:
                await membership.set_member_organisation(
                    session, group, member, ORGANISATIONS[user]
                )
        meeting = await create_meeting(
            session,
            group=group,
            title="Samverkansmöte",
            location=location,
            starts_at=datetime(2027, 3, 10, 8, 0, tzinfo=UTC),
            ends_at=datetime(2027, 3, 10, 10, 0, tzinfo=UTC),
            has_time=True,
            organiser_member_id=ids[MALIN],
            language="sv",
            now=NOW,
        )
        answers = {
            MALIN: (RsvpStatus.COMING, None),
            ANNA: (RsvpStatus.SUBSTITUTE, "Per Olsson"),
            GABRIEL: (RsvpStatus.NOT_COMING, None),
        }
        for user, (status, substitute) in answers.items():
            await record_response(
                session,
                meeting_id=meeting.id,
                member_id=ids[user],
                status=status,
                substitute_name=substitute,
                comment=None,
                source=RsvpSource.TEAMS,
                version=NOW,
                now=NOW,
            )
        assert not await has_attendance_report(session, meeting)
        await attendance.replace_attendance(
            session,
            meeting_id=meeting.id,
            source=AttendanceSource.GRAPH,
            people=[
                attendance.Attendee(
                    "Gabriel B", AttendanceStatus.PRESENT, member_id=ids[GABRIEL], partial=True
                ),
                attendance.Attendee("per olsson", AttendanceStatus.PRESENT),
            ],
            now=NOW,
        )
        return meeting.id


async def _lines(
    sessions: async_sessionmaker[AsyncSession], meeting_id: int
) -> list[AttendanceLine]:
    async with unit_of_work(sessions) as session:
        meeting = await get_meeting(session, meeting_id)
        assert meeting is not None
        assert await has_attendance_report(session, meeting)
        return await attendance_lines(session, meeting)


def _plain(lines: list[AttendanceLine]) -> list[tuple[str, str, bool, str | None, bool]]:
    return [(x.organisation, x.name, x.present, x.substitute_for, x.partial) for x in lines]


@pytest.mark.parametrize("location", ["Stadshuset", None])
async def test_rsvps_report_and_corrections_merge(
    sessions: async_sessionmaker[AsyncSession], location: str | None
) -> None:
    meeting_id = await _seed(sessions, location)
    hybrid = location is not None
    assert _plain(await _lines(sessions, meeting_id)) == [
        ("Gnesta kommun", GABRIEL.name, True, None, True),  # joined after declining
        ("Gnesta kommun", MALIN.name, hybrid, None, False),  # in the room, or not there
        ("Region Sörmland", ANNA.name, False, None, False),
        ("Region Sörmland", "Per Olsson", True, ANNA.name, False),
        ("", MARIE.name, False, None, False),
    ]
    async with unit_of_work(sessions) as session:
        group = await groups.find_group(session, TENANT, REF.conversation_id)
        assert group is not None
        marie = await membership.get_member(session, group.id, MARIE.aad_object_id)
        assert marie is not None
        await attendance.record_correction(
            session,
            meeting_id=meeting_id,
            person=attendance.Attendee(marie.name, AttendanceStatus.PRESENT, member_id=marie.id),
            now=NOW,
        )
        await attendance.record_correction(
            session,
            meeting_id=meeting_id,
            person=attendance.Attendee("Per Olsson", AttendanceStatus.ABSENT),
            now=NOW,
        )
    lines = {line.key: line for line in await _lines(sessions, meeting_id)}
    assert lines[person_key(marie.id, "")].present
    per = lines[person_key(None, "Per  Olsson")]
    assert (per.present, per.substitute_for) == (False, ANNA.name)
