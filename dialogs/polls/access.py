"""Who may manage a poll or meeting (its organiser, or a role of dialogs/access.py).

Identity is the turn's tenant + the sender's AAD object id, looked up in the group of the
conversation the turn came from. Card payloads name a poll or meeting by id; the id must
belong to that same group, so a payload replayed in another team finds nothing.
"""

from __future__ import annotations

from datetime import datetime

from dialogs.access import Permission, roles_for
from dialogs.turn import TurnInput
from storage.directory.models import Member

# Besides the organiser (who proposed or called it), these roles manage polls and meetings.
MANAGING_ROLES = roles_for(Permission.MANAGE_MEETINGS)


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
