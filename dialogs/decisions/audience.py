"""Who Teams refreshes automatically to their own view of a decision card.

Up to 60 members (Teams' limit for `refresh.userIds`): all of them, so each sees the
status buttons only if they may use them. More: Teams refreshes only the listed users
and the others refresh by hand, so list those who may change the status (the owners, the
chair and the secretary); the shared message keeps its buttons for whoever is left out.
"""

from __future__ import annotations

from cards.common import MAX_REFRESH_USERS
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.decisions.models import Decision
from storage.directory import membership


async def refresh_audience(session: AsyncSession, decision: Decision) -> tuple[str, ...]:
    members = await membership.list_members(session, decision.group_id)
    reachable = [m for m in members if m.teams_user_id]
    if len(reachable) == len(members) and len(members) <= MAX_REFRESH_USERS:
        return tuple(m.teams_user_id for m in reachable if m.teams_user_id)
    changing = [
        m.teams_user_id
        for m in reachable
        if m.teams_user_id and decisions.may_change_status(decision, m)
    ]
    return tuple(changing[:MAX_REFRESH_USERS])
