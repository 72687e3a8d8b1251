"""Reminder settings: per group (pause, office hours, rules) and per person (opt-out).

A group without a settings row uses the defaults (not paused, 08–17, every rule on with
its own default lead time), so nothing needs creating when a group appears.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, utcnow

DEFAULT_OFFICE_START_HOUR = 8
DEFAULT_OFFICE_END_HOUR = 17


class ReminderGroupSettings(Base):
    __tablename__ = "reminder_group_settings"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_by_aad_id: Mapped[str | None] = mapped_column(String(64), info={"personal": "aad"})
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The pause ends by itself at this moment (UTC); None: until someone resumes.
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    office_start_hour: Mapped[int] = mapped_column(Integer, default=DEFAULT_OFFICE_START_HOUR)
    office_end_hour: Mapped[int] = mapped_column(Integer, default=DEFAULT_OFFICE_END_HOUR)
    # rule name -> {"enabled": bool, "lead_days": int}; absent rules use their defaults.
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ReminderPreference(Base):
    """A person's own choice, across their groups in one tenant: personal nudges on/off."""

    __tablename__ = "reminder_preferences"
    __table_args__ = (UniqueConstraint("tenant_id", "user_aad_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    user_aad_id: Mapped[str] = mapped_column(String(64), info={"personal": "aad"})
    personal_nudges: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
