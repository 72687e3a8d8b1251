"""Membership: who belongs to a group, kept in step with what Teams reports, and who the
bot may contact about the group's business.

Plain async functions over an AsyncSession; the caller owns the transaction. Syncing is
idempotent: the same member list applied twice changes nothing the second time.

Who may be contacted is decided here, once, for every rule that nudges or counts people
as "should answer": an active member who has not been pseudonymised (storage.gdpr). A
pseudonymised member row keeps its records but is inactive and carries a pseudonym for
an AAD id, so nothing Teams reports can match and reactivate it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import Select, not_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.directory import memo
from storage.directory.groups import get_or_create_organisation
from storage.directory.models import Conversation, Group, Member, Organisation, Role
from storage.upsert import get_or_insert

# What storage.gdpr puts where a pseudonymised person's AAD id was.
PSEUDONYM_PREFIX: Final = "pseudonym-"


def is_pseudonym(aad_id: str | None) -> bool:
    return bool(aad_id) and str(aad_id).startswith(PSEUDONYM_PREFIX)


@dataclass(frozen=True)
class MemberInfo:
    aad_object_id: str
    name: str
    teams_user_id: str | None = None
    email: str | None = None
    # True/False when Teams' member list said so; None when the source cannot tell (an
    # activity's `from`, a roster file), so what was learnt before is kept.
    guest: bool | None = None


@dataclass(frozen=True)
class SyncResult:
    added: int
    updated: int
    deactivated: int


async def get_member(session: AsyncSession, group_id: int, aad_object_id: str) -> Member | None:
    """The member with their organisation loaded (inactive ones too: callers decide)."""
    known = memo.member(session, group_id, aad_object_id)
    if known is not None:
        return known
    member = await session.scalar(
        select(Member)
        .options(selectinload(Member.organisation))
        .where(Member.group_id == group_id, Member.aad_object_id == aad_object_id)
    )
    if member is not None:
        memo.remember_member(session, member)
    return member


async def list_members(session: AsyncSession, group_id: int) -> list[Member]:
    """The group's members: the people its rules contact and count as "should answer"."""
    query = (
        select(Member)
        .options(selectinload(Member.organisation))
        .where(
            Member.group_id == group_id,
            Member.active,
            not_(Member.aad_object_id.startswith(PSEUDONYM_PREFIX, autoescape=True)),
        )
        .order_by(Member.name)
    )
    return list((await session.scalars(query)).all())


def may_be_contacted(member: Member) -> bool:
    """Whether rules may nudge this member and count them as someone who should answer."""
    return member.active and not is_pseudonym(member.aad_object_id)


async def contactable_people(
    session: AsyncSession, group_id: int, aad_ids: Iterable[str | None]
) -> set[str]:
    """Of these people (e.g. a questionnaire's contacts and deputies), those the bot may
    contact about the group's business. Someone named who was never in the group's
    roster is still that person and stays reachable; a member who left, or anyone
    pseudonymised, is not."""
    wanted = {a for a in aad_ids if a and not is_pseudonym(a)}
    if not wanted:
        return set()
    rows = (
        await session.execute(
            select(Member.aad_object_id, Member.active).where(
                Member.group_id == group_id, Member.aad_object_id.in_(wanted)
            )
        )
    ).all()
    inactive = {aad_id for aad_id, active in rows if not active}
    return wanted - inactive


async def stop_contacting(session: AsyncSession, member_ids: Sequence[int]) -> int:
    """Take these member rows out of every rule for good (a pseudonymised person): they
    stay for the records, inactive. Returns how many were active."""
    if not member_ids:
        return 0
    members = (
        await session.scalars(select(Member).where(Member.id.in_(member_ids), Member.active))
    ).all()
    for member in members:
        member.active = False
    await session.flush()
    return len(members)


async def upsert_members(
    session: AsyncSession, group: Group, infos: Iterable[MemberInfo], *, complete: bool = False
) -> SyncResult:
    """Add or refresh members; with `complete`, members not listed are marked inactive."""
    existing = {
        m.aad_object_id: m
        for m in (await session.scalars(select(Member).where(Member.group_id == group.id))).all()
    }
    seen: set[str] = set()
    added = updated = 0
    for info in infos:
        if not info.aad_object_id or info.aad_object_id in seen:
            continue
        seen.add(info.aad_object_id)
        member = existing.get(info.aad_object_id)
        if member is None:
            _, created = await get_or_insert(
                session,
                select(Member).where(
                    Member.group_id == group.id, Member.aad_object_id == info.aad_object_id
                ),
                lambda info=info: Member(  # type: ignore[misc]
                    group_id=group.id,
                    aad_object_id=info.aad_object_id,
                    teams_user_id=info.teams_user_id,
                    name=info.name or "Okänd",
                    email=info.email,
                    role=Role.MEMBER,
                    active=True,
                    guest=bool(info.guest),
                ),
            )
            added += int(created)
            continue
        changed = (
            not member.active
            or (info.name and member.name != info.name)
            or (info.teams_user_id and member.teams_user_id != info.teams_user_id)
            or (info.email and member.email != info.email)
            or (info.guest is not None and member.guest != info.guest)
        )
        member.active = True
        member.guest = member.guest if info.guest is None else info.guest
        member.name = info.name or member.name
        member.teams_user_id = info.teams_user_id or member.teams_user_id
        member.email = info.email or member.email
        updated += int(bool(changed))
    deactivated = 0
    if complete:
        for aad_id, member in existing.items():
            if aad_id not in seen and member.active:
                member.active = False
                deactivated += 1
    await session.flush()
    return SyncResult(added=added, updated=updated, deactivated=deactivated)


async def deactivate_members(session: AsyncSession, group: Group, aad_ids: Sequence[str]) -> int:
    members = (
        await session.scalars(
            select(Member).where(Member.group_id == group.id, Member.aad_object_id.in_(aad_ids))
        )
    ).all()
    for member in members:
        member.active = False
    await session.flush()
    return len(members)


async def set_member_organisation(
    session: AsyncSession, group: Group, member: Member, organisation_name: str
) -> Organisation:
    organisation = await get_or_create_organisation(session, group, organisation_name)
    # The relationship, not just the key: a member loaded earlier in this unit of work
    # (and remembered by the directory memo) must show the new organisation at once.
    member.organisation = organisation
    await session.flush()
    return organisation


async def active_groups_of(
    session: AsyncSession, tenant_id: str, aad_object_id: str
) -> list[Group]:
    """The groups, still installed, where this person is an active member; by name.
    A personal chat belongs to no group, so a file sent there needs one chosen."""
    query = (
        select(Group)
        .join(Member, Member.group_id == Group.id)
        .join(Conversation, Group.conversation_pk == Conversation.id)
        .where(
            Group.tenant_id == tenant_id,
            Member.aad_object_id == aad_object_id,
            Member.active.is_(True),
            Conversation.active.is_(True),
        )
        .order_by(Group.name, Group.id)
    )
    return list((await session.scalars(query)).all())


def active_group_ids(aad_object_id: str) -> Select[tuple[int]]:
    """The groups this person is an active member of, as a subquery for "what waits for
    me" queries (`påminnelser` in the personal chat)."""
    return select(Member.group_id).where(
        Member.aad_object_id == aad_object_id, Member.active.is_(True)
    )
