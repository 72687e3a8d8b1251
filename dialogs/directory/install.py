"""Install flow: the bot is added to (or removed from) a team, group chat or personal chat,
and people join or leave. Stores conversation references and members, idempotently, and
welcomes each conversation once."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from cards.welcome import welcome_card
from dialogs.turn import Person, Reply, TurnInput
from storage.db import AsyncSession
from storage.directory import conversations, groups, membership, roles
from storage.directory.conversations import ConversationRef
from storage.directory.membership import MemberInfo
from storage.directory.models import Conversation, ConversationKind, Group

log = logging.getLogger(__name__)


async def record_install(
    session: AsyncSession,
    turn: TurnInput,
    *,
    members: Sequence[MemberInfo] | None,
    installer: Person | None,
) -> list[Reply]:
    """The bot was installed here. `members` is the full roster when the edge could
    fetch it (then members no longer in the team are marked inactive)."""
    conversation, _ = await conversations.upsert_conversation(session, turn.ref)
    chair_name: str | None = None
    if conversation.kind != ConversationKind.PERSONAL:
        group = await groups.ensure_group(session, conversation)
        roster = list(members or [])
        if installer and installer.aad_object_id:
            roster.append(_member_info(installer))
        await membership.upsert_members(session, group, roster, complete=members is not None)
        chair_name = await _first_installer_becomes_chair(session, group, installer)
        log.info(
            "install recorded conversation=%s group=%s members=%d",
            conversation.id,
            group.id,
            len(roster),
        )
    else:
        log.info("install recorded personal conversation=%s", conversation.id)
    return await _welcome_once(session, conversation, turn, chair_name)


async def _first_installer_becomes_chair(
    session: AsyncSession, group: Group, installer: Person | None
) -> str | None:
    if installer is None or not installer.aad_object_id:
        return None
    member = await membership.get_member(session, group.id, installer.aad_object_id)
    if member is None:
        return None
    return member.name if await roles.make_chair_if_none(session, group, member) else None


async def _welcome_once(
    session: AsyncSession, conversation: Conversation, turn: TurnInput, chair_name: str | None
) -> list[Reply]:
    if not await conversations.mark_welcomed(session, conversation):
        return []
    card = welcome_card(
        turn.language, bot_name=turn.bot_name, in_group=turn.in_group, chair_name=chair_name
    )
    return [Reply(card=card)]


async def record_uninstall(session: AsyncSession, ref: ConversationRef) -> int:
    """Removing the bot from a team covers every channel of it; rows are kept, inactive."""
    count = await conversations.deactivate_conversations(
        session,
        ref.tenant_id,
        conversation_id=ref.conversation_id,
        team_id=ref.team_id if ref.kind == ConversationKind.CHANNEL else None,
    )
    log.info("uninstall recorded conversations=%d", count)
    return count


async def record_members_added(
    session: AsyncSession, ref: ConversationRef, members: Sequence[MemberInfo]
) -> int:
    """People joined; `members` as the edge learnt them from Teams' member list (which
    alone says who is a guest)."""
    if ref.kind == ConversationKind.PERSONAL:
        return 0
    conversation, _ = await conversations.upsert_conversation(session, ref)
    group = await groups.ensure_group(session, conversation)
    result = await membership.upsert_members(
        session, group, [m for m in members if m.aad_object_id]
    )
    return result.added


async def record_member_details(
    session: AsyncSession, ref: ConversationRef, member: MemberInfo
) -> None:
    """What Teams' member list says about someone first met in a turn (guest or not)."""
    group = await groups.find_group(session, ref.tenant_id, ref.conversation_id)
    if group is not None and member.aad_object_id:
        await membership.upsert_members(session, group, [member])
        if member.guest:
            log.info("guest recorded group=%s", group.id)


async def record_members_removed(
    session: AsyncSession, ref: ConversationRef, people: Sequence[Person]
) -> int:
    group = await groups.find_group(session, ref.tenant_id, ref.conversation_id)
    if group is None:
        return 0
    ids = [p.aad_object_id for p in people if p.aad_object_id]
    return await membership.deactivate_members(session, group, ids)


async def note_activity(session: AsyncSession, turn: TurnInput) -> bool:
    """Every turn refreshes the reference (service URLs move) and, in a group, makes sure
    the sender is a member: the directory heals itself if an install event was missed.
    True when the sender was unknown here, so the edge should ask Teams who they are
    (an activity does not say whether its sender is a guest).

    The three rows are read in one query and remembered for this unit of work, so the
    lookups below and the flow's own (require_group, require_member) cost no round trip;
    when nothing changed, nothing is written."""
    sender = turn.sender.aad_object_id
    await conversations.preload_turn(session, turn.ref.tenant_id, turn.ref.conversation_id, sender)
    conversation, _ = await conversations.upsert_conversation(session, turn.ref)
    if conversation.kind == ConversationKind.PERSONAL:
        return False
    group = await groups.ensure_group(session, conversation)
    if not sender:
        return False
    member = await membership.get_member(session, group.id, sender)
    if member is not None and member.active:
        return False
    result = await membership.upsert_members(session, group, [_member_info(turn.sender)])
    return result.added > 0


def _member_info(person: Person) -> MemberInfo:
    return MemberInfo(
        aad_object_id=person.aad_object_id or "",
        name=person.name,
        teams_user_id=person.teams_user_id,
    )
