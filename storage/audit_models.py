"""Audit log: who changed what, as ids and action names only (never free text)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    group_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The actor's AAD object id; "system" for jobs and administrators' CLI commands.
    actor_aad_id: Mapped[str] = mapped_column(String(64), index=True, info={"personal": "aad"})
    action: Mapped[str] = mapped_column(String(64))  # e.g. "role.change", "organisation.set"
    subject_type: Mapped[str] = mapped_column(String(32))  # e.g. "member", "decision"
    subject_id: Mapped[str] = mapped_column(String(64))  # an id, never a name
    detail: Mapped[str | None] = mapped_column(String(64))  # a code, e.g. "ledamot->processledare"
