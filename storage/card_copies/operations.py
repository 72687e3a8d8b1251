"""Remember and find the posted copies of an object's card (see models.py).

Plain async functions over an AsyncSession; the caller owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.card_copies.models import CardCopy
from storage.db import AsyncSession
from storage.upsert import get_or_insert

# A decision shown a hundred times from lists would otherwise mean a hundred updates on
# every status change; the newest copies are the ones people still look at.
MAX_COPIES = 20


@dataclass(frozen=True)
class Copy:
    conversation_pk: int
    activity_id: str


def decision_subject(decision_id: int) -> str:
    return f"decision:{decision_id}"


def meeting_subject(meeting_id: int) -> str:
    """A meeting's kallelse card (the RSVP card with agenda and follow-up)."""
    return f"meeting:{meeting_id}"


async def remember_copy(
    session: AsyncSession,
    *,
    tenant_id: str,
    subject: str,
    conversation_pk: int,
    activity_id: str,
    now: datetime,
) -> None:
    """Idempotent: a copy is remembered once (also when two hooks race)."""
    await get_or_insert(
        session,
        select(CardCopy).where(
            CardCopy.subject == subject,
            CardCopy.conversation_pk == conversation_pk,
            CardCopy.activity_id == activity_id,
        ),
        lambda: CardCopy(
            tenant_id=tenant_id,
            subject=subject,
            conversation_pk=conversation_pk,
            activity_id=activity_id,
            created_at=now,
        ),
    )


async def copies_of(session: AsyncSession, subject: str) -> list[Copy]:
    """The newest copies first, at most MAX_COPIES."""
    query = (
        select(CardCopy.conversation_pk, CardCopy.activity_id)
        .where(CardCopy.subject == subject)
        .order_by(CardCopy.id.desc())
        .limit(MAX_COPIES)
    )
    return [Copy(pk, activity_id) for pk, activity_id in await session.execute(query)]
