"""Assemble what an RSVP card and the attendance list show from stored responses.

The invited are the group's active members; someone who answered and later left still
appears with their answer (they were invited).
"""

from __future__ import annotations

from cards.i18n import Language
from cards.meetings.meeting_cards import MeetingView, PersonRsvp
from cards.swedish_format import local
from dialogs.meetings.calendar_files import CalendarMeeting
from storage.db import AsyncSession
from storage.directory import groups, membership
from storage.directory.models import Member
from storage.meetings import operations as meetings
from storage.meetings.models import Meeting


def meeting_language(meeting: Meeting) -> Language:
    """The organiser's language, kept by the meeting's cards and reminders."""
    return "en" if meeting.language == "en" else "sv"


async def invited_members(session: AsyncSession, meeting: Meeting) -> list[Member]:
    """The group's active members and anyone who answered and has left since, by name."""
    invited = {m.id: m for m in await membership.list_members(session, meeting.group_id)}
    answered = {r.member_id for r in await meetings.responses_for(session, meeting.id)}
    for member in await meetings.members_by_id(session, answered - invited.keys()):
        invited[member.id] = member
    return sorted(invited.values(), key=lambda m: m.name)


async def organisation_names(session: AsyncSession, group_id: int) -> dict[int, str]:
    return {o.id: o.name for o in await groups.list_organisations(session, group_id)}


async def build_meeting_view(session: AsyncSession, meeting: Meeting) -> MeetingView:
    members = await membership.list_members(session, meeting.group_id)
    responses = {r.member_id: r for r in await meetings.responses_for(session, meeting.id)}
    organisations = await organisation_names(session, meeting.group_id)
    people = []
    for member in await invited_members(session, meeting):
        response = responses.get(member.id)
        people.append(
            PersonRsvp(
                name=member.name,
                organisation=organisations.get(member.organisation_id or 0),
                status=response.status.value if response else None,
                substitute=response.substitute_name if response else None,
                comment=response.comment if response else None,
            )
        )
    return MeetingView(
        meeting_id=meeting.id,
        title=meeting.title,
        location=meeting.location,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        has_time=meeting.has_time,
        people=tuple(people),
        organisations_total=len({m.organisation_id for m in members if m.organisation_id}),
        today=local(meeting.created_at).date(),
    )


def calendar_meeting(meeting: Meeting) -> CalendarMeeting:
    return CalendarMeeting(
        uid=meeting.uid,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        has_time=meeting.has_time,
        location=meeting.location,
        sequence=meeting.sequence,
        created_at=meeting.created_at,
        join_url=meeting.online_join_url,
    )
