"""The outbox API features use: queue a message for later, withdraw queued messages.

Contract (shared with every feature engineer):

- `enqueue(...)` writes one row in the caller's unit of work. The message exists if and
  only if the caller's transaction commits. `key` is the idempotency key: enqueueing a
  key that already exists (pending, sent or cancelled) does nothing and returns False,
  so a rule that fires twice — two scheduler ticks, two bot instances, a restart — still
  creates one message. Build keys from (subject, kind, occasion, target), e.g.
  f"poll:{poll_id}:closing_soon:{aad_id}".
- `cancel(key_prefix=...)` withdraws every still-pending row whose key starts with the
  prefix. Call it in the unit of work that records an answer ("never nudge someone who
  already answered"): e.g. cancel(key_prefix=f"poll:{poll_id}:closing_soon:{aad_id}").
  A row already claimed by a dispatcher and being sent at that very moment is not
  stopped (it is a few milliseconds from the reader); everything later is.
- Delivery is the dispatcher's business (bot/outbox/dispatcher.py): channel posts, 1:1 chats
  with a fallback @mention in `fallback_conversation_pk`, in-place card updates, Teams
  rate limits, retries, dead letters. Nudges also respect office hours on Swedish
  working days, the group's pause and the person's opt-out of personal nudges (see
  `nudge` below).

No text is checked here for personal identity numbers: storage cannot import the PII
guard (dialogs.text.pii); callers build their texts from already-checked data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import utcnow
from storage.outbox.models import OutboxMessage, OutboxStatus

MAX_KEY = 255
MAX_KIND = 64
MAX_SUBJECT = 128
# Words in a `kind` that mark a nudge when the caller does not say (see `is_nudge_kind`).
NUDGE_WORDS = ("nudge", "remind", "closing_soon", "påminn")


@dataclass(frozen=True)
class OutboxMention:
    teams_user_id: str
    name: str


class OutboxError(ValueError):
    """A malformed enqueue: a programming error in the calling feature, not user input."""


def is_nudge_kind(kind: str) -> bool:
    """Convention for kinds: a reminder to act contains "nudge" or "reminder" (or
    "closing_soon"), e.g. "questionnaire_nudge", "meeting_rsvp_reminder". Results,
    invitations and card updates ("poll_result", "questionnaire_status") are not."""
    lowered = kind.lower()
    return any(word in lowered for word in NUDGE_WORDS)


def _validate(
    *,
    key: str,
    tenant_id: str,
    kind: str,
    due_at: datetime,
    conversation_pk: int | None,
    user_aad_id: str | None,
    text: str | None,
    card: dict[str, Any] | None,
    update_activity_id: str | None,
    subject: str | None,
    expires_at: datetime | None = None,
) -> None:
    if not key or len(key) > MAX_KEY:
        raise OutboxError(f"key must be 1..{MAX_KEY} characters")
    if not tenant_id:
        raise OutboxError("tenant_id is required")
    if not kind or len(kind) > MAX_KIND:
        raise OutboxError(f"kind must be 1..{MAX_KIND} characters")
    if subject is not None and len(subject) > MAX_SUBJECT:
        raise OutboxError(f"subject must be at most {MAX_SUBJECT} characters")
    if due_at.tzinfo is None:
        raise OutboxError("due_at must be timezone-aware (UTC)")
    if expires_at is not None and (expires_at.tzinfo is None or expires_at <= due_at):
        raise OutboxError("expires_at must be timezone-aware and after due_at")
    if conversation_pk is None and not user_aad_id:
        raise OutboxError("give conversation_pk or user_aad_id")
    if not text and card is None:
        raise OutboxError("give text or card")
    if update_activity_id and conversation_pk is None:
        raise OutboxError("update_activity_id needs the conversation_pk holding the activity")


async def enqueue(
    session: AsyncSession,
    *,
    key: str,
    tenant_id: str,
    kind: str,
    due_at: datetime,
    conversation_pk: int | None = None,
    user_aad_id: str | None = None,
    fallback_conversation_pk: int | None = None,
    text: str | None = None,
    card: dict[str, Any] | None = None,
    mentions: Sequence[OutboxMention] = (),
    update_activity_id: str | None = None,
    group_id: int | None = None,
    subject: str | None = None,
    nudge: bool | None = None,
    expires_at: datetime | None = None,
) -> bool:
    """Queue one message; True if a new row was created, False if `key` already existed.

    `conversation_pk` posts into that conversation (with @mentions of `mentions`), or
    with `update_activity_id` replaces that activity there. `user_aad_id` delivers to
    the person's personal chat (created through the connector if needed) or, when that
    is impossible, to `fallback_conversation_pk` with an @mention of them. `nudge`
    defaults to `is_nudge_kind(kind)`. `expires_at`: from then on the message no longer
    applies (a "due soon" nudge once the due date has passed, while the bot was down or
    office hours held it back): it is dropped unsent as "superseded".
    """
    _validate(
        key=key,
        tenant_id=tenant_id,
        kind=kind,
        due_at=due_at,
        conversation_pk=conversation_pk,
        user_aad_id=user_aad_id,
        text=text,
        card=card,
        update_activity_id=update_activity_id,
        subject=subject,
        expires_at=expires_at,
    )
    now = utcnow()
    values = {
        "key": key,
        "tenant_id": tenant_id,
        "kind": kind,
        "status": OutboxStatus.PENDING,
        "due_at": due_at,
        "expires_at": expires_at,
        "conversation_pk": conversation_pk,
        "user_aad_id": user_aad_id,
        "fallback_conversation_pk": fallback_conversation_pk,
        "text": text,
        "card": card,
        "mentions": [{"teams_user_id": m.teams_user_id, "name": m.name} for m in mentions],
        "update_activity_id": update_activity_id,
        "group_id": group_id,
        "subject": subject,
        "nudge": is_nudge_kind(kind) if nudge is None else nudge,
        "attempts": 0,
        "created_at": now,
        "updated_at": now,
    }
    # INSERT … ON CONFLICT DO NOTHING: a duplicate key neither raises nor aborts the
    # caller's PostgreSQL transaction, and two concurrent enqueues cannot both win.
    # The backend's own INSERT, imported here: the other backend's dialect would only slow
    # the bot's start-up.
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = (
        insert(OutboxMessage)
        .values(values)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(OutboxMessage.id)
    )
    created = (await session.execute(statement)).scalar_one_or_none()
    return created is not None


async def cancel(session: AsyncSession, *, key_prefix: str = "", key: str = "") -> int:
    """Withdraw pending rows whose key starts with `key_prefix`, or the row with exactly
    `key` (a unique-index look-up, cheap enough for every click); returns how many."""
    if bool(key_prefix) == bool(key):
        raise OutboxError("give key_prefix or key (an empty prefix would cancel everything)")
    if key:
        values = {"cancel_key": key, "cancelled_at": utcnow()}
        result = await session.execute(_CANCEL_BY_KEY, values)
    else:
        result = await session.execute(
            update(OutboxMessage)
            # autoescape: keys contain "_" (a LIKE wildcard) in kinds such as closing_soon.
            .where(
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.key.startswith(key_prefix, autoescape=True),
            )
            .values(status=OutboxStatus.CANCELLED, lease_owner=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )
    return int(getattr(result, "rowcount", 0) or 0)


# Built once and on the table (no ORM bookkeeping): a poll answer withdraws the member's
# "closing soon" nudge by key on every click (issue #16).
_OUTBOX = cast(Table, OutboxMessage.__table__)
_CANCEL_BY_KEY = (
    update(_OUTBOX)
    .where(_OUTBOX.c.status == OutboxStatus.PENDING, _OUTBOX.c.key == bindparam("cancel_key"))
    .values(
        status=OutboxStatus.CANCELLED,
        lease_owner=None,
        lease_until=None,
        updated_at=bindparam("cancelled_at", type_=_OUTBOX.c.updated_at.type),
    )
)


async def find(session: AsyncSession, key: str) -> OutboxMessage | None:
    return await session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))


async def sent_activity_id(session: AsyncSession, key: str) -> str | None:
    """The Teams activity id a sent message got (to update that card later), or None."""
    return await session.scalar(
        select(OutboxMessage.sent_activity_id).where(
            OutboxMessage.key == key, OutboxMessage.status == OutboxStatus.SENT
        )
    )


# ---- what `påminnelser` and the weekly digest show ----------------------------------------


@dataclass(frozen=True)
class PendingOccasion:
    """Pending rows of one kind due at one moment: how many recipients an occasion has."""

    kind: str
    due_at: datetime
    count: int


async def pending_occasions(
    session: AsyncSession,
    *,
    group_id: int | None = None,
    tenant_id: str | None = None,
    user_aad_id: str | None = None,
    due_from: datetime | None = None,
    due_before: datetime | None = None,
    except_kind: str | None = None,
) -> list[PendingOccasion]:
    """Pending rows counted per (kind, due_at), earliest first; only the filters given apply."""
    conditions: list[ColumnElement[bool]] = [OutboxMessage.status == OutboxStatus.PENDING]
    if group_id is not None:
        conditions.append(OutboxMessage.group_id == group_id)
    if tenant_id is not None:
        conditions.append(OutboxMessage.tenant_id == tenant_id)
    if user_aad_id is not None:
        conditions.append(OutboxMessage.user_aad_id == user_aad_id)
    if due_from is not None:
        conditions.append(OutboxMessage.due_at >= due_from)
    if due_before is not None:
        conditions.append(OutboxMessage.due_at < due_before)
    if except_kind is not None:
        conditions.append(OutboxMessage.kind != except_kind)
    query = (
        select(OutboxMessage.kind, OutboxMessage.due_at, func.count(OutboxMessage.id))
        .where(*conditions)
        .group_by(OutboxMessage.kind, OutboxMessage.due_at)
        .order_by(OutboxMessage.due_at, OutboxMessage.kind)
    )
    return [
        PendingOccasion(kind=kind, due_at=due_at, count=int(count))
        for kind, due_at, count in (await session.execute(query)).all()
    ]


async def count_in_group(session: AsyncSession, group_id: int, status: OutboxStatus) -> int:
    """How many of the group's rows are in `status` (e.g. dead letters)."""
    return int(
        await session.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.group_id == group_id, OutboxMessage.status == status
            )
        )
        or 0
    )


# ---- snooze -------------------------------------------------------------------------------


async def get(session: AsyncSession, message_id: int) -> OutboxMessage | None:
    return await session.get(OutboxMessage, message_id)


async def snooze(session: AsyncSession, message: OutboxMessage, *, due_at: datetime) -> None:
    """Queue a sent or pending message again for `due_at` as if it were new: no attempts
    counted, no lease, not sent. Who may snooze what is the caller's rule."""
    message.status = OutboxStatus.PENDING
    message.due_at = due_at
    message.attempts = 0
    message.lease_owner = message.lease_until = None
    message.sent_at = None
    message.last_error = "snoozed"
    await session.flush()


# ---- retention ----------------------------------------------------------------------------


async def purge_finished(session: AsyncSession, *, before: datetime) -> int:
    """Delete sent, cancelled and dropped rows last touched before `before` (their texts
    name people; keeping them has no purpose). Dead letters stay for inspection."""
    result = await session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.status.in_(
                [OutboxStatus.SENT, OutboxStatus.CANCELLED, OutboxStatus.DROPPED]
            ),
            OutboxMessage.updated_at < before,
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
