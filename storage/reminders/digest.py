"""Where the weekly digest ("Veckans läge") can go: every group with a live channel."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.directory.models import Conversation, ConversationKind, Group


async def active_group_channels(session: AsyncSession) -> list[tuple[Group, Conversation]]:
    """Each group whose conversation is still active and not a 1:1 chat, by group id."""
    query = (
        select(Group, Conversation)
        .join(Conversation, Group.conversation_pk == Conversation.id)
        .where(Conversation.active, Conversation.kind != ConversationKind.PERSONAL)
        .order_by(Group.id)
    )
    return [(group, conversation) for group, conversation in (await session.execute(query)).all()]
