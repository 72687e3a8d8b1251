"""The tenant's send budget shared by every instance (PostgreSQL), as the outbound limiter
(bot/outbox/rate_limit.py) uses it: `take()` waits for this instance's next slot of the
tenant's grid (storage/outbox/budget.py) and returns 0, or says how long the wait
would be when that is longer than the caller may wait.

Slots are reserved a few at a time — as many as this instance has sends waiting, up to
`block` — so a backlog costs one short UPDATE per `block` sends, not one per send. The
sends of this instance take its slots first come, first served. A slot missed by more
than `late_after` seconds (the event loop was busy) is let go rather than used late: a
late send could land next to another instance's punctual one.

Slots are moments on the database's clock. Each instance maps them onto its own
monotonic clock with an offset bracketed by every reservation (the statement ran
between the moments just before and just after it): the tightest bracket of the last
minute, not the latest one, so a reply that was slow to arrive or a process that
stalled does not shift this instance's slots onto another's.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import unit_of_work
from storage.outbox.budget import Busy, ensure_budget, reserve_slots

OFFSET_MEMORY_SECONDS = 60.0


class SharedTenantSlots:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        per_second: float,
        block: int = 8,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self.spacing = 1.0 / per_second
        self._block = block
        self._late_after = 2 * self.spacing
        self._monotonic = monotonic
        self._slots: dict[str, deque[float]] = {}
        self._queues: dict[str, asyncio.Lock] = {}
        self._waiting: Counter[str] = Counter()
        self._known: set[str] = set()
        # (local moment, lowest offset, highest offset) of recent reservations.
        self._brackets: deque[tuple[float, float, float]] = deque()
        # For tests and the benchmark: round trips, slots reserved, used and let go.
        self.reservations = self.reserved = self.used = self.missed = 0

    async def take(self, tenant_id: str, *, max_wait: float) -> float:
        deadline = self._monotonic() + max_wait
        self._waiting[tenant_id] += 1
        try:
            async with self._queues.setdefault(tenant_id, asyncio.Lock()):
                slots = self._slots.setdefault(tenant_id, deque())
                now = self._monotonic()
                while slots and slots[0] < now - self._late_after:
                    slots.popleft()
                    self.missed += 1
                while True:
                    if not slots:
                        wait = await self._reserve(tenant_id, slots, horizon=deadline - now)
                        if wait is not None:
                            return wait
                    at = slots.popleft()
                    if at > deadline:
                        slots.appendleft(at)  # for a later send that may wait longer
                        return at - self._monotonic()
                    if (pause := at - self._monotonic()) > 0:
                        await asyncio.sleep(pause)
                    now = self._monotonic()
                    if now - at <= self._late_after:
                        self.used += 1
                        return 0.0
                    # Woke up too late (the process stalled): let the slot go, take the next.
                    self.missed += 1
                    while slots and slots[0] < now - self._late_after:
                        slots.popleft()
                        self.missed += 1
        finally:
            self._waiting[tenant_id] -= 1

    def _offset(self, before: float, after: float, db_now: float) -> float:
        """Local monotonic moment minus database moment, from the tightest bracket."""
        self._brackets.append((after, before - db_now, after - db_now))
        while self._brackets and self._brackets[0][0] < after - OFFSET_MEMORY_SECONDS:
            self._brackets.popleft()
        lowest = max(low for _, low, _ in self._brackets)
        highest = min(high for _, _, high in self._brackets)
        return (lowest + highest) / 2 if lowest <= highest else lowest

    async def _reserve(
        self, tenant_id: str, slots: deque[float], *, horizon: float
    ) -> float | None:
        count = max(1, min(self._block, self._waiting[tenant_id]))
        if tenant_id not in self._known:
            async with unit_of_work(self._sessions) as session:
                await ensure_budget(session, tenant_id)
            self._known.add(tenant_id)
        async with unit_of_work(self._sessions) as session:
            before = self._monotonic()
            granted = await reserve_slots(
                session, tenant_id, count=count, spacing=self.spacing, horizon=max(0.0, horizon)
            )
            after = self._monotonic()
        self.reservations += 1
        if granted is None:  # the row was missing after all (deleted meanwhile): next time
            self._known.discard(tenant_id)
            return self.spacing
        if isinstance(granted, Busy):
            return granted.wait
        self.reserved += granted.count
        first = granted.first + self._offset(before, after, granted.db_now)
        slots.extend(first + n * self.spacing for n in range(granted.count))
        return None
