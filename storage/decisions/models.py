"""The decision register (beslutslogg): decisions, their owners, status history, the
per-group-year number counter, pending minutes imports and follow-up runs.

Full-text search is not modelled here: the SQLite FTS5 table and its triggers, and the
PostgreSQL GIN index, are created by the migration (d001) and queried by
storage/decisions/search.py.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Date,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, UTCDateTime, utcnow
from storage.directory.models import Member

MAX_DECISION_TEXT = 2000
MAX_AGENDA_ITEM = 200
MAX_OWNER_TEXT = 200


class DecisionStatus(enum.StrEnum):
    """The Swedish word is what is stored and what users see on Swedish cards."""

    OPEN = "öppen"
    IN_PROGRESS = "pågår"
    DONE = "klar"
    OBSOLETE = "inaktuell"


CLOSED_STATUSES = frozenset({DecisionStatus.DONE, DecisionStatus.OBSOLETE})


class DecisionSource(enum.StrEnum):
    TEXT = "text"  # `beslut: …`
    FORM = "form"  # `beslut ny`
    MESSAGE = "message"  # the "Logga som beslut" message action
    MINUTES = "minutes"  # `protokoll` import


class DecisionKind(enum.StrEnum):
    """A decision ("Beslut: …") or a task the minutes give someone ("Marie skickar …").
    Both are register entries: numbered, owned, followed up and searched alike."""

    DECISION = "decision"
    TASK = "task"


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


def reference_of(year: int, number: int) -> str:
    return f"B-{year}-{number:03d}"


class DecisionCounter(Base):
    """The last number handed out per group and year. Incremented with an UPDATE in the
    transaction that stores the decision, so two decisions logged at the same moment
    queue on this row and never share a number."""

    __tablename__ = "decision_counters"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Decision(Base):
    __tablename__ = "decisions"
    # The counter is the mechanism; the constraint is the proof.
    __table_args__ = (
        UniqueConstraint("group_id", "year", "number"),
        UniqueConstraint("group_id", "origin_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    item: Mapped[str | None] = mapped_column(String(MAX_AGENDA_ITEM), info={"free_text": True})
    text: Mapped[str] = mapped_column(String(MAX_DECISION_TEXT), info={"free_text": True})
    # Owners written in the text that are not members (a role nobody holds, a guest):
    # kept as written so the record is complete, never used for authorisation.
    owner_text: Mapped[str | None] = mapped_column(String(MAX_OWNER_TEXT), info={"free_text": True})
    due: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[DecisionStatus] = mapped_column(
        _enum(DecisionStatus), default=DecisionStatus.OPEN, index=True
    )
    # Bumped on every status change; a card button carries the revision it was drawn
    # from, so a replayed click is recognised even after the status went back and forth.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[DecisionSource] = mapped_column(_enum(DecisionSource))
    kind: Mapped[DecisionKind] = mapped_column(
        _enum(DecisionKind), default=DecisionKind.DECISION, server_default="decision"
    )
    # The meeting the entry was taken at (imported minutes); None for one logged in chat.
    meeting_date: Mapped[date | None] = mapped_column(Date)
    logged_by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), info={"personal": "member"}
    )
    logged_by_aad_id: Mapped[str] = mapped_column(String(64), info={"personal": "aad"})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # Where the decision came from, e.g. "form:<card activity id>", "message:<message id>",
    # "minutes:<fingerprint>" (see operations.minutes_origin): a redelivered or
    # double-clicked submit, or the same minutes imported again, finds the decision it
    # already made (unique per group).
    origin_key: Mapped[str | None] = mapped_column(String(300))
    # The message that holds the decision's card, for updates from outside a turn.
    card_activity_id: Mapped[str | None] = mapped_column(String(256))

    owners: Mapped[list[DecisionOwner]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="DecisionOwner.id"
    )
    logged_by: Mapped[Member | None] = relationship(lazy="raise")

    @property
    def reference(self) -> str:
        """The human number, e.g. B-2026-014."""
        return reference_of(self.year, self.number)


class DecisionOwner(Base):
    __tablename__ = "decision_owners"
    __table_args__ = (UniqueConstraint("decision_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True, info={"personal": "member"}
    )

    member: Mapped[Member] = relationship(lazy="raise")


class DecisionEvent(Base):
    """The audit trail of a decision: created (from_status None) and every status change."""

    __tablename__ = "decision_events"
    __table_args__ = (UniqueConstraint("decision_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decisions.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), info={"personal": "member"}
    )
    actor_aad_id: Mapped[str] = mapped_column(String(64), info={"personal": "aad"})
    from_status: Mapped[DecisionStatus | None] = mapped_column(_enum(DecisionStatus))
    to_status: Mapped[DecisionStatus] = mapped_column(_enum(DecisionStatus))
    # The decision's revision this change produced: one row per revision, so the same
    # change can never be recorded twice.
    revision: Mapped[int] = mapped_column(Integer)


class DecisionImport(Base):
    """Decisions read from pasted minutes, waiting for a person to confirm them.
    Single use: `confirmed_at` is set by the one transaction that stores them."""

    __tablename__ = "decision_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    created_by_aad_id: Mapped[str] = mapped_column(String(64), info={"personal": "aad"})
    # The extracted decisions as JSON; emptied on confirm so the minutes' text is not
    # kept twice.
    payload: Mapped[str] = mapped_column(Text, info={"free_text": True})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DecisionFollowUp(Base):
    """When `beslut uppföljning` last ran for a group: the next run lists what was
    closed since then."""

    __tablename__ = "decision_follow_ups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
