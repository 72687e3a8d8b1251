"""Outbound rate limits for proactive messages, kept safely under Teams' published ones.

Teams limits a bot per conversation (7 sends per second, 8 per 2 s, 60 per 30 s, 1800 per
hour) and per app per tenant (50 requests per second); see ../shared/TEAMS-NOTES.md.
Those are sliding windows, so we use moving-window limiters (the `limits` package): a
leaky bucket of "7 per second" would still let 14 through within one second at its
edge. Every window must admit a send before any of them is charged, under one lock, so
a refused send leaves no phantom entries that would slow the hourly window for an hour.

The limits are per process. Several bot instances share Teams' budgets, and two of them
can send to the same conversation at once, so each instance gets its share of every
limit (`RateLimits.for_instances(n)`).

A 429 from Teams (another bot in the same conversation, or Teams being stricter than
documented) pauses that conversation for its Retry-After.

Why 47 per second for the tenant, not 50: our window is measured when a send is
admitted, Teams' when the request arrives. Requests admitted one after another can
arrive closer together (one waits on the event loop or a busy connection while the next
does not), so a window full to the brim here can hold 51 there. Three sends of margin
absorb about 60 ms of such jitter at this rate, and still leave 94 % of Teams' ceiling
(a benchmark, bench/fanout.py, checks both: ≥ 45/s and no 429s). The per-conversation
windows keep one send under Teams' figure for the same reason.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter


def _conversation_defaults() -> tuple[RateLimitItem, ...]:
    return (
        RateLimitItemPerSecond(6, 1),  # Teams: 7 per 1 s
        RateLimitItemPerSecond(7, 2),  # Teams: 8 per 2 s
        RateLimitItemPerSecond(50, 30),  # Teams: 60 per 30 s
        RateLimitItemPerHour(1600, 1),  # Teams: 1800 per hour
    )


def _tenant_defaults() -> tuple[RateLimitItem, ...]:
    return (RateLimitItemPerSecond(47, 1),)  # Teams: 50 per second per app per tenant


@dataclass(frozen=True)
class RateLimits:
    per_conversation: tuple[RateLimitItem, ...] = field(default_factory=_conversation_defaults)
    per_tenant: tuple[RateLimitItem, ...] = field(default_factory=_tenant_defaults)

    @classmethod
    def for_instances(cls, instances: int) -> RateLimits:
        """Each of `instances` bot processes gets an equal share of every budget: the
        limiters are per process, and two instances may send to one conversation at the
        same moment."""
        n = max(1, instances)
        return cls(
            per_conversation=tuple(_share(item, n) for item in _conversation_defaults()),
            per_tenant=tuple(_share(item, n) for item in _tenant_defaults()),
        )


def _share(item: RateLimitItem, instances: int) -> RateLimitItem:
    return type(item)(max(1, item.amount // instances), item.multiples)


class OutboundLimiter:
    """`reserve()` either charges every window and returns 0, or charges none and says how
    many seconds until a send could go (the caller waits or defers)."""

    def __init__(
        self,
        limits: RateLimits | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = limits or RateLimits()
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._lock = asyncio.Lock()
        self._monotonic = monotonic
        self._paused_until: dict[str, float] = {}

    def _checks(self, tenant_id: str, conversation_id: str) -> list[tuple[RateLimitItem, str]]:
        return [(item, f"tenant:{tenant_id}") for item in self._limits.per_tenant] + [
            (item, f"conversation:{conversation_id}") for item in self._limits.per_conversation
        ]

    def pause(self, conversation_id: str, seconds: float) -> None:
        """Teams said 429: nothing more to this conversation for `seconds`."""
        until = self._monotonic() + max(0.0, seconds)
        self._paused_until[conversation_id] = max(self._paused_until.get(conversation_id, 0), until)

    def paused_for(self, conversation_id: str) -> float:
        until = self._paused_until.get(conversation_id)
        if until is None:
            return 0.0
        remaining = until - self._monotonic()
        if remaining <= 0:
            del self._paused_until[conversation_id]
            return 0.0
        return remaining

    async def reserve(self, tenant_id: str, conversation_id: str) -> float:
        async with self._lock:
            paused = self.paused_for(conversation_id)
            if paused > 0:
                return paused
            checks = self._checks(tenant_id, conversation_id)
            waits = []
            for item, key in checks:
                if not await self._limiter.test(item, key):
                    stats = await self._limiter.get_window_stats(item, key)
                    waits.append(max(0.01, stats.reset_time - time.time()))
            if waits:
                return max(waits)
            for item, key in checks:
                await self._limiter.hit(item, key)
            return 0.0

    async def acquire(self, tenant_id: str, conversation_id: str, *, max_wait: float) -> float:
        """Wait (at most `max_wait` seconds in total) until a send may go; returns 0 when
        it was charged, or the remaining wait when that would take longer than allowed."""
        deadline = self._monotonic() + max_wait
        while True:
            wait = await self.reserve(tenant_id, conversation_id)
            if wait <= 0:
                return 0.0
            if self._monotonic() + wait > deadline:
                return wait
            await asyncio.sleep(wait)
