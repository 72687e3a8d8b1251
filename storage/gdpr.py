"""Data-subject requests: export everything stored about a person; pseudonymise them.

Columns that identify a person are marked `info={"personal": kind}` in the models (see
storage.directory.models.Base); free-text columns that may name people are marked
`info={"free_text": True}`. This module walks every table, so a new feature is covered
by marking its columns, not by editing this file.

Pseudonymisation, not erasure: decisions and questionnaire answers are official records
(allmänna handlingar) that public-records law requires the authorities to keep, so the
records stay and the person's identity in them is replaced.

A pseudonymised person is never contacted again and counts nowhere as someone who should
answer: their member rows are made inactive, their 1:1 chats are unlinked and inactive,
and pending messages to them are withdrawn. Every rule picks people through
storage.directory.membership, which leaves out inactive members and pseudonyms. What this
cannot prevent: if the same person later writes to the bot or is added to a team again,
Teams reports their real id, and they are a new member from then on.

An export holds the subject's own data and identifies nobody else: in the rows it
returns, another person's ids, names, e-mail addresses and Teams ids are replaced by
OTHER_PERSON, in identity columns and inside free text alike. Free text is matched on
full names only (see _scrub_names), so a first name alone in a decision's text stays.
"""

from __future__ import annotations

import enum
import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, String, Table, cast, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.directory import conversations, membership
from storage.directory.models import Member
from storage.outbox.models import OutboxMessage
from storage.schema import metadata

PSEUDONYM_NAME = "Pseudonymiserad person"
# What an export shows where a row names or points at someone other than its subject.
OTHER_PERSON = "[annan person]"
# Shorter names (first names, initials) would mask ordinary words in free text.
_MIN_NAME_LENGTH = 5


def _personal_columns(table: Table) -> dict[str, Column[Any]]:
    return {str(c.name): c for c in table.columns if c.info.get("personal")}


def _free_text_columns(table: Table) -> list[Column[Any]]:
    return [c for c in table.columns if c.info.get("free_text")]


def _matches(table: Table, aad_id: str, member_ids: list[int]) -> ColumnElement[bool] | None:
    conditions: list[ColumnElement[bool]] = []
    for column in table.columns:
        kind = column.info.get("personal")
        if kind == "aad":
            conditions.append(column == aad_id)
        elif kind == "member" and member_ids:
            conditions.append(column.in_(member_ids))
    return or_(*conditions) if conditions else None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


async def _member_ids(session: AsyncSession, aad_id: str) -> list[int]:
    return list(
        (await session.scalars(select(Member.id).where(Member.aad_object_id == aad_id))).all()
    )


async def export_person(session: AsyncSession, aad_id: str) -> dict[str, Any]:
    """Every row that names the person, with everyone else in those rows masked."""
    member_ids = await _member_ids(session, aad_id)
    own, others = await _identities(session, aad_id, member_ids)
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in metadata.sorted_tables:
        condition = _matches(table, aad_id, member_ids)
        if condition is None:
            continue
        rows = (await session.execute(select(table).where(condition))).mappings().all()
        if rows:
            tables[table.name] = [_exported_row(table, dict(row), own, others) for row in rows]
    return {"subject": {"aad_object_id": aad_id}, "tables": tables}


async def _identities(
    session: AsyncSession, aad_id: str, member_ids: list[int]
) -> tuple[set[Any], set[str]]:
    """(the subject's own identifying values, other people's as text to mask)."""
    own: set[Any] = {aad_id, *member_ids}
    others: set[str] = set()
    rows = await session.execute(
        select(Member.id, Member.aad_object_id, Member.teams_user_id, Member.name, Member.email)
    )
    for member_id, member_aad, teams_id, name, email in rows:
        values = {v for v in (member_aad, teams_id, name, email) if v}
        if member_id in member_ids:
            own |= values
        else:
            others |= values
    own_text = [v for v in own if isinstance(v, str)]
    # A value that is also the subject's own (a shared name), or part of it, stays.
    others = {
        v
        for v in others
        if v not in own and len(v) >= _MIN_NAME_LENGTH and not any(v in o for o in own_text)
    }
    return own, others


def _exported_row(
    table: Table, row: dict[str, Any], own: set[Any], others: set[str]
) -> dict[str, Any]:
    personal = _personal_columns(table)
    # Ids of people outside the members table (a named contact, a deputy) are other
    # people too wherever else they appear in this row (e.g. a target key "person:<id>").
    masked_here = {
        str(row[name])
        for name in personal
        if row[name] is not None and row[name] not in own and isinstance(row[name], str)
    }
    hidden = sorted(others | {v for v in masked_here if len(v) >= _MIN_NAME_LENGTH}, key=len)
    hidden.reverse()  # longest first: "Anna-Karin Hammar" before "Anna-Karin"
    exported: dict[str, Any] = {}
    for name, value in row.items():
        if name in personal:
            exported[name] = value if value is None or value in own else OTHER_PERSON
        else:
            exported[name] = _mask_text(_plain(value), hidden)
    return exported


