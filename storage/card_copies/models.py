"""Every posted copy of an object's card: the channel card of a decision, the copy shown
from `beslut lista` or `beslut sök`, a copy in someone's personal chat.

One truth per object: when the object changes, every copy is redrawn from it (or marked
replaced), so no message in Teams keeps saying "öppen" about a decision that is done.
A copy is named by its conversation (the stored row) and the activity id Teams gave the
message; the subject is the object's kind and id ("decision:12").
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, utcnow


class CardCopy(Base):
    __tablename__ = "card_copies"
    __table_args__ = (UniqueConstraint("subject", "conversation_pk", "activity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(128), index=True)
    conversation_pk: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
