"""Fetch a conversation's members through the connector (paged, as Teams requires)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema.teams import TeamsChannelAccount

from bot.log_codes import where
from bot.teams.inbound import tenant_of
from dialogs.turn import Person
from storage.directory.membership import MemberInfo

log = logging.getLogger(__name__)

PAGE_SIZE = 200
MAX_PAGES = 100  # 20,000 members: far beyond any collaboration group; stops a runaway loop


async def fetch_roster(turn_context: TurnContext) -> list[MemberInfo] | None:
    """All members, or None when the connector cannot tell (the install still succeeds)."""
    members: list[MemberInfo] = []
    token: str | None = None
    tenant_id = tenant_of(turn_context.activity)
    try:
        for _ in range(MAX_PAGES):
            page = await TeamsInfo.get_paged_members(turn_context, token, PAGE_SIZE)
            members += [
                member_info(account, tenant_id)
                for account in page.members or []
                if account.aad_object_id
            ]
            token = page.continuation_token
            if not token:
                return members
    except Exception as error:  # the connector may refuse (guest chats, throttling): ids only
        log.warning(
            "member listing failed conversation=%s error=%s",
            turn_context.activity.conversation.id,
            where(error),
        )
        return None
    log.warning("member listing stopped after %d pages", MAX_PAGES)
    return members


def is_guest(account: TeamsChannelAccount, tenant_id: str | None) -> bool:
    """Teams' member list marks guests with userRole "guest"; older payloads only show it
    in the #EXT# user principal name, and a person from another home tenant is external
    whatever the role says."""
    if (account.user_role or "").casefold() == "guest":
        return True
    if "#ext#" in (account.user_principal_name or "").casefold():
        return True
    return bool(account.tenant_id and tenant_id and account.tenant_id != tenant_id)


def member_info(account: TeamsChannelAccount, tenant_id: str | None) -> MemberInfo:
    return MemberInfo(
        aad_object_id=account.aad_object_id or "",
        name=(account.name or "").strip() or "Okänd",
        teams_user_id=account.id,
        email=account.email or account.user_principal_name,
        guest=is_guest(account, tenant_id),
    )


async def fetch_members(turn_context: TurnContext, people: Sequence[Person]) -> list[MemberInfo]:
    """What Teams' member list says about each person (only the list tells guests apart);
    a person the connector cannot describe is kept with what the activity said."""
    tenant_id = tenant_of(turn_context.activity)
    found: list[MemberInfo] = []
    for person in people:
        if not person.aad_object_id:
            continue
        try:
            account = await TeamsInfo.get_member(turn_context, person.teams_user_id)
        except Exception:  # the connector may refuse or not know the person yet: ids only
            log.info("member look-up failed conversation=%s", turn_context.activity.conversation.id)
            account = None
        if account is not None and account.aad_object_id == person.aad_object_id:
            found.append(member_info(account, tenant_id))
        else:
            found.append(
                MemberInfo(
                    aad_object_id=person.aad_object_id,
                    name=person.name,
                    teams_user_id=person.teams_user_id,
                )
            )
    return found


async def fetch_team_name(turn_context: TurnContext) -> str | None:
    """Teams leaves the team's name out of most channel activities; ask the connector."""
    try:
        details = await TeamsInfo.get_team_details(turn_context)
    except Exception:  # not a team, or the connector refuses: the name is cosmetic
        log.info("team details unavailable conversation=%s", turn_context.activity.conversation.id)
        return None
    return (details.name or "").strip() or None
