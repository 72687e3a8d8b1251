"""Who was at a meeting: the RSVPs, the Teams meeting's attendance report and the
organiser's corrections merged into one list for the minutes.

The rule, weakest source first:
- RSVP: "Kommer" is present; "Kommer inte" and no answer are absent; "Skickar
  ersättare" makes the member absent and their substitute present for them.
- Teams report (read through Microsoft Graph after the meeting): whoever joined is
  present, also after saying "Kommer inte", and marked as there for part of the meeting
  when they were connected for much less than the meeting lasted. A member who said
  "Kommer" but never joined is absent only when the meeting had no place to meet in
  person: a hybrid meeting's report cannot see the people in the room. Someone in the
  report who is no member is matched to a substitute by name, else listed as they
  called themselves in Teams.
- The organiser's correction of a person wins over both.

What it cannot know: who was in the room at a hybrid meeting beyond what people said
they would do, or who a joiner without a Teams account was unless the name matches.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from cards.meetings.attendance_cards import AttendanceLine
from dialogs.meetings.view import invited_members, organisation_names
from storage.db import AsyncSession
from storage.meetings import attendance as attendance_store
from storage.meetings import operations as meetings
from storage.meetings.models import (
    AttendanceRecord,
    AttendanceSource,
    AttendanceStatus,
    Meeting,
    RsvpStatus,
)


def person_key(member_id: int | None, name: str) -> str:
    """ "m<id>" for a member; for anyone else a digest of the folded name, so the key is
    the same however the name's spaces and case were typed and never holds a comma (the
    correction form sends the ticked keys comma-separated)."""
    if member_id is not None:
        return f"m{member_id}"
    folded = " ".join(name.split()).casefold()
    return "n" + hashlib.sha256(folded.encode()).hexdigest()[:16]


def _sort_key(line: AttendanceLine) -> tuple[bool, str, str]:
    # Organisations alphabetically, people without one last.
    return (line.organisation == "", line.organisation.casefold(), line.name.casefold())


async def has_attendance_report(session: AsyncSession, meeting: Meeting) -> bool:
    """True when the Teams report was read: the list is more than what people said."""
    return bool(
        await attendance_store.attendance_records(session, meeting.id, AttendanceSource.GRAPH)
    )


async def attendance_lines(session: AsyncSession, meeting: Meeting) -> list[AttendanceLine]:
    """The merged list (see the module's opening), sorted by organisation then name."""
    members = await invited_members(session, meeting)
    names_of_organisations = await organisation_names(session, meeting.group_id)
    by_id = {member.id: member for member in members}

    def organisation_of(member_id: int | None) -> str:
        member = by_id.get(member_id or 0)
        if member is None or member.organisation_id is None:
            return ""
        return names_of_organisations.get(member.organisation_id, "")

    def member_name(member_id: int | None) -> str | None:
        member = by_id.get(member_id or 0)
        return member.name if member is not None else None

    lines: dict[str, AttendanceLine] = {}
    for member in members:
        key = person_key(member.id, member.name)
        lines[key] = AttendanceLine(
            organisation_of(member.id), member.name, False, None, False, key
        )
    for response in await meetings.responses_for(session, meeting.id):
        key = person_key(response.member_id, "")
        if key not in lines:
            continue
        lines[key] = replace(
            lines[key],
            present=response.status == RsvpStatus.COMING,
            answer=response.status.value,
        )
        if response.status == RsvpStatus.SUBSTITUTE and response.substitute_name:
            substitute = person_key(None, response.substitute_name)
            lines[substitute] = AttendanceLine(
                organisation_of(response.member_id),
                response.substitute_name,
                True,
                member_name(response.member_id),
                False,
                substitute,
            )

    def apply(record: AttendanceRecord) -> None:
        key = person_key(record.member_id, record.name)
        current = lines.get(key)
        substitute_for = member_name(record.substitute_for_member_id)
        organisation = (
            organisation_of(record.member_id)
            if record.member_id is not None
            else record.organisation or organisation_of(record.substitute_for_member_id)
        )
        lines[key] = AttendanceLine(
            organisation or (current.organisation if current else ""),
            current.name if current else record.name,  # the name as the group knows it
            record.status == AttendanceStatus.PRESENT,
            substitute_for or (current.substitute_for if current else None),
            record.partial,
            key,
            current.answer if current else None,
        )

    report = await attendance_store.attendance_records(session, meeting.id, AttendanceSource.GRAPH)
    if report:
        joined = {person_key(r.member_id, r.name) for r in report}
        if not meeting.location:  # online only: not joining is not being there
            for key, line in list(lines.items()):
                if key.startswith("m") and key not in joined:
                    lines[key] = replace(line, present=False, partial=False)
        for record in report:
            apply(record)
    for record in await attendance_store.attendance_records(
        session, meeting.id, AttendanceSource.ORGANISER
    ):
        apply(record)
    return sorted(lines.values(), key=_sort_key)
