"""Directory operations: conversation references, groups, organisations, members, roles.

Plain async functions over an AsyncSession; the caller owns the transaction (one unit of
work per turn or job). Everything is idempotent: Teams redelivers install events and
sends installationUpdate and conversationUpdate for the same install.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager, selectinload

from storage.base import utcnow
from storage.directory import memo
from storage.directory.models import (
    Conversation,
    ConversationKind,
    Group,
    GuestPermission,
    Member,
    Organisation,
    OrganisationKind,
    Role,
)
from storage.upsert import get_or_insert

MAX_ORGANISATION_NAME = 128
DEFAULT_GROUP_NAME = "Samverkansgrupp"


class DirectoryError(ValueError):
    """A directory change that is not allowed; `code` selects the user-facing message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ConversationRef:
    """What the bot needs to reach a conversation later, as read from an activity."""

    tenant_id: str
    conversation_id: str
    kind: ConversationKind
    service_url: str
    bot_id: str
    bot_name: str | None = None
    channel_id: str = "msteams"
    team_id: str | None = None
    team_name: str | None = None
    teams_channel_id: str | None = None
    teams_channel_name: str | None = None
    user_aad_id: str | None = None
    locale: str | None = None


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


async def find_conversation(
    session: AsyncSession, tenant_id: str, conversation_id: str
) -> Conversation | None:
    known = memo.conversation(session, tenant_id, conversation_id)
    if known is not None:
        return known
    conversation = await session.scalar(
        select(Conversation).where(
            Conversation.tenant_id == tenant_id, Conversation.conversation_id == conversation_id
        )
    )
    if conversation is not None:
        memo.remember_conversation(session, conversation)
    return conversation


async def preload_turn(
    session: AsyncSession, tenant_id: str, conversation_id: str, aad_object_id: str | None
) -> None:
    """Read a turn's conversation, its group and the sender (with their organisation) in
    one round trip and remember them, so the lookups the turn makes next cost none."""
    query = (
        select(Conversation, Group)
        .outerjoin(Group, Group.conversation_pk == Conversation.id)
        .where(Conversation.tenant_id == tenant_id, Conversation.conversation_id == conversation_id)
    )
    if aad_object_id:
        query = (
            query.add_columns(Member)
            .outerjoin(
                Member, and_(Member.group_id == Group.id, Member.aad_object_id == aad_object_id)
            )
            .outerjoin(Member.organisation)
            .options(contains_eager(Member.organisation))
        )
    row = (await session.execute(query)).first()
    if row is None:
        return
    memo.remember_conversation(session, row[0])
    if row[1] is not None:
        memo.remember_group(session, row[1])
    if len(row) > 2 and row[2] is not None:
        memo.remember_member(session, row[2])


async def upsert_conversation(
    session: AsyncSession, ref: ConversationRef
) -> tuple[Conversation, bool]:
    """Store or refresh a reference; returns (conversation, became_active_now). Writes only
    what changed: on most turns nothing has, and a write would take the write lock."""
    known = memo.conversation(session, ref.tenant_id, ref.conversation_id)
    if known is not None:
        conversation, activated = known, False
    else:
        query = select(Conversation).where(
            Conversation.tenant_id == ref.tenant_id,
            Conversation.conversation_id == ref.conversation_id,
        )
        conversation, activated = await get_or_insert(
            session,
            query,
            lambda: Conversation(
                tenant_id=ref.tenant_id,
                conversation_id=ref.conversation_id,
                kind=ref.kind,
                service_url=ref.service_url,
                bot_id=ref.bot_id,
                active=True,
                installed_at=utcnow(),
            ),
        )
    if not activated and not conversation.active:
        activated = await _reactivate(session, conversation)
    changes = _reference_changes(conversation, ref)
    if changes:
        for name, value in changes.items():
            setattr(conversation, name, value)
        await session.flush()
    memo.remember_conversation(session, conversation)
    return conversation, activated


