"""The audit event of what a member did in a turn.

Flows audit through this one function so that every event carries the turn's tenant and
the app's clock (`turn.now`, which tests move), never the wall clock; the event is
written in the turn's unit of work by storage.audit, which also keeps `detail` a short
code rather than free text.
"""

from __future__ import annotations

from dialogs.turn import TurnInput
from storage import audit
from storage.db import AsyncSession
from storage.directory.models import Member


async def record_action(
    session: AsyncSession,
    turn: TurnInput,
    actor: Member,
    action: str,
    *,
    subject_type: str,
    subject_id: int | str,
    group_id: int,
    detail: str | None = None,
) -> None:
    await audit.record(
        session,
        tenant_id=turn.tenant_id,
        actor_aad_id=actor.aad_object_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        group_id=group_id,
        detail=detail,
        at=turn.now,
    )
