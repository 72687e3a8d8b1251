"""The directory's per-unit-of-work memo: after `preload_turn`, the lookups a turn makes
cost no statement; yet every answer is what a query in that session would give — another
tenant is never served, writes made with statements and the end of the transaction make
it read again, a changed reference is written and an unchanged one is not."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import unit_of_work
from storage.directory import conversations, groups, membership
from storage.directory.models import ConversationKind, Member
from tests.support.statements import (
    DIRECTORY_TABLES,
    engine_of,
    reads_of,
    recorded_statements,
    writes_to,
)
from tests.support.teams import MALIN, OTHER_TENANT, TENANT

REF = conversations.ConversationRef(
    tenant_id=TENANT,
    conversation_id="19:memo@thread.tacv2",
    kind=ConversationKind.CHANNEL,
    service_url="https://smba.example/emea/",
    bot_id="28:bot",
    team_id="19:team",
    team_name="Samverkan Gnesta",
    locale="sv-SE",
)


async def _seed(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with unit_of_work(sessions) as session:
        conversation, _ = await conversations.upsert_conversation(session, REF)
        group = await groups.ensure_group(session, conversation)
        await membership.upsert_members(
            session, group, [membership.MemberInfo(MALIN.aad_object_id, MALIN.name)]
        )
        member = await membership.get_member(session, group.id, MALIN.aad_object_id)
        assert member is not None
        await membership.set_member_organisation(session, group, member, "Gnesta kommun")


async def _preload(session: AsyncSession, ref: conversations.ConversationRef = REF) -> None:
    await conversations.preload_turn(
        session, ref.tenant_id, ref.conversation_id, MALIN.aad_object_id
    )


async def test_after_the_preload_a_turns_lookups_send_no_statement(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(sessions)
    async with unit_of_work(sessions) as session:
        with recorded_statements(engine_of(sessions)) as preload:
            await _preload(session)
        with recorded_statements(engine_of(sessions)) as lookups:
            conversation, activated = await conversations.upsert_conversation(session, REF)
            group = await groups.ensure_group(session, conversation)
            found = await groups.find_group(session, TENANT, REF.conversation_id)
            member = await membership.get_member(session, group.id, MALIN.aad_object_id)
    assert len([s for s in preload if not s.upper().startswith("BEGIN")]) == 1
    assert lookups == []
    assert not activated and found is group
    assert member is not None and member.active
    assert member.organisation is not None and member.organisation.name == "Gnesta kommun"


async def test_another_tenant_is_not_served_from_the_memo(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(sessions)
    async with unit_of_work(sessions) as session:
        await _preload(session)
        assert await groups.find_group(session, OTHER_TENANT, REF.conversation_id) is None
        assert (
            await conversations.find_conversation(session, OTHER_TENANT, REF.conversation_id)
            is None
        )


async def test_a_write_statement_makes_the_next_lookup_read_again(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(sessions)
    async with unit_of_work(sessions) as session:
        await _preload(session)
        group = await groups.find_group(session, TENANT, REF.conversation_id)
        assert group is not None
        # A bulk UPDATE bypasses the identity map: a remembered row would still say active.
        await session.execute(
            update(Member)
            .where(Member.group_id == group.id)
            .values(active=False)
            .execution_options(synchronize_session=False)
        )
        with recorded_statements(engine_of(sessions)) as statements:
            await groups.find_group(session, TENANT, REF.conversation_id)
            await membership.get_member(session, group.id, MALIN.aad_object_id)
        assert len(reads_of(statements, "groups")) == 1
        assert len(reads_of(statements, "members")) == 1


async def test_a_row_no_longer_in_the_session_is_read_again(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(sessions)
    async with unit_of_work(sessions) as session:
        await _preload(session)
        group = await groups.find_group(session, TENANT, REF.conversation_id)
        assert group is not None
        session.expunge_all()
        member = await membership.get_member(session, group.id, MALIN.aad_object_id)
        assert member is not None and member in session


async def test_the_memo_ends_with_its_transaction(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(sessions)
    async with sessions() as session:
        async with session.begin():
            await _preload(session)
        async with session.begin():
            with recorded_statements(engine_of(sessions)) as statements:
                await groups.find_group(session, TENANT, REF.conversation_id)
    assert len([s for s in statements if not s.upper().startswith("BEGIN")]) == 1


async def test_only_a_changed_reference_is_written(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(sessions)
    moved = replace(REF, service_url="https://smba.example/amer/", locale=None)
    for ref, expected_writes in ((REF, 0), (moved, 1), (moved, 0)):
        async with unit_of_work(sessions) as session:
            with recorded_statements(engine_of(sessions)) as statements:
                await _preload(session, ref)
                conversation, _ = await conversations.upsert_conversation(session, ref)
        assert len(writes_to(statements, DIRECTORY_TABLES)) == expected_writes, statements
    assert conversation.service_url == moved.service_url
    assert conversation.locale == "sv-SE"  # an activity without a locale keeps the known one
