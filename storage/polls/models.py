"""Date polls (term planning): a poll, its proposed dates, and each member's answers.

Answers are one row per (option, member), enforced by a unique constraint, and carry a
`version` (when the answer was given) so a late redelivery of an older click can never
overwrite a newer one (see storage/polls/operations.py).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Enum,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, UTCDateTime, utcnow


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class PollStatus(enum.StrEnum):
    OPEN = "open"  # members answer
    CLOSED = "closed"  # answers locked (deadline or organiser), no date chosen yet
    DECIDED = "decided"  # dates chosen, meetings created


class PollChoice(enum.StrEnum):
    YES = "yes"
    IF_NEEDED = "if_needed"
    NO = "no"


class Poll(Base):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(String(200), info={"free_text": True})
    # The organiser is whoever proposed the dates; they (and the chair and secretary) close.
    organiser_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), info={"personal": "member"}
    )
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    status: Mapped[PollStatus] = mapped_column(_enum(PollStatus), default=PollStatus.OPEN)
    # Organiser's choice: per-person answers stay off the card until they reveal them.
    # The proposer's language: the shared card keeps it whoever clicks (one card, one language).
    language: Mapped[str] = mapped_column(String(2), default="sv")
    hide_answers: Mapped[bool] = mapped_column(Boolean, default=False)
    answers_revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The channel message holding the poll card, updated in place on every answer.
    activity_id: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # "organiser" or "deadline": who or what closed it (a code, shown on the card).
    closed_by: Mapped[str | None] = mapped_column(String(16))

    options: Mapped[list[PollOption]] = relationship(
        back_populates="poll", lazy="raise", order_by="PollOption.position"
    )


class PollOption(Base):
    """One proposed date; times in UTC, `has_time` False for a whole-day proposal."""

    __tablename__ = "poll_options"
    __table_args__ = (UniqueConstraint("poll_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    has_time: Mapped[bool] = mapped_column(Boolean, default=True)
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)

    poll: Mapped[Poll] = relationship(back_populates="options", lazy="raise")


class PollAnswer(Base):
    """A member's answer for one date; exactly one row per (option, member)."""

    __tablename__ = "poll_answers"
    __table_args__ = (UniqueConstraint("option_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("poll_options.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True, info={"personal": "member"}
    )
    choice: Mapped[PollChoice] = mapped_column(_enum(PollChoice))
    # When the answer was given (the activity's timestamp when the edge passes it, else
    # the turn's clock): the newest version wins, whatever order deliveries arrive in.
    version: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
