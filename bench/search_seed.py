"""Fill a migrated database with a large decision register, fast, in the real tables.

Bulk INSERTs through SQLAlchemy Core into what search and its card read: conversations,
groups, organisations, members, decisions with their owners, and the number counters.
The audit trail (decision_events) is left empty: search never reads it. The full-text
index is maintained by the database exactly as in production: the FTS5 triggers of
migrations d001/d002 on SQLite, the generated `search_document` column (d002) on
PostgreSQL. Ids are given explicitly (owners refer to decisions), so PostgreSQL's
sequences are moved past them afterwards, as if the rows had been inserted one by one.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bench.search_corpus import ORGANISATIONS, SENTINEL_TEXT, draft, member_names
from storage.decisions.models import (
    CLOSED_STATUSES,
    Decision,
    DecisionCounter,
    DecisionOwner,
    DecisionSource,
    DecisionStatus,
)
from storage.directory.models import (
    Conversation,
    ConversationKind,
    Group,
    Member,
    Organisation,
    OrganisationKind,
    Role,
)
from tests.support.teams import BOT_ID, BOT_NAME, TENANT

MEMBERS_PER_GROUP = 8
FIRST_DAY = date(2021, 1, 11)
LAST_DAY = date(2026, 11, 20)
CHUNK = 5_000
SQLITE_SEED_CACHE_KIB = 128 * 1024
# Older decisions are mostly closed; weights for (open, in progress, done, obsolete).
_STATUS_WEIGHTS = (3, 2, 4, 1)
_STATUSES = (
    DecisionStatus.OPEN,
    DecisionStatus.IN_PROGRESS,
    DecisionStatus.DONE,
    DecisionStatus.OBSOLETE,
)
_SOURCES = tuple(DecisionSource)
_SEEDED_TABLES = (
    "conversations",
    "groups",
    "organisations",
    "members",
    "decisions",
    "decision_owners",
)


@dataclass(frozen=True)
class SeededGroup:
    group_id: int
    conversation_id: str
    member_aad_ids: tuple[str, ...]
    member_first_names: tuple[str, ...]


@dataclass
class Seeded:
    groups: list[SeededGroup] = field(default_factory=list)
    decisions: int = 0
    sentinel_decision_id: int = 0


def conversation_id_of(index: int) -> str:
    return f"19:bench-search-{index:04d}@thread.v2"


def _aad_id(group_index: int, member_index: int) -> str:
    return f"00000000-0000-4000-8000-{group_index:06d}{member_index:06d}"


class _Rows:
    """Rows waiting for the next bulk INSERT, per table, in foreign-key order."""

    def __init__(self) -> None:
        self.by_model: dict[type[Any], list[dict[str, Any]]] = defaultdict(list)
        self.next_id: dict[type[Any], int] = defaultdict(lambda: 1)
        # The last decision number per (group, year): the counters' rows at the end.
        self.numbers: dict[tuple[int, int], int] = defaultdict(int)

    def add(self, model: type[Any], **values: Any) -> int:
        if "id" in model.__table__.c:
            values["id"] = self.next_id[model]
            self.next_id[model] += 1
        self.by_model[model].append(values)
        return int(values.get("id", 0))

    async def flush(self, connection: AsyncConnection) -> None:
        order = (Conversation, Group, Organisation, Member, Decision, DecisionOwner)
        for model in (*order, DecisionCounter):
            rows = self.by_model.pop(model, [])
            statement = insert(model)
            if "id" in model.__table__.c:
                # With RETURNING, SQLAlchemy sends multi-row VALUES pages ("insertmanyvalues")
                # instead of one bound statement per row: several times faster on asyncpg.
                statement = statement.returning(model.__table__.c.id)
            for start in range(0, len(rows), CHUNK):
                await connection.execute(statement, rows[start : start + CHUNK])


async def seed_register(
    engine: AsyncEngine,
    *,
    groups: int,
    decisions_per_group: int,
    service_url: str,
    seed: int = 8,
) -> Seeded:
    """`groups` groups with `decisions_per_group` decisions each; group 0 also holds the
    one decision with `SENTINEL_TEXT`. The group chats' references are stored as earlier
    turns from `service_url` left them, so a measured turn has nothing to refresh."""
    rng = random.Random(seed)
    rows = _Rows()
    seeded = Seeded()
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    async with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # This connection only: the FTS5 index of a 100,000-row bulk load does not fit
            # the default 2 MB page cache. The bot's own connections keep their settings.
            await connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_SEED_CACHE_KIB}")
        directory = [_seed_group(rows, rng, index, now, service_url) for index in range(groups)]
        seeded.groups = [group for group, _ in directory]
        # In the order they were logged: the groups meet in parallel over the years, so
        # one group's decisions are spread over the whole table, as in production.
        for position in range(decisions_per_group):
            for group, members in directory:
                _seed_decision(rows, rng, group, members, position, decisions_per_group)
                seeded.decisions += 1
            if len(rows.by_model[Decision]) >= CHUNK:
                await rows.flush(connection)
        home, home_members = directory[0]
        seeded.sentinel_decision_id = _seed_decision(
            rows, rng, home, home_members, decisions_per_group, decisions_per_group, SENTINEL_TEXT
        )
        seeded.decisions += 1
        _add_counters(rows)
        await rows.flush(connection)
        if connection.dialect.name == "postgresql":
            await _move_sequences_past_ids(connection)
    if engine.dialect.name == "postgresql":
        # A register that grew over years has been vacuumed and analysed by autovacuum,
        # and its pages were written out long ago: the measured searches must not share
        # the disk with the checkpoint of a fresh bulk load.
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text(f"VACUUM ANALYZE {', '.join(_SEEDED_TABLES)}"))
            await autocommit.execute(text("CHECKPOINT"))
    else:
        # Likewise on SQLite: the bulk load's write-ahead log is folded into the database
        # file, as the automatic checkpoints of everyday writes keep it.
        async with engine.connect() as connection:
            # Outside any transaction (the engine begins every one IMMEDIATE): the driver's.
            driver = (await connection.get_raw_connection()).driver_connection
            assert driver is not None
            await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return seeded


def _seed_group(
    rows: _Rows, rng: random.Random, index: int, now: datetime, service_url: str
) -> tuple[SeededGroup, list[dict[str, Any]]]:
    conversation_id = conversation_id_of(index)
    conversation_pk = rows.add(
        Conversation,
        tenant_id=TENANT,
        conversation_id=conversation_id,
        kind=ConversationKind.GROUP_CHAT,
        service_url=service_url,
        channel_id="msteams",
        bot_id=BOT_ID,
        bot_name=BOT_NAME,
        locale="sv-SE",
        active=True,
        installed_at=now,
        updated_at=now,
    )
    group_id = rows.add(
        Group,
        tenant_id=TENANT,
        name=f"Samverkansgrupp {index:03d}",
        conversation_pk=conversation_pk,
        created_at=now,
    )
    organisation_ids = [
        rows.add(
            Organisation,
            group_id=group_id,
            name=name,
            name_key=name.casefold(),
            kind=OrganisationKind(kind),
        )
        for name, kind in ORGANISATIONS
    ]
    names = member_names(MEMBERS_PER_GROUP, rng)
    aad_ids = tuple(_aad_id(index, m) for m in range(MEMBERS_PER_GROUP))
    members: list[dict[str, Any]] = []
    for position, (name, aad_id) in enumerate(zip(names, aad_ids, strict=True)):
        rows.add(
            Member,
            group_id=group_id,
            aad_object_id=aad_id,
            teams_user_id=f"29:{aad_id}",
            name=name,
            email=None,
            organisation_id=organisation_ids[position % len(organisation_ids)],
            role=Role.CHAIR if position == 0 else Role.SECRETARY if position == 1 else Role.MEMBER,
            active=True,
            joined_at=now,
        )
        members.append(rows.by_model[Member][-1])
    first_names = tuple(n.split()[0] for n in names)
    return SeededGroup(group_id, conversation_id, aad_ids, first_names), members


def _seed_decision(
    rows: _Rows,
    rng: random.Random,
    group: SeededGroup,
    members: list[dict[str, Any]],
    position: int,
    per_group: int,
    fixed_text: str | None = None,
) -> int:
    span = (LAST_DAY - FIRST_DAY).days
    logged_on = FIRST_DAY + timedelta(days=span * position // max(per_group, 1))
    at = datetime(logged_on.year, logged_on.month, logged_on.day, 13, 0, tzinfo=UTC)
    drafted = draft(rng, [m["name"] for m in members], logged_on)
    owner = members[drafted.owner_index]
    secretary = members[1]
    status = rng.choices(_STATUSES, _STATUS_WEIGHTS)[0]
    closed_at = at + timedelta(days=rng.randrange(1, 90)) if status in CLOSED_STATUSES else None
    revision = 0 if status == DecisionStatus.OPEN else 1
    decision_id = rows.add(
        Decision,
        tenant_id=TENANT,
        group_id=group.group_id,
        year=logged_on.year,
        number=_next_number(rows, group.group_id, logged_on.year),
        item=drafted.item,
        text=fixed_text or drafted.text,
        owner_text=drafted.owner_text,
        due=drafted.due,
        status=status,
        revision=revision,
        source=rng.choice(_SOURCES),
        logged_by_member_id=secretary["id"],
        logged_by_aad_id=secretary["aad_object_id"],
        created_at=at,
        updated_at=closed_at or at,
        closed_at=closed_at,
        origin_key=None,
        card_activity_id=None,
    )
    rows.add(DecisionOwner, decision_id=decision_id, member_id=owner["id"])
    return decision_id


def _next_number(rows: _Rows, group_id: int, year: int) -> int:
    rows.numbers[(group_id, year)] += 1
    return rows.numbers[(group_id, year)]


def _add_counters(rows: _Rows) -> None:
    for (group_id, year), last in sorted(rows.numbers.items()):
        rows.add(DecisionCounter, group_id=group_id, year=year, last_number=last)


async def _move_sequences_past_ids(connection: AsyncConnection) -> None:
    for table in _SEEDED_TABLES:
        await connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        )
