"""Retention purge through the real scheduler wrapper with a controllable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import register_feature_jobs
from bot.scheduler import Scheduler
from storage import audit, downloads
from storage.audit_models import AuditEvent
from storage.db import unit_of_work
from storage.download_models import Download

NOW = datetime(2026, 11, 23, 2, 15, tzinfo=UTC)


async def test_nightly_purge_removes_expired_downloads_and_old_audit_events(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with unit_of_work(sessions) as session:
        await downloads.offer(
            session,
            tenant_id="t",
            file_name="old.csv",
            content_type="text/csv",
            data=b"x",
            now=NOW - timedelta(days=8),
        )
        await downloads.offer(
            session,
            tenant_id="t",
            file_name="new.csv",
            content_type="text/csv",
            data=b"y",
            now=NOW - timedelta(days=1),
        )
        for days in (800, 10):
            await audit.record(
                session,
                tenant_id="t",
                actor_aad_id="a",
                action="role.change",
                subject_type="member",
                subject_id=1,
                at=NOW - timedelta(days=days),
            )
    scheduler = Scheduler(sessions, clock=lambda: NOW)
    register_feature_jobs(scheduler)
    assert "retention-purge" in scheduler.job_ids()
    await scheduler.run_now("dialogs.retention:purge_expired")
    assert scheduler.failures == 0
    async with sessions() as session:
        names = (await session.scalars(select(Download.file_name))).all()
        assert list(names) == ["new.csv"]
        assert await session.scalar(select(func.count()).select_from(AuditEvent)) == 1
