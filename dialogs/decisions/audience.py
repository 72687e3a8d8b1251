"""Who Teams refreshes automatically to their own view of a decision card: every
member up to Teams' 60, else those who may change the status (dialogs/refresh_audience.py).
"""

from __future__ import annotations

from dialogs.refresh_audience import refresh_audience as audience
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.decisions.models import Decision
from storage.directory import membership


async def refresh_audience(session: AsyncSession, decision: Decision) -> tuple[str, ...]:
    members = await membership.list_members(session, decision.group_id)
    user_ids, _ = audience(members, lambda m: decisions.may_change_status(decision, m))
    return user_ids
