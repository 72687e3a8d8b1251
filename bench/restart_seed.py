"""The data `bench.restart` starts the bot on: many groups, and reminders in the outbox.

A pending reminder in this product is an outbox row (`storage.outbox.operations`, status pending)
whose `due_at` lies ahead: nudges the rules queued outside office hours and moved to the
next office morning, nudges snoozed for two days, sends waiting out a retry back-off.
The scheduler itself holds only a fixed handful of recurring jobs, whatever the data, so
the rows are what grows. They are written with the product's own API
(`storage.directory` for conversations, groups and members, `outbox.enqueue` for the
rows, the real Swedish texts from the catalogues), spread over the coming six weeks'
office hours, across every group and person, mostly to personal chats with a fallback
@mention in the group's channel, as the rules write them.

The rows due now are poll results for the groups' channels: not nudges, so office hours
cannot defer them whatever the hour the benchmark runs. Their text starts with
`seq:<marker>` so the benchmark connector counts each one it receives.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cards.i18n import t
from cards.swedish_format import long_moment, short_day
from dialogs.text.working_time import is_working_day, local_date, office_start_utc
from storage.db import unit_of_work
from storage.directory import conversations, membership
from storage.directory import groups as directory_groups
from storage.directory.conversations import ConversationRef
from storage.directory.membership import MemberInfo
from storage.directory.models import ConversationKind
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxMessage, OutboxStatus

TENANT_ID = "6f1c2a9e-3b7d-4c5e-9a1f-0d8e7b6c5a41"
BOT_ID = "28:3c9a1e52-7b4d-4f6a-8e21-5d0c9b7a6f13"
TEAM_ID = "19:bench-team@thread.tacv2"
HORIZON_DAYS = 42
OFFICE_MINUTES = 8 * 60  # rows fall anywhere in an 8-hour office day
# Commits every this many rows: one long transaction would not resemble how rows arrive.
BATCH = 500


@dataclass(frozen=True)
class Person:
    aad_id: str
    teams_id: str
    name: str


@dataclass(frozen=True)
class SeededGroup:
    group_id: int
    channel_pk: int
    people: tuple[Person, ...]


def _channel_ref(service_url: str, number: int) -> ConversationRef:
    conversation_id = f"19:bench-group-{number:04d}@thread.tacv2"
    return ConversationRef(
        tenant_id=TENANT_ID,
        conversation_id=conversation_id,
        kind=ConversationKind.CHANNEL,
        service_url=service_url,
        bot_id=BOT_ID,
        bot_name="Samverkansboten",
        team_id=TEAM_ID,
        team_name="Samverkan Södermanland",
        teams_channel_id=conversation_id,
        teams_channel_name=f"Samverkansgrupp {number}",
        locale="sv-SE",
    )


def _personal_ref(service_url: str, person: Person) -> ConversationRef:
    return ConversationRef(
        tenant_id=TENANT_ID,
        conversation_id=f"a:bench-personal-{person.aad_id}",
        kind=ConversationKind.PERSONAL,
        service_url=service_url,
        bot_id=BOT_ID,
        user_aad_id=person.aad_id,
        locale="sv-SE",
    )


def _person(group: int, seat: int) -> Person:
    aad_id = f"00000000-0000-4000-8000-{group:06d}{seat:06d}"
    return Person(aad_id=aad_id, teams_id=f"29:bench-{aad_id}", name=f"Deltagare {group}-{seat}")


async def seed_directory(
    sessions: async_sessionmaker[AsyncSession],
    service_url: str,
    *,
    groups: int,
    members_per_group: int,
) -> list[SeededGroup]:
    """Channel-bound groups with members; three in four members have a personal chat
    with the bot (the others are reached by an @mention in the channel)."""
    seeded = []
    async with unit_of_work(sessions) as session:
        for number in range(groups):
            channel, _ = await conversations.upsert_conversation(
                session, _channel_ref(service_url, number)
            )
            group = await directory_groups.ensure_group(session, channel)
            people = tuple(_person(number, seat) for seat in range(members_per_group))
            await membership.upsert_members(
                session,
                group,
                [
                    MemberInfo(aad_object_id=p.aad_id, name=p.name, teams_user_id=p.teams_id)
                    for p in people
                ],
            )
            for seat, person in enumerate(people):
                if seat % 4:
                    await conversations.upsert_conversation(
                        session, _personal_ref(service_url, person)
                    )
            seeded.append(SeededGroup(group.id, channel.id, people))
    return seeded


def _office_moments(now: datetime) -> list[datetime]:
    """The start of office hours on each working day of the horizon (from tomorrow)."""
    today = local_date(now)
    days = (today + timedelta(days=n) for n in range(1, HORIZON_DAYS + 1))
    return [office_start_utc(day) for day in days if is_working_day(day)]


KINDS = (
    "meeting_rsvp_reminder",
    "decision_reminder_due_soon",
    "poll_closing_soon",
    "questionnaire_reminder_contact",
)


def _reminder_text(kind: str, subject_id: int, due: datetime) -> str:
    when = long_moment(due + timedelta(days=3))
    day = short_day(local_date(due) + timedelta(days=2))
    if kind == "meeting_rsvp_reminder":
        return t("meetings.reminder", title=f"Samverkansmöte {subject_id}", when=when)
    if kind == "decision_reminder_due_soon":
        return t(
            "decisions.remind.due_soon",
            reference=f"B-{subject_id}",
            due=day,
            text="Ta fram en gemensam rutin för samordnad individuell plan (SIP).",
        )
    if kind == "poll_closing_soon":
        return t("polls.closing_soon", title=f"Planeringsdag {subject_id}", when=when)
    return t(
        "questionnaires.remind.contact",
        organisation=f"Kommun {subject_id % 40}",
        title=f"Lägesbild {subject_id}",
        day=day,
    )


async def _enqueue_reminder(
    session: AsyncSession, rng: random.Random, group: SeededGroup, number: int, due: datetime
) -> bool:
    person = rng.choice(group.people)
    kind = rng.choice(KINDS)
    subject_id = 1000 + number // 25  # some 25 reminders per meeting, decision, poll …
    return await outbox.enqueue(
        session,
        key=f"bench:{kind}:{subject_id}:{number}:{person.aad_id}",
        tenant_id=TENANT_ID,
        kind=kind,
        due_at=due,
        user_aad_id=person.aad_id,
        fallback_conversation_pk=group.channel_pk,
        text=_reminder_text(kind, subject_id, due),
        mentions=(outbox.OutboxMention(person.teams_id, person.name),),
        group_id=group.group_id,
        subject=f"{kind.split('_')[0]}:{subject_id}",
    )


async def seed_pending(
    sessions: async_sessionmaker[AsyncSession],
    groups: list[SeededGroup],
    *,
    count: int,
    now: datetime,
    seed: int = 8,
) -> None:
    rng = random.Random(seed)
    mornings = _office_moments(now)
    for start in range(0, count, BATCH):
        async with unit_of_work(sessions) as session:
            for number in range(start, min(start + BATCH, count)):
                due = rng.choice(mornings) + timedelta(minutes=rng.randrange(OFFICE_MINUTES))
                await _enqueue_reminder(session, rng, rng.choice(groups), number, due)


async def seed_due_now(
    sessions: async_sessionmaker[AsyncSession],
    groups: list[SeededGroup],
    *,
    label: str,
    count: int,
    now: datetime,
) -> list[str]:
    """`count` poll results that fell due while the bot was down; returns their markers."""
    markers = []
    async with unit_of_work(sessions) as session:
        for number in range(count):
            group = groups[number % len(groups)]
            marker = f"{label}-{number}"
            await outbox.enqueue(
                session,
                key=f"bench:poll:{label}:{number}:result",
                tenant_id=TENANT_ID,
                kind="poll_result",
                due_at=now - timedelta(minutes=1 + number),
                conversation_pk=group.channel_pk,
                text=f"seq:{marker} "
                + t("polls.closed_by_deadline_text", title=f"Planeringsdag {label}"),
                group_id=group.group_id,
                subject=f"poll:{label}:{number}",
            )
            markers.append(marker)
    return markers


async def count_by_status(
    sessions: async_sessionmaker[AsyncSession], *, due_after: datetime
) -> dict[str, int]:
    """Rows due after `due_after`, by status (the future reminders must stay pending)."""
    async with sessions() as session:
        rows = await session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.due_at > due_after)
            .group_by(OutboxMessage.status)
        )
        return {str(OutboxStatus(status).value): int(n) for status, n in rows.all()}
