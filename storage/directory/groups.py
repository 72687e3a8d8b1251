"""Collaboration groups (one per channel or group chat) and the organisations in them.

Plain async functions over an AsyncSession; the caller owns the transaction. Creating a
group or an organisation is idempotent, so redelivered events and races find the row
the other one made.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.directory import memo
from storage.directory.errors import DirectoryError
from storage.directory.models import (
    Conversation,
    ConversationKind,
    Group,
    Organisation,
    OrganisationKind,
)
from storage.upsert import get_or_insert

MAX_ORGANISATION_NAME = 128
DEFAULT_GROUP_NAME = "Samverkansgrupp"


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


async def group_conversation(session: AsyncSession, group_id: int) -> Conversation | None:
    """The channel or group chat a group is bound to (None for an unknown group); from the
    identity map when this unit of work already loaded them."""
    group = await session.get(Group, group_id)
    return await session.get(Conversation, group.conversation_pk) if group else None


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
