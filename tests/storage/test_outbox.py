"""The outbox contract other features code against: enqueue is idempotent per key,
cancel withdraws pending rows by key prefix, malformed calls are refused."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import unit_of_work
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxMessage, OutboxStatus
from tests.support.reminders_world import seed_world
from tests.support.teams import ANNA, MALIN, TENANT

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def _rows(sessions: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    async with sessions() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def test_enqueue_creates_one_row_per_key(sessions: async_sessionmaker[AsyncSession]) -> None:
    world = await seed_world(sessions, "http://127.0.0.1:9/")
    async with unit_of_work(sessions) as session:
        first = await outbox.enqueue(
            session,
            key="poll:1:closing_soon:aad-1",
            tenant_id=TENANT,
            kind="poll_closing_soon",
            due_at=NOW,
            user_aad_id=ANNA.aad_object_id,
            fallback_conversation_pk=world.channel_pk,
            text="Omröstningen stänger i morgon",
            mentions=(outbox.OutboxMention(ANNA.teams_id, ANNA.name),),
            group_id=world.group_id,
            subject="poll:1",
        )
        again = await outbox.enqueue(
            session,
            key="poll:1:closing_soon:aad-1",
            tenant_id=TENANT,
            kind="poll_closing_soon",
            due_at=NOW + timedelta(days=1),
            conversation_pk=world.channel_pk,
            text="något annat",
        )
    assert (first, again) == (True, False)
    [row] = await _rows(sessions)
    assert row.status == OutboxStatus.PENDING
    assert row.due_at == NOW  # the first enqueue wins; the second changed nothing
    assert row.nudge is True  # "closing_soon" marks a nudge by convention
    assert row.mentions == [{"teams_user_id": ANNA.teams_id, "name": ANNA.name}]
    assert row.group_id == world.group_id and row.subject == "poll:1"


async def test_duplicate_key_does_not_abort_the_callers_transaction(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    world = await seed_world(sessions, "http://127.0.0.1:9/")
    async with unit_of_work(sessions) as session:
        await outbox.enqueue(
            session,
            key="k",
            tenant_id=TENANT,
            kind="x",
            due_at=NOW,
            conversation_pk=world.channel_pk,
            text="a",
        )
    async with unit_of_work(sessions) as session:
        assert not await outbox.enqueue(
            session,
            key="k",
            tenant_id=TENANT,
            kind="x",
            due_at=NOW,
            conversation_pk=world.channel_pk,
            text="a",
        )
        # On PostgreSQL a failed INSERT would poison the transaction; this must still work.
        assert await outbox.enqueue(
            session,
            key="k2",
            tenant_id=TENANT,
            kind="x",
            due_at=NOW,
            conversation_pk=world.channel_pk,
            text="b",
        )
    assert [r.key for r in await _rows(sessions)] == ["k", "k2"]


async def test_concurrent_enqueues_of_one_key_create_one_row(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    world = await seed_world(sessions, "http://127.0.0.1:9/")

    async def attempt() -> bool:
        async with unit_of_work(sessions) as session:
            created = await outbox.enqueue(
                session,
                key="digest:1:2026-W48",
                tenant_id=TENANT,
                kind="weekly_digest",
                due_at=NOW,
                conversation_pk=world.channel_pk,
                text="Veckans läge",
            )
            await asyncio.sleep(0.05)  # hold the transaction open while the others try
            return created

    results = await asyncio.gather(*(attempt() for _ in range(5)))
    assert sorted(results) == [False, False, False, False, True]
    assert len(await _rows(sessions)) == 1


async def test_enqueue_rolls_back_with_the_callers_unit_of_work(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    world = await seed_world(sessions, "http://127.0.0.1:9/")
    with pytest.raises(RuntimeError):
        async with unit_of_work(sessions) as session:
            await outbox.enqueue(
                session,
                key="k",
                tenant_id=TENANT,
                kind="x",
                due_at=NOW,
                conversation_pk=world.channel_pk,
                text="a",
            )
            raise RuntimeError("the feature's change failed")
    assert await _rows(sessions) == []


async def test_cancel_withdraws_pending_rows_by_prefix_only(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    world = await seed_world(sessions, "http://127.0.0.1:9/")
    keys = [
        "poll:1:closing_soon:anna",
        "poll:1:closing_soon:malin",
        "poll:12:closing_soon:anna",  # a different poll that shares the text prefix "poll:1"
        "poll:1Xclosing_soon:anna",  # "_" and "%" must not act as LIKE wildcards
    ]
    async with unit_of_work(sessions) as session:
        for key in keys:
            await outbox.enqueue(
                session,
                key=key,
                tenant_id=TENANT,
                kind="poll_closing_soon",
                due_at=NOW,
                conversation_pk=world.channel_pk,
                text="t",
            )
        sent = await outbox.find(session, "poll:1:closing_soon:malin")
        assert sent is not None
        sent.status = OutboxStatus.SENT  # already delivered: cancel must not touch it
    async with unit_of_work(sessions) as session:
        assert await outbox.cancel(session, key_prefix="poll:1:closing_soon:") == 1
        assert await outbox.cancel(session, key_prefix="poll:1_closing%") == 0
    status = {r.key: r.status for r in await _rows(sessions)}
    assert status == {
        "poll:1:closing_soon:anna": OutboxStatus.CANCELLED,
        "poll:1:closing_soon:malin": OutboxStatus.SENT,
        "poll:12:closing_soon:anna": OutboxStatus.PENDING,
        "poll:1Xclosing_soon:anna": OutboxStatus.PENDING,
    }
    # A cancelled key stays taken: the rule that fires again does not resurrect it.
    async with unit_of_work(sessions) as session:
        assert not await outbox.enqueue(
            session,
            key="poll:1:closing_soon:anna",
            tenant_id=TENANT,
            kind="poll_closing_soon",
            due_at=NOW,
            conversation_pk=world.channel_pk,
            text="t",
        )


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"key": ""}, "key"),
        ({"key": "k" * 256}, "key"),
        ({"kind": ""}, "kind"),
        ({"due_at": datetime(2026, 11, 23, 9, 0)}, "timezone"),
        ({"conversation_pk": None}, "conversation_pk or user_aad_id"),
        ({"text": None}, "text or card"),
        ({"conversation_pk": None, "user_aad_id": "x", "update_activity_id": "a-1"}, "update"),
    ],
)
async def test_malformed_enqueue_is_refused_and_writes_nothing(
    sessions: async_sessionmaker[AsyncSession], overrides: dict[str, object], problem: str
) -> None:
    world = await seed_world(sessions, "http://127.0.0.1:9/")
    arguments: dict[str, object] = {
        "key": "k",
        "tenant_id": TENANT,
        "kind": "x",
        "due_at": NOW,
        "conversation_pk": world.channel_pk,
        "text": "t",
    }
    arguments.update(overrides)
    async with unit_of_work(sessions) as session:
        with pytest.raises(outbox.OutboxError, match=problem):
            await outbox.enqueue(session, **arguments)  # type: ignore[arg-type]
        with pytest.raises(outbox.OutboxError):
            await outbox.cancel(session, key_prefix="")
    assert await _rows(sessions) == []


async def test_nudge_flag_follows_the_kind_unless_given(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await seed_world(sessions, "http://127.0.0.1:9/")
    async with unit_of_work(sessions) as session:
        for key, kind, nudge in [
            ("a", "questionnaire_nudge", None),
            ("b", "meeting_rsvp_reminder", None),
            ("c", "poll_result", None),
            ("d", "questionnaire_invite", True),
        ]:
            await outbox.enqueue(
                session,
                key=key,
                tenant_id=TENANT,
                kind=kind,
                due_at=NOW,
                user_aad_id=MALIN.aad_object_id,
                text="t",
                nudge=nudge,
            )
    assert {r.key: r.nudge for r in await _rows(sessions)} == {
        "a": True,
        "b": True,
        "c": False,
        "d": True,
    }


async def test_sent_activity_id_is_known_only_after_sending(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    world = await seed_world(sessions, "http://127.0.0.1:9/")
    async with unit_of_work(sessions) as session:
        await outbox.enqueue(
            session,
            key="card",
            tenant_id=TENANT,
            kind="x",
            due_at=NOW,
            conversation_pk=world.channel_pk,
            card={"type": "AdaptiveCard"},
        )
        assert await outbox.sent_activity_id(session, "card") is None
        row = await outbox.find(session, "card")
        assert row is not None
        row.status, row.sent_activity_id = OutboxStatus.SENT, "activity-7"
    async with sessions() as session:
        assert await outbox.sent_activity_id(session, "card") == "activity-7"
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
