"""The nightly retention job (registered by bot/features/maintenance.py)."""

from __future__ import annotations

import logging

from dialogs.turn import JobContext
from storage.retention import RetentionPolicy, purge

log = logging.getLogger(__name__)


async def purge_expired(ctx: JobContext) -> None:
    audit_days = ctx.kwargs.get("audit_days")
    policy = RetentionPolicy(audit_days=int(audit_days)) if audit_days else RetentionPolicy()
    purged = await purge(ctx.session, now=ctx.now, policy=policy)
    log.info("retention purge %s", " ".join(f"{k}={v}" for k, v in sorted(purged.items())))
