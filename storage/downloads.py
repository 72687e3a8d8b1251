"""Files offered for download through short-lived links."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.download_models import Download

DOWNLOAD_LIFETIME = timedelta(days=7)
MAX_DOWNLOAD_BYTES = 10 * 1024 * 1024


async def offer(
    session: AsyncSession,
    *,
    tenant_id: str,
    file_name: str,
    content_type: str,
    data: bytes,
    now: datetime,
) -> Download:
    if len(data) > MAX_DOWNLOAD_BYTES:
        raise ValueError("download too large")
    download = Download(
        token=secrets.token_urlsafe(32),
        tenant_id=tenant_id,
        file_name=file_name,
        content_type=content_type,
        data=data,
        created_at=now,
        expires_at=now + DOWNLOAD_LIFETIME,
    )
    session.add(download)
    await session.flush()
    return download


async def fetch(session: AsyncSession, token: str, *, now: datetime) -> Download | None:
    download = await session.scalar(select(Download).where(Download.token == token))
    if download is None or download.expires_at <= now:
        return None
    return download


async def purge_expired(session: AsyncSession, *, now: datetime) -> int:
    result = await session.execute(delete(Download).where(Download.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)
