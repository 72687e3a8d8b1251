"""The transactional outbox: every message sent outside the turn that caused it.

A feature writes a row in the same unit of work as the change that calls for the message
(a poll closed, a questionnaire opened), so the message exists exactly when the change
does. The dispatcher (bot/outbox/dispatcher.py) claims due rows with a lease, sends them and
marks them sent. The unique `key` makes enqueueing idempotent: a rule that fires twice
creates one message.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Enum, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, utcnow


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for due_at (or for a retry), or claimed under a lease
    SENT = "sent"
    CANCELLED = "cancelled"  # withdrawn by the feature, e.g. the person answered
    FAILED = "failed"  # dead-lettered after repeated failures
    DROPPED = "dropped"  # nowhere to deliver: conversation gone, group deleted, opted out


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The dispatcher's claim query: pending rows by due time.
        Index("ix_outbox_messages_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    status: Mapped[OutboxStatus] = mapped_column(
        Enum(
            OutboxStatus,
            native_enum=False,
            length=16,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=OutboxStatus.PENDING,
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A message whose moment has passed: from then on it is dropped unsent ("superseded"),
    # e.g. a "due soon" nudge still pending once the due date is past (the bot was down).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Where to post: a stored conversation, or a person's personal chat with a fallback.
    conversation_pk: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    user_aad_id: Mapped[str | None] = mapped_column(String(64), info={"personal": "aad"})
    fallback_conversation_pk: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    text: Mapped[str | None] = mapped_column(Text, info={"free_text": True})
    card: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # [{"teams_user_id": ..., "name": ...}]: who is @mentioned when posted in a channel.
    mentions: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    update_activity_id: Mapped[str | None] = mapped_column(String(256))
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str | None] = mapped_column(String(128), index=True)
    # A nudge (a reminder to act) obeys office hours, a group's pause and a person's
    # opt-out; other messages (results, invitations, card updates) are always delivered.
    nudge: Mapped[bool] = mapped_column(Boolean, default=False)
    # Delivery bookkeeping.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(64))  # a code, never a message body
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_activity_id: Mapped[str | None] = mapped_column(String(256))
    # "conversation", "personal" or "fallback": how it reached its reader.
    delivered_via: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class OutboxTenantBudget(Base):
    """Teams' per-tenant send budget shared by every instance (PostgreSQL): the moment,
    in seconds since the epoch by the database's clock, from which the next send slot
    is free. Instances reserve slots by moving it forward atomically
    (storage/outbox/budget.py); SQLite runs one instance and does not use it."""

    __tablename__ = "outbox_tenant_budgets"

    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_slot: Mapped[float] = mapped_column(Float, default=0.0)