def _reference_changes(conversation: Conversation, ref: ConversationRef) -> dict[str, object]:
    """The columns `ref` would change. Names and locale are only sometimes present in an
    activity: a missing one keeps what we knew."""
    fresh: dict[str, object] = {
        "kind": ref.kind,
        "service_url": ref.service_url,
        "channel_id": ref.channel_id,
        "bot_id": ref.bot_id,
    }
    sometimes = {
        "bot_name": ref.bot_name,
        "team_id": ref.team_id,
        "team_name": ref.team_name,
        "teams_channel_id": ref.teams_channel_id,
        "teams_channel_name": ref.teams_channel_name,
        "user_aad_id": ref.user_aad_id,
        "locale": ref.locale,
    }
    fresh.update({name: value for name, value in sometimes.items() if value})
    return {name: value for name, value in fresh.items() if getattr(conversation, name) != value}


async def _reactivate(session: AsyncSession, conversation: Conversation) -> bool:
    """A reinstall. Conditional UPDATE, so of two concurrent install events exactly one
    reactivates (and may welcome); the other sees the row already active."""
    now = utcnow()
    result = await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id, Conversation.active.is_(False))
        .values(active=True, installed_at=now, uninstalled_at=None, welcomed_at=None)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(conversation)
    return bool(getattr(result, "rowcount", 0))


async def mark_welcomed(session: AsyncSession, conversation: Conversation) -> bool:
    """True for exactly one caller: Teams sends installationUpdate and conversationUpdate
    for one install at the same moment, and only one of them may welcome. A conditional
    UPDATE decides atomically on both backends."""
    now = utcnow()
    result = await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id, Conversation.welcomed_at.is_(None))
        .values(welcomed_at=now)
        .execution_options(synchronize_session=False)
    )
    won = bool(getattr(result, "rowcount", 0))
    if won:
        conversation.welcomed_at = now
    return won


async def deactivate_conversations(
    session: AsyncSession, tenant_id: str, *, conversation_id: str | None, team_id: str | None
) -> int:
    """Uninstall: a team uninstall covers all its channels; keep rows for the records."""
    query = select(Conversation).where(Conversation.tenant_id == tenant_id, Conversation.active)
    if team_id:
        query = query.where(Conversation.team_id == team_id)
    elif conversation_id:
        query = query.where(Conversation.conversation_id == conversation_id)
    else:
        return 0
    conversations = (await session.scalars(query)).all()
    now = utcnow()
    for conversation in conversations:
        conversation.active = False
        conversation.uninstalled_at = now
    await session.flush()
    return len(conversations)


async def personal_conversation(
    session: AsyncSession, tenant_id: str, user_aad_id: str
) -> Conversation | None:
    return await session.scalar(
        select(Conversation).where(
            Conversation.tenant_id == tenant_id,
            Conversation.user_aad_id == user_aad_id,
            Conversation.kind == ConversationKind.PERSONAL,
            Conversation.active,
        )
    )


def group_name_for(conversation: Conversation) -> str:
    if conversation.team_name and conversation.teams_channel_name:
        return f"{conversation.team_name} / {conversation.teams_channel_name}"
    return conversation.team_name or conversation.teams_channel_name or DEFAULT_GROUP_NAME


async def ensure_group(session: AsyncSession, conversation: Conversation) -> Group:
    """The collaboration group bound to a channel or group chat (created on first use)."""
    if conversation.kind == ConversationKind.PERSONAL:
        raise DirectoryError("personal_has_no_group")
    known = memo.group_of(session, conversation.id)
    if known is not None:
        group, created = known, False
    else:
        group, created = await get_or_insert(
            session,
            select(Group).where(Group.conversation_pk == conversation.id),
            lambda: Group(
                tenant_id=conversation.tenant_id,
                name=group_name_for(conversation),
                conversation_pk=conversation.id,
            ),
        )
        memo.remember_group(session, group)
    if not created and conversation.team_name and group.name == DEFAULT_GROUP_NAME:
        group.name = group_name_for(conversation)
    return group


