"""Seed data for the reminder and outbox tests: a tenant with a channel-bound group,
its members and (optionally) their personal chats, all pointing at one service URL."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import unit_of_work
from storage.directory import conversations, groups, membership
from storage.directory.conversations import ConversationRef
from storage.directory.membership import MemberInfo
from storage.directory.models import ConversationKind, Role
from tests.support import teams
from tests.support.teams import TENANT, User


@dataclass(frozen=True)
class World:
    tenant_id: str
    group_id: int
    channel_pk: int
    channel_id: str
    personal_pks: dict[str, int]  # aad id -> conversations.id


def channel_ref(service_url: str, conversation_id: str = teams.TEAM_ID) -> ConversationRef:
    return ConversationRef(
        tenant_id=TENANT,
        conversation_id=conversation_id,
        kind=ConversationKind.CHANNEL,
        service_url=service_url,
        bot_id=teams.BOT_ID,
        bot_name=teams.BOT_NAME,
        team_id=teams.TEAM_ID,
        team_name=teams.TEAM_NAME,
        teams_channel_id=conversation_id,
        teams_channel_name="General",
    )


def personal_ref(service_url: str, user: User) -> ConversationRef:
    return ConversationRef(
        tenant_id=TENANT,
        conversation_id=teams.personal_conversation_id(user),
        kind=ConversationKind.PERSONAL,
        service_url=service_url,
        bot_id=teams.BOT_ID,
        user_aad_id=user.aad_object_id,
    )


async def seed_world(
    sessions: async_sessionmaker[AsyncSession],
    service_url: str,
    *,
    members: tuple[User, ...] = teams.USERS,
    with_personal: tuple[User, ...] = (),
    chair: User | None = teams.GABRIEL,
    conversation_id: str = teams.TEAM_ID,
) -> World:
    async with unit_of_work(sessions) as session:
        channel, _ = await conversations.upsert_conversation(
            session, channel_ref(service_url, conversation_id)
        )
        group = await groups.ensure_group(session, channel)
        await session.flush()
        await membership.upsert_members(
            session,
            group,
            [
                MemberInfo(aad_object_id=u.aad_object_id, name=u.name, teams_user_id=u.teams_id)
                for u in members
            ],
        )
        if chair is not None:
            member = await membership.get_member(session, group.id, chair.aad_object_id)
            assert member is not None
            member.role = Role.CHAIR
        personal: dict[str, int] = {}
        for user in with_personal:
            conversation, _ = await conversations.upsert_conversation(
                session, personal_ref(service_url, user)
            )
            personal[user.aad_object_id] = conversation.id
        return World(
            tenant_id=TENANT,
            group_id=group.id,
            channel_pk=channel.id,
            channel_id=conversation_id,
            personal_pks=personal,
        )


# Monday 23 November 2026, 10:00 in Stockholm: inside office hours on a working day.
MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class MovableClock:
    """The app's clock in tests: frozen until moved, or following real time from a
    chosen start when `follow_real_time` (for tests that also sleep on real limiters)."""

    def __init__(self, start: datetime, *, follow_real_time: bool = False) -> None:
        self._start = start
        self._offset = timedelta(0)
        self._follow = follow_real_time
        self._t0 = time.monotonic()

    def __call__(self) -> datetime:
        elapsed = timedelta(seconds=time.monotonic() - self._t0) if self._follow else timedelta(0)
        return self._start + self._offset + elapsed

    def advance(self, **delta: float) -> datetime:
        self._offset += timedelta(**delta)
        return self()

    def set(self, moment: datetime) -> None:
        self._offset += moment - self()


async def seed_channels(
    sessions: async_sessionmaker[AsyncSession], service_url: str, count: int
) -> list[tuple[int, str]]:
    """`count` more channel conversations: (conversations.id, conversation id) each."""
    made = []
    async with unit_of_work(sessions) as session:
        for n in range(count):
            conversation_id = f"19:channel-{n}@thread.tacv2"
            conversation, _ = await conversations.upsert_conversation(
                session, channel_ref(service_url, conversation_id)
            )
            made.append((conversation.id, conversation_id))
    return made
