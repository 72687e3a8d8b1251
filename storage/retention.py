"""Retention: delete what has outlived its purpose (expired downloads, old audit events).

Official records (decisions, answers, meetings) are not purged here: the authority's own
archive rules (gallringsbeslut) decide over them. What is purged is operational data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage import downloads
from storage.audit_models import AuditEvent


@dataclass(frozen=True)
class RetentionPolicy:
    audit_days: int = 730


async def purge(session: AsyncSession, *, now: datetime, policy: RetentionPolicy) -> dict[str, int]:
    purged = {"downloads": await downloads.purge_expired(session, now=now)}
    result = await session.execute(
        delete(AuditEvent).where(AuditEvent.at < now - timedelta(days=policy.audit_days))
    )
    purged["audit_events"] = int(getattr(result, "rowcount", 0) or 0)
    return purged
