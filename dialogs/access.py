"""Who may do what in a group: one role-policy table and the checks every flow uses.

Identity is always the turn's tenant + the sender's AAD object id, looked up in the group
bound to the conversation the turn came from; card payloads only say *which* object they
mean, never who is asking. A payload replayed in another team finds another group (or
none), so every object a flow loads must also be checked to belong to `group`.

The organiser roles differ per job on purpose, following how the groups work:
the secretary prepares meetings (polls, kallelse, reminders), the process leader runs the
follow-up work between meetings (questionnaires to the member organisations), and the
chair may do both. Change the table, not the flows, when a group works differently.
"""

from __future__ import annotations

import enum

from dialogs.turn import TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.directory import groups, membership
from storage.directory.models import Group, Member, Role


class Permission(enum.StrEnum):
    # Close a poll and choose dates, change its deadline, call and cancel meetings (the
    # poll's or meeting's own organiser may too, whatever their role).
    MANAGE_MEETINGS = "manage_meetings"
    # Create, send, close and remind about questionnaires.
    MANAGE_QUESTIONNAIRES = "manage_questionnaires"
    # Read questionnaire results: the secretary prepares the meeting, so may read them too.
    READ_QUESTIONNAIRE_RESULTS = "read_questionnaire_results"
    # Pause reminders, set office hours and the group's reminder rules.
    MANAGE_REMINDERS = "manage_reminders"


ROLE_POLICY: dict[Permission, frozenset[Role]] = {
    Permission.MANAGE_MEETINGS: frozenset({Role.CHAIR, Role.SECRETARY}),
    Permission.MANAGE_QUESTIONNAIRES: frozenset({Role.CHAIR, Role.PROCESS_LEADER}),
    Permission.READ_QUESTIONNAIRE_RESULTS: frozenset(
        {Role.CHAIR, Role.PROCESS_LEADER, Role.SECRETARY}
    ),
    Permission.MANAGE_REMINDERS: frozenset({Role.CHAIR, Role.SECRETARY}),
}


def roles_for(permission: Permission) -> frozenset[Role]:
    return ROLE_POLICY[permission]


def may(member: Member | None, permission: Permission) -> bool:
    return member is not None and member.active and member.role in ROLE_POLICY[permission]


def may_manage(member: Member, organiser_member_id: int | None) -> bool:
    """A poll or meeting is managed by its own organiser, whatever their role, or by a role
    the table allows."""
    return member.active and (
        member.id == organiser_member_id or may(member, Permission.MANAGE_MEETINGS)
    )


async def require_group(
    session: AsyncSession, turn: TurnInput, refusal: str = "error.group_only"
) -> Group:
    """The group bound to this team channel or group chat; `refusal` in a personal chat."""
    if not turn.in_group:
        raise UserFacingError(refusal)
    group = await groups.find_group(session, turn.tenant_id, turn.ref.conversation_id)
    if group is None:  # note_activity runs first on every turn, so this is a real surprise
        raise UserFacingError(refusal)
    return group


async def sender_member(session: AsyncSession, group_id: int, turn: TurnInput) -> Member | None:
    """The sender's member row in the group, active or not (None when unknown).

    directory.get_member, not a feature-specific query: note_activity has already read this
    member in the same unit of work, and the directory hands that row back for free."""
    aad_id = turn.sender.aad_object_id
    if not aad_id:
        return None
    return await membership.get_member(session, group_id, aad_id)


async def active_member(session: AsyncSession, group_id: int, turn: TurnInput) -> Member | None:
    member = await sender_member(session, group_id, turn)
    return member if member is not None and member.active else None


async def require_member(
    session: AsyncSession, group: Group, turn: TurnInput, refusal: str
) -> Member:
    """The sender as an active member of `group`, or `refusal`."""
    member = await active_member(session, group.id, turn)
    if member is None:
        raise UserFacingError(refusal)
    return member


async def require_permission(
    session: AsyncSession, group: Group, turn: TurnInput, permission: Permission, refusal: str
) -> Member:
    """The sender as an active member holding a role `permission` allows, or `refusal`."""
    member = await active_member(session, group.id, turn)
    if not may(member, permission):
        raise UserFacingError(refusal)
    assert member is not None  # may() is False for None
    return member
