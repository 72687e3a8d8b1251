"""The outbox dispatcher end to end: rows in a real database (SQLite and PostgreSQL),
sent over HTTP into a loopback Bot Connector, with a controllable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox.dispatcher import Dispatcher, DispatchOptions
from storage.db import unit_of_work
from storage.directory.models import Conversation, ConversationKind
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxMessage, OutboxStatus
from storage.reminders.settings import set_paused, set_personal_nudges
from tests.conftest import make_settings
from tests.support import teams
from tests.support.reminders_connector import RemindersConnector
from tests.support.reminders_world import MONDAY_10, MovableClock, seed_world
from tests.support.teams import ANNA, MALIN, TEAM_ID, TENANT


async def enqueue(sessions: async_sessionmaker[AsyncSession], **fields: Any) -> None:
    values: dict[str, Any] = {"tenant_id": TENANT, "due_at": MONDAY_10}
    values.update(fields)
    async with unit_of_work(sessions) as session:
        assert await outbox.enqueue(session, **values)


async def row(sessions: async_sessionmaker[AsyncSession], key: str) -> OutboxMessage:
    async with sessions() as session:
        found = await outbox.find(session, key)
    assert found is not None
    return found


async def conversation(sessions: async_sessionmaker[AsyncSession], pk: int) -> Conversation:
    async with sessions() as session:
        found = await session.get(Conversation, pk)
    assert found is not None
    return found


async def test_channel_post_with_mentions_is_sent_once(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url)
    await enqueue(
        sessions,
        key="poll:1:result",
        kind="poll_result",
        conversation_pk=world.channel_pk,
        text="Datumförslaget är avgjort.",
        card={"type": "AdaptiveCard", "version": "1.5", "body": []},
        mentions=(outbox.OutboxMention(ANNA.teams_id, ANNA.name),),
        group_id=world.group_id,
    )
    assert await dispatcher.run_once() == 1
    [activity] = rconnector.sent(TEAM_ID)
    assert activity["text"] == f"<at>{ANNA.name}</at> Datumförslaget är avgjort."
    assert activity["entities"][0]["mentioned"] == {"id": ANNA.teams_id, "name": ANNA.name}
    assert activity["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    sent = await row(sessions, "poll:1:result")
    assert sent.status == OutboxStatus.SENT and sent.delivered_via == "conversation"
    assert sent.sent_activity_id and sent.sent_at == MONDAY_10
    # A second tick (or a second enqueue of the same key) sends nothing more.
    assert await dispatcher.run_once() == 0
    async with unit_of_work(sessions) as session:
        assert not await outbox.enqueue(
            session,
            key="poll:1:result",
            tenant_id=TENANT,
            kind="poll_result",
            due_at=MONDAY_10,
            conversation_pk=world.channel_pk,
            text="igen",
        )
    assert await dispatcher.run_once() == 0
    assert len(rconnector.sent()) == 1


async def test_nothing_is_sent_before_it_is_due(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
    clock: MovableClock,
) -> None:
    world = await seed_world(sessions, rconnector.url)
    await enqueue(
        sessions,
        key="later",
        kind="poll_result",
        conversation_pk=world.channel_pk,
        text="senare",
        due_at=MONDAY_10 + timedelta(hours=2),
    )
    assert await dispatcher.run_once() == 0
    clock.advance(hours=1, minutes=59)
    assert await dispatcher.run_once() == 0
    clock.advance(minutes=1)
    assert await dispatcher.run_once() == 1
    assert rconnector.texts() == ["senare"]


async def test_update_replaces_the_card_in_place(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url)
    await enqueue(
        sessions,
        key="poll:1:closed_card",
        kind="poll_closed_card",
        conversation_pk=world.channel_pk,
        card={"type": "AdaptiveCard", "body": []},
        update_activity_id="activity-42",
    )
    assert await dispatcher.run_once() == 1
    [update] = rconnector.updates()
    assert update.path == f"/v3/conversations/{TEAM_ID}/activities/activity-42"
    assert (await row(sessions, "poll:1:closed_card")).sent_activity_id == "activity-42"


async def test_personal_nudge_goes_to_the_stored_personal_chat_with_a_snooze_button(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url, with_personal=(ANNA,))
    await enqueue(
        sessions,
        key="poll:1:closing_soon:anna",
        kind="poll_closing_soon",
        user_aad_id=ANNA.aad_object_id,
        fallback_conversation_pk=world.channel_pk,
        text="Datumförslaget stänger i morgon.",
        group_id=world.group_id,
        mentions=(outbox.OutboxMention(ANNA.teams_id, ANNA.name),),
    )
    assert await dispatcher.run_once() == 1
    [activity] = rconnector.sent(teams.personal_conversation_id(ANNA))
    assert activity["text"] == "Datumförslaget stänger i morgon."  # no @mention in a 1:1
    assert not activity.get("entities")
    [card] = rconnector.cards()
    [tomorrow, button] = card["actions"]
    message = await row(sessions, "poll:1:closing_soon:anna")
    assert tomorrow["title"] == "Påminn mig i morgon" and tomorrow["data"]["days"] == 1
    assert button["title"] == "Påminn mig om 2 dagar"
    assert button["data"] == {"action": "reminders_snooze", "message_id": message.id, "days": 2}
    assert message.delivered_via == "personal"
    assert rconnector.created_conversations() == []


async def test_personal_chat_is_created_through_the_connector_and_remembered(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url)
    for n in (1, 2):
        await enqueue(
            sessions,
            key=f"questionnaire:1:invite:{n}",
            kind="questionnaire_invite",
            user_aad_id=MALIN.aad_object_id,
            fallback_conversation_pk=world.channel_pk,
            text=f"Enkät {n}",
            group_id=world.group_id,
        )
    assert await dispatcher.run_once() == 2
    [created] = rconnector.created_conversations()  # once: the second reuses it
    assert created["bot"]["id"] == teams.BOT_ID
    assert created["members"] == [{"id": MALIN.teams_id}]
    assert created["channelData"] == {"tenant": {"id": TENANT}}
    assert created["isGroup"] is False
    [new_chat] = {
        call.conversation_id for call in rconnector.calls if call.path == "/v3/conversations"
    }
    assert rconnector.texts(new_chat) == ["Enkät 1", "Enkät 2"]
    async with sessions() as session:
        stored = await session.scalar(
            select(Conversation).where(Conversation.conversation_id == new_chat)
        )
    assert stored is not None and stored.kind == ConversationKind.PERSONAL
    assert stored.user_aad_id == MALIN.aad_object_id and stored.active


async def test_guest_without_a_personal_chat_gets_a_channel_mention(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url)
    rconnector.unreachable_users.add(MALIN.teams_id)
    await enqueue(
        sessions,
        key="questionnaire:1:nudge:malin",
        kind="questionnaire_nudge",
        user_aad_id=MALIN.aad_object_id,
        fallback_conversation_pk=world.channel_pk,
        text="Kom ihåg enkäten.",
        group_id=world.group_id,
    )
    assert await dispatcher.run_once() == 1
    [activity] = rconnector.sent(TEAM_ID)
    # No mention was given: the dispatcher names the person from the directory.
    assert activity["text"] == f"<at>{MALIN.name}</at> Kom ihåg enkäten."
    assert activity["entities"][0]["mentioned"]["id"] == MALIN.teams_id
    assert (await row(sessions, "questionnaire:1:nudge:malin")).delivered_via == "fallback"


async def test_blocked_personal_chat_is_marked_gone_and_the_channel_is_used(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url, with_personal=(ANNA,))
    personal_id = teams.personal_conversation_id(ANNA)
    rconnector.fail_with_code(403, "ConversationBlockedByUser", conversation_id=personal_id)
    rconnector.unreachable_users.add(ANNA.teams_id)
    for n in (1, 2):
        await enqueue(
            sessions,
            key=f"nudge:{n}",
            kind="questionnaire_nudge",
            user_aad_id=ANNA.aad_object_id,
            fallback_conversation_pk=world.channel_pk,
            text=f"Påminnelse {n}",
            group_id=world.group_id,
            mentions=(outbox.OutboxMention(ANNA.teams_id, ANNA.name),),
        )
    assert await dispatcher.run_once() == 2
    assert not (await conversation(sessions, world.personal_pks[ANNA.aad_object_id])).active
    assert rconnector.texts(TEAM_ID) == [
        f"<at>{ANNA.name}</at> Påminnelse 1",
        f"<at>{ANNA.name}</at> Påminnelse 2",
    ]
    # Tried once only: a second try would have succeeded (the fault was used up), so the
    # second nudge knew the chat was gone.
    assert rconnector.texts(personal_id) == []


async def test_conversation_not_found_deactivates_and_drops_later_rows(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url)
    rconnector.fail_with_code(404, "ConversationNotFound", conversation_id=TEAM_ID)
    for n in (1, 2):
        await enqueue(
            sessions,
            key=f"k{n}",
            kind="poll_result",
            conversation_pk=world.channel_pk,
            text=f"t{n}",
        )
    assert await dispatcher.run_once() == 0
    assert not (await conversation(sessions, world.channel_pk)).active
    first, second = await row(sessions, "k1"), await row(sessions, "k2")
    assert (first.status, first.last_error) == (OutboxStatus.DROPPED, "gone:ConversationNotFound")
    assert (second.status, second.last_error) == (OutboxStatus.DROPPED, "conversation_gone")
    assert rconnector.sent() == []


async def test_429_is_retried_after_retry_after_without_counting_an_attempt(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
    clock: MovableClock,
) -> None:
    world = await seed_world(sessions, rconnector.url)
    rconnector.fail_next(429, retry_after=1)
    await enqueue(sessions, key="k", kind="poll_result", conversation_pk=world.channel_pk, text="t")
    assert await dispatcher.run_once() == 0
    waiting = await row(sessions, "k")
    assert waiting.status == OutboxStatus.PENDING and waiting.last_error == "429"
    assert waiting.attempts == 0  # throttling is not the message's fault
    assert MONDAY_10 + timedelta(seconds=1) <= waiting.due_at <= MONDAY_10 + timedelta(seconds=1.2)
    assert await dispatcher.run_once() == 0  # not due yet
    clock.advance(seconds=1.2)
    assert await dispatcher.run_once() == 1
    assert rconnector.texts() == ["t"]


@pytest.mark.parametrize("status", [500, 502, 503, 504, 412])
async def test_transient_errors_back_off_and_then_succeed(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
    clock: MovableClock,
    status: int,
) -> None:
    world = await seed_world(sessions, rconnector.url)
    rconnector.fail_next(status, times=2)
    await enqueue(sessions, key="k", kind="poll_result", conversation_pk=world.channel_pk, text="t")
    base = dispatcher.options.backoff_base_seconds
    assert await dispatcher.run_once() == 0
    first = await row(sessions, "k")
    assert first.attempts == 1 and first.last_error == str(status)
    assert (
        MONDAY_10 + timedelta(seconds=base / 2)
        <= first.due_at
        <= MONDAY_10 + timedelta(seconds=base)
    )
    clock.set(first.due_at)
    assert await dispatcher.run_once() == 0
    second = await row(sessions, "k")
    delay = (second.due_at - first.due_at).total_seconds()
    assert base <= delay <= 2 * base  # exponential: the ceiling doubled
    clock.set(second.due_at)
    assert await dispatcher.run_once() == 1
    assert rconnector.texts() == ["t"]


async def test_repeated_failures_dead_letter_with_a_visible_status(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    clock: MovableClock,
) -> None:
    world = await seed_world(sessions, rconnector.url)
    options = DispatchOptions(max_attempts=3, backoff_base_seconds=1, backoff_cap_seconds=4)
    dispatcher = Dispatcher(make_settings(database_url), sessions, clock, options=options)
    rconnector.fail_next(500, times=10)
    await enqueue(
        sessions,
        key="k",
        kind="poll_result",
        conversation_pk=world.channel_pk,
        text="t",
        group_id=world.group_id,
    )
    try:
        for _ in range(6):
            await dispatcher.run_once()
            clock.advance(seconds=10)
    finally:
        await dispatcher.close()
    dead = await row(sessions, "k")
    assert (dead.status, dead.last_error, dead.attempts) == (OutboxStatus.FAILED, "500", 3)
    assert len(rconnector.faults) == 7  # exactly three tries reached the connector
    assert rconnector.sent() == []


async def test_bad_request_is_dead_lettered_at_once(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url)
    rconnector.fail_with_code(400, "BadArgument")
    await enqueue(sessions, key="k", kind="poll_result", conversation_pk=world.channel_pk, text="t")
    assert await dispatcher.run_once() == 0
    dead = await row(sessions, "k")
    assert (dead.status, dead.last_error) == (OutboxStatus.FAILED, "BadArgument")
    assert (await conversation(sessions, world.channel_pk)).active


async def test_nudges_wait_for_office_hours_on_a_working_day(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
    clock: MovableClock,
) -> None:
    world = await seed_world(sessions, rconnector.url, with_personal=(ANNA,))
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    clock.set(saturday)
    await enqueue(
        sessions,
        key="nudge",
        kind="questionnaire_nudge",
        due_at=saturday,
        user_aad_id=ANNA.aad_object_id,
        text="påminnelse",
        group_id=world.group_id,
    )
    await enqueue(
        sessions,
        key="result",
        kind="poll_result",
        due_at=saturday,
        conversation_pk=world.channel_pk,
        text="resultat",
        group_id=world.group_id,
    )
    assert await dispatcher.run_once() == 1  # the result is not a nudge: it goes now
    moved = await row(sessions, "nudge")
    monday_08 = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    assert (moved.status, moved.due_at, moved.attempts) == (OutboxStatus.PENDING, monday_08, 0)
    clock.set(monday_08 - timedelta(minutes=1))
    assert await dispatcher.run_once() == 0
    clock.set(monday_08)
    assert await dispatcher.run_once() == 1
    assert rconnector.texts() == ["resultat", "påminnelse"]


async def test_paused_group_drops_due_nudges_but_sends_other_messages(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url, with_personal=(ANNA,))
    async with unit_of_work(sessions) as session:
        await set_paused(session, world.group_id, paused=True, by_aad_id="x", now=MONDAY_10)
    await enqueue(
        sessions,
        key="nudge",
        kind="questionnaire_nudge",
        user_aad_id=ANNA.aad_object_id,
        text="påminnelse",
        group_id=world.group_id,
    )
    await enqueue(
        sessions,
        key="result",
        kind="poll_result",
        conversation_pk=world.channel_pk,
        text="resultat",
        group_id=world.group_id,
    )
    assert await dispatcher.run_once() == 1
    assert rconnector.texts() == ["resultat"]
    dropped = await row(sessions, "nudge")
    assert (dropped.status, dropped.last_error) == (OutboxStatus.DROPPED, "group_paused")


async def test_opted_out_person_gets_no_nudges_but_still_gets_invitations(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    world = await seed_world(sessions, rconnector.url, with_personal=(ANNA,))
    async with unit_of_work(sessions) as session:
        await set_personal_nudges(session, TENANT, ANNA.aad_object_id, on=False)
    await enqueue(
        sessions,
        key="nudge",
        kind="questionnaire_nudge",
        user_aad_id=ANNA.aad_object_id,
        fallback_conversation_pk=world.channel_pk,
        text="påminnelse",
        group_id=world.group_id,
    )
    await enqueue(
        sessions,
        key="invite",
        kind="questionnaire_invite",
        user_aad_id=ANNA.aad_object_id,
        text="enkät",
        group_id=world.group_id,
    )
    assert await dispatcher.run_once() == 1
    assert rconnector.texts() == ["enkät"]
    assert (await row(sessions, "nudge")).last_error == "opted_out"


async def test_cancelled_before_due_is_never_sent(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
    clock: MovableClock,
) -> None:
    world = await seed_world(sessions, rconnector.url, with_personal=(ANNA,))
    await enqueue(
        sessions,
        key="poll:3:closing_soon:anna",
        kind="poll_closing_soon",
        user_aad_id=ANNA.aad_object_id,
        text="stänger snart",
        due_at=MONDAY_10 + timedelta(hours=1),
        group_id=world.group_id,
    )
    async with unit_of_work(sessions) as session:  # Anna answers the poll
        assert await outbox.cancel(session, key_prefix="poll:3:closing_soon:anna") == 1
    clock.advance(hours=2)
    assert await dispatcher.run_once() == 0
    assert rconnector.sent() == []


async def test_a_crashed_dispatchers_claim_is_recovered_after_its_lease(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    clock: MovableClock,
    dispatcher: Dispatcher,
) -> None:
    """In-process model of a crash between claim and send (the subprocess SIGKILL test
    is in test_dispatch_processes.py): the row stays leased, then is sent exactly once."""
    from storage.outbox.delivery import claim_due

    world = await seed_world(sessions, rconnector.url)
    await enqueue(sessions, key="k", kind="poll_result", conversation_pk=world.channel_pk, text="t")
    async with unit_of_work(sessions) as session:
        [claimed] = await claim_due(
            session, owner="crashed", now=clock(), lease=timedelta(seconds=120), limit=10
        )
    assert claimed.key == "k"
    assert await dispatcher.run_once() == 0  # still leased by the dead process
    clock.advance(seconds=121)
    assert await dispatcher.run_once() == 1
    assert await dispatcher.run_once() == 0
    assert rconnector.texts() == ["t"]
    sent = await row(sessions, "k")
    assert sent.attempts == 2 and sent.status == OutboxStatus.SENT


async def test_rows_without_a_reachable_target_are_dropped_with_a_reason(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
) -> None:
    await seed_world(sessions, rconnector.url)
    rconnector.unreachable_users.add(MALIN.teams_id)
    await enqueue(
        sessions, key="k", kind="questionnaire_invite", user_aad_id=MALIN.aad_object_id, text="t"
    )
    assert await dispatcher.run_once() == 0
    dropped = await row(sessions, "k")
    assert (dropped.status, dropped.last_error) == (OutboxStatus.DROPPED, "unreachable")


async def test_the_scheduler_ticks_the_dispatcher_as_a_service(
    sessions: async_sessionmaker[AsyncSession],
    rconnector: RemindersConnector,
    dispatcher: Dispatcher,
    clock: MovableClock,
) -> None:
    """The wiring bot/app.py uses: the dispatcher registered by name, ticked by the real
    APScheduler (interval trigger), errors counted by the one error handler."""
    import asyncio

    from apscheduler.triggers.interval import IntervalTrigger

    from bot.scheduler import Scheduler

    world = await seed_world(sessions, rconnector.url)
    await enqueue(sessions, key="k", kind="poll_result", conversation_pk=world.channel_pk, text="t")
    scheduler = Scheduler(sessions, clock=clock)
    scheduler.register_service("outbox", dispatcher.run_once)
    scheduler.add_service_tick("outbox-dispatch", "outbox", IntervalTrigger(seconds=0.2))
    assert scheduler.job_ids() == ["outbox-dispatch"]
    rconnector.changed.clear()
    scheduler.start()
    try:
        await asyncio.wait_for(rconnector.changed.wait(), timeout=10)
    finally:
        scheduler.shutdown()
    assert rconnector.texts() == ["t"]

    async def broken() -> None:
        raise RuntimeError("boom")

    scheduler.register_service("broken", broken)
    await scheduler.run_service_now("broken")
    assert scheduler.failures == 1
    with pytest.raises(KeyError):
        scheduler.add_service_tick("x", "unknown", IntervalTrigger(seconds=1))
