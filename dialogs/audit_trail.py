"""The audit record of what a member did to a poll or meeting in this turn: one place
for how a turn's sender, group and clock become an audit event."""

from __future__ import annotations

from dialogs.turn import TurnInput
from storage import audit
from storage.db import AsyncSession
from storage.directory.models import Group, Member


async def record_action(
    session: AsyncSession,
    turn: TurnInput,
    actor: Member,
    group: Group,
    *,
    action: str,
    subject_type: str,
    subject_id: int,
    detail: str | None = None,
) -> None:
    await audit.record(
        session,
        tenant_id=turn.tenant_id,
        actor_aad_id=actor.aad_object_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        group_id=group.id,
        detail=detail,
        at=turn.now,
    )