def _mask_text(value: Any, hidden: list[str]) -> Any:
    """Other people's identifiers inside text and JSON (free text, mention lists, keys)."""
    if isinstance(value, str):
        for text in hidden:
            if text in value:
                value = value.replace(text, OTHER_PERSON)
        return value
    if isinstance(value, list):
        return [_mask_text(item, hidden) for item in value]
    if isinstance(value, dict):
        return {_mask_text(k, hidden): _mask_text(v, hidden) for k, v in value.items()}
    return value


async def pseudonymise_person(session: AsyncSession, aad_id: str) -> dict[str, int]:
    """Replace the person's identity everywhere; returns changed row counts per table."""
    member_ids = await _member_ids(session, aad_id)
    names = set((await session.scalars(select(Member.name).where(Member.id.in_(member_ids)))).all())
    pseudonym = f"{membership.PSEUDONYM_PREFIX}{uuid.uuid4().hex[:12]}"
    changed: dict[str, int] = {}
    withdrawn = await _withdraw_messages(session, aad_id, member_ids, names)
    if withdrawn:
        changed["outbox_messages"] = withdrawn
    # Before the identity is replaced: nothing after this may reach or count the person.
    await membership.stop_contacting(session, member_ids)
    unlinked = await conversations.unlink_personal_chats(session, aad_id)
    if unlinked:
        changed["conversations"] = unlinked
    for table in metadata.sorted_tables:
        count = await _pseudonymise_identity(session, table, aad_id, member_ids, pseudonym)
        count += await _scrub_names(session, table, names)
        if count:
            changed[table.name] = changed.get(table.name, 0) + count
    return changed


async def _withdraw_messages(
    session: AsyncSession, aad_id: str, member_ids: list[int], names: set[str]
) -> int:
    """Messages to or mentioning the person are operational, not records: delete them
    (their `mentions` JSON holds names and Teams ids that no column marker reaches, and a
    card rendered before, e.g. a status card naming the contacts, holds the full name)."""
    teams_ids = [
        teams_id
        for teams_id in (
            await session.scalars(select(Member.teams_user_id).where(Member.id.in_(member_ids)))
        ).all()
        if teams_id
    ]
    conditions: list[ColumnElement[bool]] = [OutboxMessage.user_aad_id == aad_id]
    conditions += [cast(OutboxMessage.mentions, String).contains(t) for t in teams_ids]
    for name in names:
        if len(name) < _MIN_NAME_LENGTH:
            continue
        # The JSON column may hold the name as written or with non-ASCII letters escaped.
        for form in {name, json.dumps(name)[1:-1]}:
            conditions.append(cast(OutboxMessage.card, String).contains(form, autoescape=True))
    result = await session.execute(delete(OutboxMessage).where(or_(*conditions)))
    return int(getattr(result, "rowcount", 0) or 0)


async def _pseudonymise_identity(
    session: AsyncSession, table: Table, aad_id: str, member_ids: list[int], pseudonym: str
) -> int:
    personal = _personal_columns(table)
    aad_columns = [c for c in personal.values() if c.info["personal"] == "aad"]
    if not aad_columns:
        return 0
    count = 0
    for aad_column in aad_columns:
        values: dict[str, Any] = {aad_column.name: pseudonym}
        for column in personal.values():
            kind = column.info["personal"]
            if kind == "name":
                values[column.name] = PSEUDONYM_NAME
            elif kind in ("email", "teams_id") and column.nullable:
                values[column.name] = None
        result = await session.execute(update(table).where(aad_column == aad_id).values(values))
        count += int(getattr(result, "rowcount", 0) or 0)
    return count


async def _scrub_names(session: AsyncSession, table: Table, names: set[str]) -> int:
    """Full names inside free text (e.g. "Gabriel Billing kontaktar …"). First names
    alone are left: too many false hits on other people with the same first name."""
    count = 0
    for column in _free_text_columns(table):
        for name in names:
            if len(name) < 5:
                continue
            rows = (
                (await session.execute(select(table).where(column.contains(name)))).mappings().all()
            )
            primary = list(table.primary_key.columns)
            for row in rows:
                text = str(row[column.name]).replace(name, PSEUDONYM_NAME)
                await session.execute(
                    update(table)
                    .where(*(key == row[key.name] for key in primary))
                    .values({column.name: text})
                )
                count += 1
    return count
