"""Directory commands: help, members, which organisation I represent, roles, and what
guests may answer for."""

from __future__ import annotations

from collections.abc import Sequence

from cards.directory.members import MemberView, members_card, role_label
from cards.help import (
    HelpSection,
    all_commands_card,
    channel_help_card,
    not_understood_card,
    personal_help_card,
)
from cards.i18n import t
from dialogs.access import require_group, sender_member
from dialogs.audit import record_action
from dialogs.directory.role_words import parse_guest_permission, parse_role_suffix
from dialogs.text.pii import PersonalNumberFound, ensure_no_personal_number
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.directory import groups, guests, membership, roles
from storage.directory.errors import DirectoryError
from storage.directory.models import Group, Member


def show_help(turn: TurnInput) -> list[Reply]:
    """The short help: the main jobs of this kind of conversation as buttons."""
    if turn.in_group:
        return [Reply(card=channel_help_card(turn.language, bot_name=turn.bot_name))]
    return [Reply(card=personal_help_card(turn.language, bot_name=turn.bot_name))]


def show_all_commands(turn: TurnInput, sections: Sequence[HelpSection]) -> list[Reply]:
    card = all_commands_card(
        turn.language, bot_name=turn.bot_name, in_group=turn.in_group, sections=sections
    )
    return [Reply(card=card)]


def not_understood(turn: TurnInput, suggestion: str | None, example: str = "") -> list[Reply]:
    card = not_understood_card(turn.language, suggestion=suggestion, example=example)
    return [Reply(card=card)]


async def _require_sender(session: AsyncSession, group: Group, turn: TurnInput) -> Member:
    member = await sender_member(session, group.id, turn)
    if member is None:
        raise UserFacingError("role.unknown_member")
    return member


async def show_members(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    group = await require_group(session, turn)
    members = await membership.list_members(session, group.id)
    permissions = await guests.guest_permissions(session, group.id)
    names = {o.id: o.name for o in await groups.list_organisations(session, group.id)}
    views = [
        MemberView(
            name=m.name,
            role=m.role.value,
            organisation=m.organisation.name if m.organisation else None,
            guest=m.guest,
            answers_for=tuple(
                sorted(names[o] for member_id, o in permissions if member_id == m.id)
            ),
        )
        for m in members
    ]
    return [Reply(card=members_card(turn.language, group_name=group.name, members=views))]


async def set_organisation(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    group = await require_group(session, turn)
    member = await _require_sender(session, group, turn)
    if not argument:
        if member.organisation is None:
            return [Reply(text=t("organisation.none", turn.language))]
        return [
            Reply(text=t("organisation.show", turn.language, organisation=member.organisation.name))
        ]
    try:
        ensure_no_personal_number(argument)
        organisation = await membership.set_member_organisation(session, group, member, argument)
    except PersonalNumberFound as exc:
        raise UserFacingError("error.personal_number") from exc
    except DirectoryError as exc:
        raise UserFacingError(f"organisation.{exc.code.removeprefix('organisation_')}") from exc
    await record_action(
        session,
        turn,
        member,
        "organisation.set",
        subject_type="member",
        subject_id=member.id,
        group_id=group.id,
        detail=f"organisation:{organisation.id}",
    )
    return [Reply(text=t("organisation.set", turn.language, organisation=organisation.name))]


async def change_role(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    group = await require_group(session, turn)
    actor = await _require_sender(session, group, turn)
    parsed = parse_role_suffix(argument)
    if parsed is None:
        raise UserFacingError("role.usage")
    named, role = parsed
    target = await _find_target(session, group, turn, named)
    previous = target.role
    try:
        await roles.change_role(session, actor, target, role)
    except DirectoryError as exc:
        raise UserFacingError(f"role.{exc.code}") from exc
    await record_action(
        session,
        turn,
        actor,
        "role.change",
        subject_type="member",
        subject_id=target.id,
        group_id=group.id,
        detail=f"{previous.value}>{role.value}",
    )
    return [
        Reply(
            text=t(
                "role.set",
                turn.language,
                name=target.name,
                role=role_label(role.value, turn.language),
            )
        )
    ]


async def change_guest_permission(
    session: AsyncSession, turn: TurnInput, argument: str
) -> list[Reply]:
    """`roll gäst @namn får [inte] svara för Organisation`: the chair lets a guest answer
    questionnaires and date polls for an organisation, or stops it."""
    group = await require_group(session, turn)
    actor = await _require_sender(session, group, turn)
    parsed = parse_guest_permission(argument)
    if parsed is None:
        raise UserFacingError("guest.usage")
    named, allowed, organisation_name = parsed
    if not guests.may_manage_guests(actor):
        raise UserFacingError("guest.not_allowed")
    target = await _find_target(session, group, turn, named)
    organisation = await groups.find_organisation(session, group.id, organisation_name)
    if organisation is None:
        known = [o.name for o in await groups.list_organisations(session, group.id)]
        raise UserFacingError("guest.unknown_organisation", known=", ".join(known) or "–")
    try:
        changed = await guests.set_guest_permission(
            session, actor, target, organisation, allowed=allowed
        )
    except DirectoryError as exc:
        raise UserFacingError(f"guest.{exc.code}", name=target.name) from exc
    if changed:
        await record_action(
            session,
            turn,
            actor,
            "guest.allow" if allowed else "guest.revoke",
            subject_type="member",
            subject_id=target.id,
            group_id=group.id,
            detail=f"organisation:{organisation.id}",
        )
    key = "guest.allowed" if allowed else "guest.revoked"
    return [Reply(text=t(key, turn.language, name=target.name, organisation=organisation.name))]


async def _find_target(session: AsyncSession, group: Group, turn: TurnInput, named: str) -> Member:
    """An @mention identifies the person; a typed name must match one full name exactly."""
    members = await membership.list_members(session, group.id)
    if turn.mentions:
        mentioned = turn.mentions[0]
        for member in members:
            if (mentioned.aad_object_id and member.aad_object_id == mentioned.aad_object_id) or (
                member.teams_user_id and member.teams_user_id == mentioned.teams_user_id
            ):
                return member
        raise UserFacingError("role.unknown_member")
    if not named:
        raise UserFacingError("role.usage")
    matches = [m for m in members if m.name.casefold() == named.casefold()]
    if len(matches) != 1:
        raise UserFacingError("role.unknown_member")
    return matches[0]