async def find_group(session: AsyncSession, tenant_id: str, conversation_id: str) -> Group | None:
    conversation = memo.conversation(session, tenant_id, conversation_id)
    known = memo.group_of(session, conversation.id) if conversation is not None else None
    if known is not None:
        return known
    group = await session.scalar(
        select(Group)
        .join(Conversation, Group.conversation_pk == Conversation.id)
        .where(Conversation.tenant_id == tenant_id, Conversation.conversation_id == conversation_id)
    )
    if group is not None:
        memo.remember_group(session, group)
    return group


async def find_group_by_reference(session: AsyncSession, reference: str) -> Group | None:
    """For the CLI: a group by numeric id, exact name or conversation id."""
    if reference.isdigit():
        return await session.get(Group, int(reference))
    group = await session.scalar(select(Group).where(Group.name == reference))
    if group is not None:
        return group
    return await session.scalar(
        select(Group)
        .join(Conversation, Group.conversation_pk == Conversation.id)
        .where(Conversation.conversation_id == reference)
    )


async def groups_of_team(session: AsyncSession, tenant_id: str, team_id: str) -> list[Group]:
    query = (
        select(Group)
        .join(Conversation, Group.conversation_pk == Conversation.id)
        .where(Conversation.tenant_id == tenant_id, Conversation.team_id == team_id)
    )
    return list((await session.scalars(query)).all())


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
    query = (
        select(Member)
        .options(selectinload(Member.organisation))
        .where(Member.group_id == group_id, Member.active)
        .order_by(Member.name)
    )
    return list((await session.scalars(query)).all())


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


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def clean_organisation_name(name: str) -> str:
    cleaned = " ".join(unicodedata.normalize("NFKC", name).split())
    if not cleaned:
        raise DirectoryError("organisation_missing")
    if len(cleaned) > MAX_ORGANISATION_NAME:
        raise DirectoryError("organisation_too_long")
    return cleaned


def guess_organisation_kind(name: str) -> OrganisationKind:
    folded = _fold(name)
    if "kommun" in folded:
        return OrganisationKind.MUNICIPALITY
    if folded.startswith("region") or "landsting" in folded:
        return OrganisationKind.REGION
    return OrganisationKind.OTHER


async def get_or_create_organisation(
    session: AsyncSession, group: Group, name: str, kind: OrganisationKind | None = None
) -> Organisation:
    """Case- and space-insensitive, so 'gnesta  kommun' finds 'Gnesta kommun'."""
    cleaned = clean_organisation_name(name)
    organisation, created = await get_or_insert(
        session,
        select(Organisation).where(
            Organisation.group_id == group.id, Organisation.name_key == _fold(cleaned)
        ),
        lambda: Organisation(
            group_id=group.id,
            name=cleaned,
            name_key=_fold(cleaned),
            kind=kind or guess_organisation_kind(cleaned),
        ),
    )
    if not created and kind is not None:
        organisation.kind = kind
    return organisation


async def find_organisation(session: AsyncSession, group_id: int, name: str) -> Organisation | None:
    """An existing organisation by name, case- and space-insensitively; never creates one."""
    return await session.scalar(
        select(Organisation).where(
            Organisation.group_id == group_id, Organisation.name_key == _fold(name)
        )
    )


async def list_organisations(session: AsyncSession, group_id: int) -> list[Organisation]:
    query = (
        select(Organisation).where(Organisation.group_id == group_id).order_by(Organisation.name)
    )
    return list((await session.scalars(query)).all())


async def set_member_organisation(
    session: AsyncSession, group: Group, member: Member, organisation_name: str
) -> Organisation:
    organisation = await get_or_create_organisation(session, group, organisation_name)
    # The relationship, not just the key: a member loaded earlier in this unit of work
    # (and remembered by the directory memo) must show the new organisation at once.
    member.organisation = organisation
    await session.flush()
    return organisation


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


async def make_chair_if_none(session: AsyncSession, group: Group, member: Member) -> bool:
    """The first installer of the bot in a team becomes its chair."""
    if await count_role(session, group.id, Role.CHAIR) > 0:
        return False
    member.role = Role.CHAIR
    await session.flush()
    return True


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


# ---- minutes files sent in the personal chat (issue #14) ------------------------------------
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
