"""Gone 1:1 chats stay gone: a chat Teams answered 403 (blocked, bot removed, writes
blocked) or 404 (not found) is written to once, marked gone, and never asked for again
through the connector; the person's later messages go straight to the channel @mention,
also when that fallback post has to be retried. Only the person writing to the bot (or
reinstalling it) opens the chat again. Real database, loopback connector that behaves
as Teams does with such chats (tests/support/reminders_connector.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox.dispatcher import Dispatcher
from storage.db import unit_of_work
from storage.directory.models import Conversation
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxStatus
from tests.conftest import make_settings, start_bot
from tests.support import teams
from tests.support.reminders_connector import RemindersConnector
from tests.support.reminders_world import MONDAY_10, MovableClock, seed_world
from tests.support.teams import ANNA, MALIN, TEAM_ID, TENANT, User

GONE_ANSWERS = [
    (403, "ConversationBlockedByUser"),
    (403, "BotNotInConversationRoster"),
    (403, "MessageWritesBlocked"),
    (404, "ConversationNotFound"),
]


async def nudge(
    sessions: async_sessionmaker[AsyncSession], key: str, user: User, group_id: int, fallback: int
) -> None:
    async with unit_of_work(sessions) as session:
        assert await outbox.enqueue(
            session,
            key=key,
            tenant_id=TENANT,
            kind="questionnaire_nudge",
            due_at=MONDAY_10,
            user_aad_id=user.aad_object_id,
            fallback_conversation_pk=fallback,
            text=f"Påminnelse {key}",
            group_id=group_id,
        )


async def delivered_via(sessions: async_sessionmaker[AsyncSession], key: str) -> str | None:
    async with sessions() as session:
        row = await outbox.find(session, key)
    assert row is not None and row.status == OutboxStatus.SENT
    return row.delivered_via


async def chat_active(sessions: async_sessionmaker[AsyncSession], conversation_id: str) -> bool:
    async with sessions() as session:
        active = await session.scalar(
            select(Conversation.active).where(Conversation.conversation_id == conversation_id)
        )
    assert active is not None
    return active


@pytest.mark.parametrize(("status", "code"), GONE_ANSWERS)
async def test_a_gone_chat_gets_one_attempt_and_later_messages_go_straight_to_the_channel(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
    clock: MovableClock,
    status: int,
    code: str,
) -> None:
    world = await seed_world(sessions, rconnector.url, with_personal=(ANNA,))
    chat = teams.personal_conversation_id(ANNA)
    rconnector.gone[chat] = (status, code)
    rconnector.chats[ANNA.teams_id] = chat  # "creating" her chat hands back this one

    await nudge(sessions, "n1", ANNA, world.group_id, world.channel_pk)
    assert await dispatcher.run_once() == 1
    assert rconnector.send_attempts[chat] == 1
    assert await delivered_via(sessions, "n1") == "fallback"
    assert not await chat_active(sessions, chat)

    # The next message: no create, no post to the chat, straight to the @mention — and a
    # retried fallback (the channel answers 503 once) does not start the chain again.
    rconnector.fail_with_code(503, "ServiceUnavailable", conversation_id=TEAM_ID)
    await nudge(sessions, "n2", ANNA, world.group_id, world.channel_pk)
    assert await dispatcher.run_once() == 0
    clock.advance(minutes=5)
    assert await dispatcher.run_once() == 1
    assert await delivered_via(sessions, "n2") == "fallback"

    assert rconnector.send_attempts[chat] == 1  # exactly one attempt at the gone chat
    assert rconnector.created_conversations() == []
    assert not await chat_active(sessions, chat)
    assert rconnector.texts(TEAM_ID) == [
        f"<at>{ANNA.name}</at> Påminnelse n1",
        f"<at>{ANNA.name}</at> Påminnelse n2",
    ]


async def test_a_chat_the_bot_created_and_found_blocked_is_not_created_again(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url)
    chat = "a:malin-chat"
    rconnector.chats[MALIN.teams_id] = chat
    rconnector.gone[chat] = (403, "ConversationBlockedByUser")
    for key in ("n1", "n2", "n3"):
        await nudge(sessions, key, MALIN, world.group_id, world.channel_pk)
        assert await dispatcher.run_once() == 1
        assert await delivered_via(sessions, key) == "fallback"
    assert len(rconnector.created_conversations()) == 1  # asked for once, for n1
    assert rconnector.send_attempts[chat] == 1
    assert not await chat_active(sessions, chat)


async def test_one_batch_with_two_messages_for_a_gone_chat_tries_it_once(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url, with_personal=(ANNA,))
    chat = teams.personal_conversation_id(ANNA)
    rconnector.gone[chat] = (403, "ConversationBlockedByUser")
    rconnector.chats[ANNA.teams_id] = chat
    for key in ("n1", "n2", "n3"):
        await nudge(sessions, key, ANNA, world.group_id, world.channel_pk)
    assert await dispatcher.run_once() == 3
    assert rconnector.send_attempts[chat] == 1
    assert rconnector.created_conversations() == []


async def test_writing_to_the_bot_opens_the_gone_chat_again(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url, with_personal=(ANNA,))
    chat = teams.personal_conversation_id(ANNA)
    rconnector.gone[chat] = (403, "ConversationBlockedByUser")
    rconnector.chats[ANNA.teams_id] = chat
    await nudge(sessions, "n1", ANNA, world.group_id, world.channel_pk)
    assert await dispatcher.run_once() == 1
    assert not await chat_active(sessions, chat)

    # Anna unblocks the bot and writes to it: inbound, the chat is hers again.
    del rconnector.gone[chat]
    bot = await start_bot(make_settings(database_url), rconnector)
    try:
        response = await bot.post(teams.message("personal", "hjälp", ANNA, rconnector.url))
        assert response.status == 201
    finally:
        await bot.http.close()
        await bot.server.close()
    assert await chat_active(sessions, chat)

    await nudge(sessions, "n2", ANNA, world.group_id, world.channel_pk)
    assert await dispatcher.run_once() == 1
    assert await delivered_via(sessions, "n2") == "personal"
    assert rconnector.texts(chat)[-1] == "Påminnelse n2"
