"""Fetch a conversation's members through the connector (paged, as Teams requires)."""

from __future__ import annotations

import logging

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from storage.directory import MemberInfo

log = logging.getLogger(__name__)

PAGE_SIZE = 200
MAX_PAGES = 100  # 20,000 members: far beyond any collaboration group; stops a runaway loop


async def fetch_roster(turn_context: TurnContext) -> list[MemberInfo] | None:
    """All members, or None when the connector cannot tell (the install still succeeds)."""
    members: list[MemberInfo] = []
    token: str | None = None
    try:
        for _ in range(MAX_PAGES):
            page = await TeamsInfo.get_paged_members(turn_context, token, PAGE_SIZE)
            for account in page.members or []:
                if not account.aad_object_id:
                    continue
                members.append(
                    MemberInfo(
                        aad_object_id=account.aad_object_id,
                        name=(account.name or "").strip() or "Okänd",
                        teams_user_id=account.id,
                        email=account.email or account.user_principal_name,
                    )
                )
            token = page.continuation_token
            if not token:
                return members
    except Exception:  # the connector may refuse (guest chats, throttling): log ids only
        log.warning(
            "member listing failed conversation=%s",
            turn_context.activity.conversation.id,
            exc_info=True,
        )
        return None
    log.warning("member listing stopped after %d pages", MAX_PAGES)
    return members


async def fetch_team_name(turn_context: TurnContext) -> str | None:
    """Teams leaves the team's name out of most channel activities; ask the connector."""
    try:
        details = await TeamsInfo.get_team_details(turn_context)
    except Exception:  # not a team, or the connector refuses: the name is cosmetic
        log.info("team details unavailable conversation=%s", turn_context.activity.conversation.id)
        return None
    return (details.name or "").strip() or None
