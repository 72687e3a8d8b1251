"""Who may do what with polls and meetings, decided from stored members only.

Identity is the turn's tenant + the sender's AAD object id, looked up in the group of the
conversation the turn came from. Card payloads name a poll or meeting by id; the id must
belong to that same group, so a payload replayed in another team finds nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.turn import TurnInput, UserFacingError
from storage.directory import operations as directory
from storage.directory.models import Group, Member, Role

# Besides the organiser (who proposed or called it), these roles manage polls and meetings.
MANAGING_ROLES = frozenset({Role.CHAIR, Role.SECRETARY})


async def require_group(session: AsyncSession, turn: TurnInput) -> Group:
    if not turn.in_group:
        raise UserFacingError("error.group_only")
    group = await directory.find_group(session, turn.tenant_id, turn.ref.conversation_id)
    if group is None:  # note_activity runs first on every turn, so this is a real surprise
        raise UserFacingError("error.group_only")
    return group


async def require_member(
    session: AsyncSession, group: Group, turn: TurnInput, refusal: str
) -> Member:
    aad_id = turn.sender.aad_object_id
    # directory.get_member, not a poll-specific query: note_activity has already read this
    # member in the same unit of work, and the directory hands that row back for free.
    member = await directory.get_member(session, group.id, aad_id) if aad_id else None
    if member is None or not member.active:
        raise UserFacingError(refusal)
    return member


def may_manage(member: Member, organiser_member_id: int | None) -> bool:
    return member.active and (member.id == organiser_member_id or member.role in MANAGING_ROLES)


def answer_version(turn: TurnInput) -> datetime:
    """When the answer was given: the activity's own timestamp when the edge supplies it
    (so an older redelivery loses to a newer click), else the turn's clock. Never later
    than the turn's clock, so a skewed timestamp cannot pin an answer in the future."""
    timestamp = turn.timestamp
    if timestamp is not None:
        return min(timestamp, turn.now)
    return turn.now
