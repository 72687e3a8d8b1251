"""A meeting's agenda items added by members, kept in order by `position`.

Plain async functions over an AsyncSession; the caller owns the transaction. The text is
checked (length, personal identity numbers) by the flow before it gets here; the length
limit is repeated as a guard so no caller can store more than the column holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.meetings.models import AgendaItem

MAX_AGENDA_TITLE = 200
# A meeting of two hours rarely takes more; the cap keeps the kallelse card small.
MAX_AGENDA_ITEMS = 20


async def agenda_items(session: AsyncSession, meeting_id: int) -> list[AgendaItem]:
    query = (
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    return list((await session.scalars(query)).all())


async def agenda_item_count(session: AsyncSession, meeting_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
    )
    return int(count or 0)


async def add_agenda_item(
    session: AsyncSession,
    *,
    meeting_id: int,
    title: str,
    added_by_member_id: int | None,
    now: datetime,
) -> AgendaItem:
    """Append an item after the last one."""
    last = await session.scalar(
        select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting_id)
    )
    item = AgendaItem(
        meeting_id=meeting_id,
        position=(last or 0) + 1,
        title=title.strip()[:MAX_AGENDA_TITLE],
        added_by_member_id=added_by_member_id,
        created_at=now,
    )
    session.add(item)
    await session.flush()
    return item


async def remove_agenda_item(session: AsyncSession, meeting_id: int, item_id: int) -> bool:
    """False when the item is not this meeting's (already removed, or another meeting's)."""
    result = await session.execute(
        delete(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.id == item_id)
    )
    return bool(getattr(result, "rowcount", 0))


async def reorder_agenda(session: AsyncSession, meeting_id: int, item_ids: Sequence[int]) -> None:
    """Put the named items first in the given order; items not named keep their order
    after them (an item added while the organiser was reordering is not lost)."""
    current = [item.id for item in await agenda_items(session, meeting_id)]
    named = [item_id for item_id in item_ids if item_id in current]
    order = named + [item_id for item_id in current if item_id not in named]
    for position, item_id in enumerate(order, start=1):
        await session.execute(
            update(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.id == item_id)
            .values(position=position)
        )
