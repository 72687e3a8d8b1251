"""Roles in a group and who may change them: the chair, process leaders and members."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.directory.errors import DirectoryError
from storage.directory.models import Group, Member, Role


async def count_role(session: AsyncSession, group_id: int, role: Role) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(Member)
            .where(Member.group_id == group_id, Member.role == role, Member.active)
        )
        or 0
    )


def may_manage_roles(actor: Member | None) -> bool:
    return actor is not None and actor.active and actor.role in (Role.CHAIR, Role.PROCESS_LEADER)


async def change_role(
    session: AsyncSession, actor: Member | None, target: Member, role: Role
) -> None:
    """Chair and process leaders set roles; only a chair grants or removes the chair role;
    the last chair cannot step down (the group would have nobody to manage it)."""
    if not may_manage_roles(actor):
        raise DirectoryError("not_allowed")
    assert actor is not None
    touches_chair = role == Role.CHAIR or target.role == Role.CHAIR
    if touches_chair and actor.role != Role.CHAIR:
        raise DirectoryError("only_chair")
    if (
        target.role == Role.CHAIR
        and role != Role.CHAIR
        and await count_role(session, target.group_id, Role.CHAIR) <= 1
    ):
        raise DirectoryError("last_chair")
    target.role = role
    await session.flush()


async def make_chair_if_none(session: AsyncSession, group: Group, member: Member) -> bool:
    """The first installer of the bot in a team becomes its chair."""
    if await count_role(session, group.id, Role.CHAIR) > 0:
        return False
    member.role = Role.CHAIR
    await session.flush()
    return True
