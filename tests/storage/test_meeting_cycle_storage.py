"""Agenda items and attendance sources of a meeting, on both databases: items keep the
order they were added or given, a re-read source replaces only itself, and an
organiser's correction of the same person replaces their earlier one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import unit_of_work
from storage.decisions.models import DecisionSource
from storage.decisions.operations import NewDecision, create_decision, open_items_due_before
from storage.directory import conversations, groups, membership
from storage.directory.models import ConversationKind
from storage.meetings import agenda, attendance
from storage.meetings.models import AttendanceSource, AttendanceStatus
from storage.meetings.operations import create_meeting, get_meeting
from tests.support.teams import MALIN, TENANT

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
REF = conversations.ConversationRef(
    tenant_id=TENANT,
    conversation_id="19:cycle@thread.tacv2",
    kind=ConversationKind.CHANNEL,
    service_url="https://smba.example/emea/",
    bot_id="28:bot",
    team_id="19:team",
    team_name="Samverkan Gnesta",
    locale="sv-SE",
)


async def _meeting(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, int, int]:
    async with unit_of_work(sessions) as session:
        conversation, _ = await conversations.upsert_conversation(session, REF)
        group = await groups.ensure_group(session, conversation)
        await membership.upsert_members(
            session, group, [membership.MemberInfo(MALIN.aad_object_id, MALIN.name)]
        )
        member = await membership.get_member(session, group.id, MALIN.aad_object_id)
        assert member is not None
        meeting = await create_meeting(
            session,
            group=group,
            title="Samverkansmöte",
            location=None,
            starts_at=datetime(2027, 3, 10, 8, 0, tzinfo=UTC),
            ends_at=None,
            has_time=True,
            organiser_member_id=member.id,
            language="sv",
            now=NOW,
        )
        return group.id, meeting.id, member.id


async def test_agenda_items_keep_their_order(sessions: async_sessionmaker[AsyncSession]) -> None:
    _, meeting_id, member_id = await _meeting(sessions)
    async with unit_of_work(sessions) as session:
        first = await agenda.add_agenda_item(
            session, meeting_id=meeting_id, title=" Budget ", added_by_member_id=member_id, now=NOW
        )
        second = await agenda.add_agenda_item(
            session, meeting_id=meeting_id, title="Lokaler", added_by_member_id=None, now=NOW
        )
        third = await agenda.add_agenda_item(
            session, meeting_id=meeting_id, title="Rapport", added_by_member_id=None, now=NOW
        )
    async with unit_of_work(sessions) as session:
        await agenda.reorder_agenda(session, meeting_id, [third.id, first.id])
        assert await agenda.remove_agenda_item(session, meeting_id, second.id)
        assert not await agenda.remove_agenda_item(session, meeting_id, second.id)
    async with unit_of_work(sessions) as session:
        titles = [item.title for item in await agenda.agenda_items(session, meeting_id)]
        assert titles == ["Rapport", "Budget"]
        assert await agenda.agenda_item_count(session, meeting_id) == 2


async def test_sources_are_replaced_one_at_a_time(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    _, meeting_id, member_id = await _meeting(sessions)
    present = attendance.Attendee(
        name="Malin", status=AttendanceStatus.PRESENT, member_id=member_id, partial=True
    )
    async with unit_of_work(sessions) as session:
        for _ in range(2):  # a re-read report replaces the first read
            await attendance.replace_attendance(
                session,
                meeting_id=meeting_id,
                source=AttendanceSource.GRAPH,
                people=[present],
                now=NOW,
            )
        for status in (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT):
            await attendance.record_correction(
                session,
                meeting_id=meeting_id,
                person=attendance.Attendee(name="Kim Ek", status=status, organisation="Region"),
                now=NOW,
            )
    async with unit_of_work(sessions) as session:
        graph = await attendance.attendance_records(session, meeting_id, AttendanceSource.GRAPH)
        corrections = await attendance.attendance_records(
            session, meeting_id, AttendanceSource.ORGANISER
        )
        assert [(r.member_id, r.partial) for r in graph] == [(member_id, True)]
        assert [(r.name, r.status) for r in corrections] == [("Kim Ek", AttendanceStatus.ABSENT)]
        meeting = await get_meeting(session, meeting_id)
        assert meeting is not None
        await attendance.set_join_url(session, meeting, "https://teams.microsoft.com/l/x", "m-1")
    async with unit_of_work(sessions) as session:
        meeting = await get_meeting(session, meeting_id)
        assert meeting is not None
        assert (meeting.online_join_url, meeting.online_meeting_id) == (
            "https://teams.microsoft.com/l/x",
            "m-1",
        )


async def test_open_items_due_before_a_meeting(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    group_id, _, member_id = await _meeting(sessions)
    async with unit_of_work(sessions) as session:
        member = await membership.get_member(session, group_id, MALIN.aad_object_id)
        assert member is not None
        dated = (("Senare", date(2027, 4, 1)), ("Odaterad", None), ("Snart", date(2027, 3, 5)))
        for text, due in dated:
            await create_decision(
                session,
                tenant_id=TENANT,
                group_id=group_id,
                new=NewDecision(text=text, owner_member_ids=[member_id], due=due),
                source=DecisionSource.TEXT,
                logged_by=member,
                year=2027,
                now=NOW,
            )
    async with unit_of_work(sessions) as session:
        items = await open_items_due_before(session, group_id, date(2027, 3, 10))
        assert [item.text for item in items] == ["Snart", "Odaterad"]
        assert [owner.member_id for owner in items[0].owners] == [member_id]
