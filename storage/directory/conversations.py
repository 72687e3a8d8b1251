"""Conversation references: what the bot needs to reach a channel, group chat or person
later, kept per install and refreshed from every activity.

Plain async functions over an AsyncSession; the caller owns the transaction (one unit of
work per turn or job). Everything is idempotent: Teams redelivers install events and
sends installationUpdate and conversationUpdate for the same install.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from storage.base import utcnow
from storage.directory import memo
from storage.directory.models import Conversation, ConversationKind, Group, Member
from storage.upsert import get_or_insert


@dataclass(frozen=True)
class ConversationRef:
    """What the bot needs to reach a conversation later, as read from an activity."""

    tenant_id: str
    conversation_id: str
    kind: ConversationKind
    service_url: str
    bot_id: str
    bot_name: str | None = None
    channel_id: str = "msteams"
    team_id: str | None = None
    team_name: str | None = None
    teams_channel_id: str | None = None
    teams_channel_name: str | None = None
    user_aad_id: str | None = None
    locale: str | None = None


async def find_conversation(
    session: AsyncSession, tenant_id: str, conversation_id: str
) -> Conversation | None:
    known = memo.conversation(session, tenant_id, conversation_id)
    if known is not None:
        return known
    conversation = await session.scalar(
        select(Conversation).where(
            Conversation.tenant_id == tenant_id, Conversation.conversation_id == conversation_id
        )
    )
    if conversation is not None:
        memo.remember_conversation(session, conversation)
    return conversation


async def preload_turn(
    session: AsyncSession, tenant_id: str, conversation_id: str, aad_object_id: str | None
) -> None:
    """Read a turn's conversation, its group and the sender (with their organisation) in
    one round trip and remember them, so the lookups the turn makes next cost none."""
    if aad_object_id:
        query, values = _TURN_WITH_SENDER, {"aad_object_id": aad_object_id}
    else:
        query, values = _TURN, {}
    values |= {"tenant_id": tenant_id, "conversation_id": conversation_id}
    row = (await session.execute(query, values)).first()
    if row is None:
        return
    memo.remember_conversation(session, row[0])
    if row[1] is not None:
        memo.remember_group(session, row[1])
    if len(row) > 2 and row[2] is not None:
        memo.remember_member(session, row[2])


# Built once, not per turn: constructing them and their cache keys cost more CPU than
# running them (docs/performance.md, issue #16).
_TURN = (
    select(Conversation, Group)
    .outerjoin(Group, Group.conversation_pk == Conversation.id)
    .where(
        Conversation.tenant_id == bindparam("tenant_id"),
        Conversation.conversation_id == bindparam("conversation_id"),
    )
)
_TURN_WITH_SENDER = (
    _TURN.add_columns(Member)
    .outerjoin(
        Member,
        and_(Member.group_id == Group.id, Member.aad_object_id == bindparam("aad_object_id")),
    )
    .outerjoin(Member.organisation)
    .options(contains_eager(Member.organisation))
)


async def upsert_conversation(
    session: AsyncSession, ref: ConversationRef
) -> tuple[Conversation, bool]:
    """Store or refresh a reference; returns (conversation, became_active_now). Writes only
    what changed: on most turns nothing has, and a write would take the write lock."""
    known = memo.conversation(session, ref.tenant_id, ref.conversation_id)
    if known is not None:
        conversation, activated = known, False
    else:
        query = select(Conversation).where(
            Conversation.tenant_id == ref.tenant_id,
            Conversation.conversation_id == ref.conversation_id,
        )
        conversation, activated = await get_or_insert(
            session,
            query,
            lambda: Conversation(
                tenant_id=ref.tenant_id,
                conversation_id=ref.conversation_id,
                kind=ref.kind,
                service_url=ref.service_url,
                bot_id=ref.bot_id,
                active=True,
                installed_at=utcnow(),
            ),
        )
    if not activated and not conversation.active:
        activated = await _reactivate(session, conversation)
    changes = _reference_changes(conversation, ref)
    if changes:
        for name, value in changes.items():
            setattr(conversation, name, value)
        await session.flush()
    memo.remember_conversation(session, conversation)
    return conversation, activated


def _reference_changes(conversation: Conversation, ref: ConversationRef) -> dict[str, object]:
    """The columns `ref` would change. Names and locale are only sometimes present in an
    activity: a missing one keeps what we knew."""
    fresh: dict[str, object] = {
        "kind": ref.kind,
        "service_url": ref.service_url,
        "channel_id": ref.channel_id,
        "bot_id": ref.bot_id,
    }
    sometimes = {
        "bot_name": ref.bot_name,
        "team_id": ref.team_id,
        "team_name": ref.team_name,
        "teams_channel_id": ref.teams_channel_id,
        "teams_channel_name": ref.teams_channel_name,
        "user_aad_id": ref.user_aad_id,
        "locale": ref.locale,
    }
    fresh.update({name: value for name, value in sometimes.items() if value})
    return {name: value for name, value in fresh.items() if getattr(conversation, name) != value}


async def _reactivate(session: AsyncSession, conversation: Conversation) -> bool:
    """A reinstall. Conditional UPDATE, so of two concurrent install events exactly one
    reactivates (and may welcome); the other sees the row already active."""
    now = utcnow()
    result = await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id, Conversation.active.is_(False))
        .values(active=True, installed_at=now, uninstalled_at=None, welcomed_at=None)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(conversation)
    return bool(getattr(result, "rowcount", 0))


async def mark_welcomed(session: AsyncSession, conversation: Conversation) -> bool:
    """True for exactly one caller: Teams sends installationUpdate and conversationUpdate
    for one install at the same moment, and only one of them may welcome. A conditional
    UPDATE decides atomically on both backends."""
    now = utcnow()
    result = await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id, Conversation.welcomed_at.is_(None))
        .values(welcomed_at=now)
        .execution_options(synchronize_session=False)
    )
    won = bool(getattr(result, "rowcount", 0))
    if won:
        conversation.welcomed_at = now
    return won


async def deactivate_conversations(
    session: AsyncSession, tenant_id: str, *, conversation_id: str | None, team_id: str | None
) -> int:
    """Uninstall: a team uninstall covers all its channels; keep rows for the records."""
    query = select(Conversation).where(Conversation.tenant_id == tenant_id, Conversation.active)
    if team_id:
        query = query.where(Conversation.team_id == team_id)
    elif conversation_id:
        query = query.where(Conversation.conversation_id == conversation_id)
    else:
        return 0
    conversations = (await session.scalars(query)).all()
    now = utcnow()
    for conversation in conversations:
        conversation.active = False
        conversation.uninstalled_at = now
    await session.flush()
    return len(conversations)


async def personal_chat_gone(session: AsyncSession, tenant_id: str, user_aad_id: str) -> bool:
    """The person has a 1:1 chat with the bot that is no longer active: Teams said it is
    gone (blocked, bot removed, not found) or the app was uninstalled there. The bot
    does not write there again, nor re-create it (Teams would hand back the same chat),
    until the person writes to the bot or reinstalls it (`upsert_conversation`)."""
    found = await session.scalar(
        select(Conversation.id)
        .where(
            Conversation.tenant_id == tenant_id,
            Conversation.user_aad_id == user_aad_id,
            Conversation.kind == ConversationKind.PERSONAL,
            Conversation.active.is_(False),
        )
        .limit(1)
    )
    return found is not None


async def remember_created_chat(session: AsyncSession, ref: ConversationRef) -> Conversation | None:
    """Store a personal chat the bot created (the dispatcher, through the connector).
    Unlike `upsert_conversation` this never reactivates: creating a chat is the bot's
    own act, not the person's, and Teams answers with the id of the existing chat even
    when that chat is blocked. Returns None when the chat is one already known as gone."""
    existing = await session.scalar(
        select(Conversation).where(
            Conversation.tenant_id == ref.tenant_id,
            Conversation.conversation_id == ref.conversation_id,
        )
    )
    if existing is not None and not existing.active:
        return None
    conversation, _ = await upsert_conversation(session, ref)
    return conversation


async def personal_conversation(
    session: AsyncSession, tenant_id: str, user_aad_id: str
) -> Conversation | None:
    return await session.scalar(
        select(Conversation).where(
            Conversation.tenant_id == tenant_id,
            Conversation.user_aad_id == user_aad_id,
            Conversation.kind == ConversationKind.PERSONAL,
            Conversation.active,
        )
    )


async def unlink_personal_chats(session: AsyncSession, user_aad_id: str) -> int:
    """A pseudonymised person's 1:1 chats: inactive and no longer theirs, so no message
    can be routed to them by their id. If they write to the bot again, that chat is
    reactivated as a new install (upsert_conversation). Returns how many rows changed."""
    chats = (
        await session.scalars(
            select(Conversation).where(
                Conversation.user_aad_id == user_aad_id,
                Conversation.kind == ConversationKind.PERSONAL,
            )
        )
    ).all()
    now = utcnow()
    for chat in chats:
        if chat.active:
            chat.uninstalled_at = now
        chat.active = False
        chat.user_aad_id = None
    await session.flush()
    return len(chats)
