"""Reminder settings per group and per person (plain async functions; caller commits)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.reminders.models import (
    DEFAULT_OFFICE_END_HOUR,
    DEFAULT_OFFICE_START_HOUR,
    ReminderGroupSettings,
    ReminderPreference,
)
from storage.upsert import get_or_insert

MAX_LEAD_DAYS = 60


@dataclass(frozen=True)
class RuleSetting:
    enabled: bool
    lead_days: int


@dataclass(frozen=True)
class GroupReminderSettings:
    """What a group's reminders obey; defaults when the group never changed anything."""

    group_id: int
    paused: bool = False
    paused_until: datetime | None = None
    office_start_hour: int = DEFAULT_OFFICE_START_HOUR
    office_end_hour: int = DEFAULT_OFFICE_END_HOUR
    rules: dict[str, Any] = field(default_factory=dict)

    def paused_at(self, now: datetime) -> bool:
        """Paused at `now`: a pause with an end date is over from that moment on, without
        anyone writing to the row."""
        return self.paused and (self.paused_until is None or now < self.paused_until)

    @property
    def office_start(self) -> time:
        return time(self.office_start_hour, 0)

    @property
    def office_end(self) -> time:
        return time(self.office_end_hour, 0)

    def rule(self, name: str, *, default_lead_days: int) -> RuleSetting:
        stored = self.rules.get(name) if isinstance(self.rules, dict) else None
        stored = stored if isinstance(stored, dict) else {}
        lead = stored.get("lead_days", default_lead_days)
        return RuleSetting(
            enabled=bool(stored.get("enabled", True)),
            lead_days=lead
            if isinstance(lead, int) and 0 <= lead <= MAX_LEAD_DAYS
            else default_lead_days,
        )


def _view(row: ReminderGroupSettings | None, group_id: int) -> GroupReminderSettings:
    if row is None:
        return GroupReminderSettings(group_id=group_id)
    return GroupReminderSettings(
        group_id=group_id,
        paused=row.paused,
        paused_until=row.paused_until,
        office_start_hour=row.office_start_hour,
        office_end_hour=row.office_end_hour,
        rules=dict(row.rules or {}),
    )


async def group_settings(session: AsyncSession, group_id: int) -> GroupReminderSettings:
    return _view(await session.get(ReminderGroupSettings, group_id), group_id)


async def many_group_settings(
    session: AsyncSession, group_ids: Iterable[int]
) -> dict[int, GroupReminderSettings]:
    """`group_settings` for several groups in one query (the outbox dispatcher's batch)."""
    wanted = set(group_ids)
    if not wanted:
        return {}
    rows = await session.scalars(
        select(ReminderGroupSettings).where(ReminderGroupSettings.group_id.in_(wanted))
    )
    found = {row.group_id: row for row in rows}
    return {group_id: _view(found.get(group_id), group_id) for group_id in wanted}


async def _row(session: AsyncSession, group_id: int) -> ReminderGroupSettings:
    row, _ = await get_or_insert(
        session,
        select(ReminderGroupSettings).where(ReminderGroupSettings.group_id == group_id),
        lambda: ReminderGroupSettings(
            group_id=group_id,
            paused=False,
            office_start_hour=DEFAULT_OFFICE_START_HOUR,
            office_end_hour=DEFAULT_OFFICE_END_HOUR,
            rules={},
        ),
    )
    return row


async def set_paused(
    session: AsyncSession,
    group_id: int,
    *,
    paused: bool,
    by_aad_id: str,
    now: datetime,
    until: datetime | None = None,
) -> bool:
    """Pause (until `until`, or until resumed) or resume. Returns False when the group
    already was in that state at `now` (a pause whose end has passed counts as resumed;
    pausing again with a new end date is a change)."""
    row = await _row(session, group_id)
    paused_now = _view(row, group_id).paused_at(now)
    if paused_now == paused and (not paused or row.paused_until == until):
        return False
    row.paused = paused
    row.paused_by_aad_id = by_aad_id if paused else None
    row.paused_at = now if paused else None
    row.paused_until = until if paused else None
    await session.flush()
    return True


async def set_office_hours(session: AsyncSession, group_id: int, *, start: int, end: int) -> None:
    if not 0 <= start < end <= 23:
        raise ValueError("office hours must satisfy 0 <= start < end <= 23")
    row = await _row(session, group_id)
    row.office_start_hour, row.office_end_hour = start, end
    await session.flush()


async def set_rule(
    session: AsyncSession,
    group_id: int,
    name: str,
    *,
    enabled: bool | None = None,
    lead_days: int | None = None,
) -> None:
    if lead_days is not None and not 0 <= lead_days <= MAX_LEAD_DAYS:
        raise ValueError(f"lead_days must be 0..{MAX_LEAD_DAYS}")
    row = await _row(session, group_id)
    rules = dict(row.rules or {})
    rule = dict(rules.get(name) or {})
    if enabled is not None:
        rule["enabled"] = enabled
    if lead_days is not None:
        rule["lead_days"] = lead_days
    rules[name] = rule
    row.rules = rules  # a new dict, so the JSON column is seen as changed
    await session.flush()


async def personal_nudges_on(session: AsyncSession, tenant_id: str, user_aad_id: str) -> bool:
    value = await session.scalar(
        select(ReminderPreference.personal_nudges).where(
            ReminderPreference.tenant_id == tenant_id,
            ReminderPreference.user_aad_id == user_aad_id,
        )
    )
    return True if value is None else bool(value)


async def set_personal_nudges(
    session: AsyncSession, tenant_id: str, user_aad_id: str, *, on: bool
) -> bool:
    """Returns False when the person already had that choice."""
    row, _ = await get_or_insert(
        session,
        select(ReminderPreference).where(
            ReminderPreference.tenant_id == tenant_id,
            ReminderPreference.user_aad_id == user_aad_id,
        ),
        lambda: ReminderPreference(
            tenant_id=tenant_id, user_aad_id=user_aad_id, personal_nudges=True
        ),
    )
    if row.personal_nudges == on:
        return False
    row.personal_nudges = on
    await session.flush()
    return True
