"""What the outbox dispatcher reads to deliver a claimed row: the conversations it names,
and how a person can be reached. Reads only; the rules that choose among these (paused
groups, opt-outs, fallbacks) are dialogs/reminders/delivery_rules.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.directory import conversations
from storage.directory.models import Conversation, Group, Member
from storage.reminders.settings import personal_nudges_on


async def conversations_by_pk(
    session: AsyncSession, conversation_pks: Iterable[int]
) -> dict[int, Conversation]:
    """The conversations of a claimed batch, in one query; unknown ids are left out."""
    wanted = set(conversation_pks)
    if not wanted:
        return {}
    rows = await session.scalars(select(Conversation).where(Conversation.id.in_(wanted)))
    return {conversation.id: conversation for conversation in rows}


@dataclass(frozen=True)
class PersonReach:
    """How one person can be reached, as stored now."""

    personal_nudges_on: bool
    personal: Conversation | None  # their active 1:1 chat with the bot
    # They had a 1:1 chat that is gone (blocked, removed, uninstalled): not re-created.
    personal_gone: bool
    fallback: Conversation | None  # the row's fallback conversation, if still active
    # Their Teams user id and name from the directory (to create a chat or @mention them).
    teams_user_id: str | None
    member_name: str | None
    # A conversation of the tenant to borrow the service URL and bot id from, to create
    # the personal chat: the fallback, else the group's conversation, else any active one.
    anchor: Conversation | None


async def person_reach(
    session: AsyncSession,
    *,
    tenant_id: str,
    user_aad_id: str,
    fallback_conversation_pk: int | None,
    group_id: int | None,
) -> PersonReach:
    personal = await conversations.personal_conversation(session, tenant_id, user_aad_id)
    fallback = None
    if fallback_conversation_pk is not None:
        candidate = await session.get(Conversation, fallback_conversation_pk)
        fallback = candidate if candidate is not None and candidate.active else None
    # A person may belong to several groups of the tenant: an active membership first.
    member = await session.scalar(
        select(Member)
        .join(Group, Member.group_id == Group.id)
        .where(
            Group.tenant_id == tenant_id,
            Member.aad_object_id == user_aad_id,
            Member.teams_user_id.is_not(None),
        )
        .order_by(Member.active.desc(), Member.id)
        .limit(1)
    )
    return PersonReach(
        personal_nudges_on=await personal_nudges_on(session, tenant_id, user_aad_id),
        personal=personal,
        personal_gone=personal is None
        and await conversations.personal_chat_gone(session, tenant_id, user_aad_id),
        fallback=fallback,
        teams_user_id=member.teams_user_id if member is not None else None,
        member_name=member.name if member is not None else None,
        anchor=fallback or await _anchor(session, tenant_id, group_id),
    )


async def _anchor(
    session: AsyncSession, tenant_id: str, group_id: int | None
) -> Conversation | None:
    if group_id is not None:
        group = await session.get(Group, group_id)
        if group is not None:
            conversation = await session.get(Conversation, group.conversation_pk)
            if conversation is not None:
                return conversation
    return await session.scalar(
        select(Conversation)
        .where(Conversation.tenant_id == tenant_id, Conversation.active)
        .order_by(Conversation.id)
        .limit(1)
    )
