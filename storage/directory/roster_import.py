"""An administrator's roster import: organisations and roles for a group's members, set
from a file without the role checks a chat command goes through."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.directory.groups import get_or_create_organisation
from storage.directory.models import Group, Member, Role


@dataclass(frozen=True)
class RosterRow:
    name: str
    email: str | None
    aad_object_id: str | None
    organisation: str | None
    role: Role | None


@dataclass(frozen=True)
class RosterResult:
    created: int
    updated: int
    unmatched: int


async def apply_roster(
    session: AsyncSession, group: Group, rows: Sequence[RosterRow]
) -> RosterResult:
    """An administrator's import: sets organisations and roles without role checks.
    Rows with an AAD id create members; rows with only an e-mail must match a member
    Teams already reported (identity is never guessed from a display name)."""
    members = (await session.scalars(select(Member).where(Member.group_id == group.id))).all()
    by_aad = {m.aad_object_id: m for m in members}
    by_email = {m.email.casefold(): m for m in members if m.email}
    created = updated = unmatched = 0
    for row in rows:
        member = (by_aad.get(row.aad_object_id) if row.aad_object_id else None) or (
            by_email.get(row.email.casefold()) if row.email else None
        )
        if member is None and row.aad_object_id:
            member = Member(
                group_id=group.id,
                aad_object_id=row.aad_object_id,
                name=row.name,
                email=row.email,
                role=Role.MEMBER,
                active=True,
            )
            session.add(member)
            await session.flush()
            by_aad[row.aad_object_id] = member
            created += 1
        elif member is None:
            unmatched += 1
            continue
        else:
            updated += 1
        if row.organisation:
            member.organisation_id = (
                await get_or_create_organisation(session, group, row.organisation)
            ).id
        if row.role:
            member.role = row.role
        member.email = row.email or member.email
    await session.flush()
    return RosterResult(created=created, updated=updated, unmatched=unmatched)
