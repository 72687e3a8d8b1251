"""Guests: members from outside the tenant, whose answers count for an organisation only
when the chair has allowed it."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import utcnow
from storage.directory.errors import DirectoryError
from storage.directory.models import GuestPermission, Member, Organisation, Role
from storage.upsert import get_or_insert


def may_manage_guests(actor: Member | None) -> bool:
    """Letting an outsider speak for an organisation is the chair's call alone."""
    return actor is not None and actor.active and actor.role == Role.CHAIR


async def set_guest_permission(
    session: AsyncSession,
    actor: Member | None,
    guest: Member,
    organisation: Organisation,
    *,
    allowed: bool,
) -> bool:
    """Allow or stop a guest answering for an organisation; True when this changed
    anything (granting twice or revoking what was never granted is not an error)."""
    if not may_manage_guests(actor):
        raise DirectoryError("not_allowed")
    assert actor is not None
    if not guest.guest:
        raise DirectoryError("not_guest")
    query = select(GuestPermission).where(
        GuestPermission.member_id == guest.id, GuestPermission.organisation_id == organisation.id
    )
    if allowed:
        _, created = await get_or_insert(
            session,
            query,
            lambda: GuestPermission(
                group_id=guest.group_id,
                member_id=guest.id,
                organisation_id=organisation.id,
                granted_by_aad_id=actor.aad_object_id,
                granted_at=utcnow(),
            ),
        )
        return created
    existing = await session.scalar(query)
    if existing is None:
        return False
    await session.delete(existing)
    await session.flush()
    return True


async def guest_permissions(session: AsyncSession, group_id: int) -> set[tuple[int, int]]:
    """(member id, organisation id) pairs the chair allowed, for a whole group at once."""
    rows = await session.execute(
        select(GuestPermission.member_id, GuestPermission.organisation_id).where(
            GuestPermission.group_id == group_id
        )
    )
    return {(member_id, organisation_id) for member_id, organisation_id in rows.all()}


class Speaker(Protocol):
    """A member, or a plain row of one (poll cards read members as rows)."""

    @property
    def id(self) -> int: ...

    @property
    def guest(self) -> bool: ...


def speaks_for(member: Speaker, organisation_id: int, permissions: set[tuple[int, int]]) -> bool:
    """Whether the member's answer counts as the organisation's: everyone but a guest
    does; a guest only with the chair's permission for that organisation."""
    return not member.guest or (member.id, organisation_id) in permissions


async def may_speak_for(session: AsyncSession, member: Member, organisation_id: int) -> bool:
    if not member.guest:
        return True
    granted = await session.scalar(
        select(GuestPermission.id).where(
            GuestPermission.member_id == member.id,
            GuestPermission.organisation_id == organisation_id,
        )
    )
    return granted is not None
