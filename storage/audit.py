"""Record audit events in the same unit of work as the change they describe."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.audit_models import AuditEvent

# Details are codes, not prose: letters, digits and a few separators, bounded.
_DETAIL = re.compile(r"^[\w.:>\-/]{0,64}$")


async def record(
    session: AsyncSession,
    *,
    tenant_id: str,
    actor_aad_id: str,
    action: str,
    subject_type: str,
    subject_id: str | int,
    group_id: int | None = None,
    detail: str | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    if detail is not None and not _DETAIL.match(detail):
        raise ValueError("audit detail must be a short code, not free text")
    event = AuditEvent(
        tenant_id=tenant_id,
        group_id=group_id,
        actor_aad_id=actor_aad_id,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        detail=detail,
    )
    if at is not None:
        event.at = at
    session.add(event)
    await session.flush()
    return event


async def events_for_group(
    session: AsyncSession, group_id: int, limit: int = 200
) -> list[AuditEvent]:
    query = (
        select(AuditEvent)
        .where(AuditEvent.group_id == group_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list((await session.scalars(query)).all())
