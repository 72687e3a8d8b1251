"""Outbound rate limits for proactive messages, kept safely under Teams' published ones.

Teams limits a bot per conversation (7 sends per second, 8 per 2 s, 60 per 30 s, 1800 per
hour) and per app per tenant (50 requests per second); see ../shared/TEAMS-NOTES.md.
Those are sliding windows, so ours are moving windows too (the moments of the sends
admitted within the window): a leaky bucket of "7 per second" would still let 14
through within one second at its edge. Every window must admit a send before any of
them is charged, so a refused send leaves no phantom entries that would slow the hourly
window for an hour. The windows are plain deques: the `limits` package's in-memory
moving window (whose item types still describe the limits) hands every expiry pass to a
thread, once per key, which at 47 sends a second cost more CPU than the sends.

The per-conversation limits are per process: two instances can send to the same
conversation at once, so each instance gets its share of them
(`RateLimits.for_instances(n)`). The tenant's budget is the deployment's: on PostgreSQL
every instance takes its sends' slots from one grid kept in the database
(`tenant_slots`, bot/outbox/tenant_budget.py), which holds for any number of instances
and hands a stopped instance's share to the others at once; on SQLite (one instance)
the in-process windows below keep it.

A 429 from Teams (another bot in the same conversation, or Teams being stricter than
documented) pauses that conversation for its Retry-After.

Why 47 per second for the tenant, not 50, and evenly spaced: our window is measured
when a send is admitted, Teams' when the request arrives. Requests admitted one after
another can arrive closer together (one waits on the event loop or for a thread while
the next does not), so a window full to the brim here can hold 51 there. Spacing plus
three sends of margin absorb about 60 ms of such jitter at this rate, and still leave
94 % of Teams' ceiling (bench/fanout.py measures the rate and counts the 429s). The
per-conversation windows keep one send under Teams' figure for the same reason.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerSecond

# Forget the windows of keys not used for this long (the longest window is an hour).
SWEEP_EVERY_SECONDS = 60.0


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
        """Each of `instances` bot processes gets an equal share of every per-conversation
        budget (two instances may send to one conversation at the same moment). The
        tenant's budget stays whole: the instances share it through the database."""
        n = max(1, instances)
        return cls(
            per_conversation=tuple(_share(item, n) for item in _conversation_defaults()),
            per_tenant=_tenant_defaults(),
        )

    @property
    def tenant_per_second(self) -> float:
        """The tenant's budget as an even rate (the tightest of its windows)."""
        return min((i.amount / i.get_expiry() for i in self.per_tenant), default=47.0)


class TenantSlots(Protocol):
    """A tenant budget kept outside the process (bot/outbox/tenant_budget.py)."""

    async def take(self, tenant_id: str, *, max_wait: float) -> float:
        """Wait for the tenant's next slot and return 0, or return the wait, when that is
        longer than `max_wait`, without taking a slot."""
        ...


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
        tenant_slots: TenantSlots | None = None,
    ) -> None:
        self._limits = limits or RateLimits()
        self.tenant_slots = tenant_slots
        self._monotonic = monotonic
        self._paused_until: dict[str, float] = {}
        # (key, amount, seconds) -> moments of the admitted sends within that window.
        self._windows: dict[tuple[str, int, int], deque[float]] = {}
        self._swept_at = monotonic()
        # The tenant's sends are also spaced evenly (47/s: one per 21 ms) rather than let
        # through in bursts: a burst admitted at once leaves over tens of milliseconds
        # (the connector client sends from a thread pool), and its stragglers would
        # land in the same Teams second as the sends admitted when our window moves on.
        self._tenant_spacing = max(
            (i.get_expiry() / i.amount for i in self._limits.per_tenant), default=0.0
        )
        self._tenant_next: dict[str, float] = {}
        self._tenant_queues: dict[str, asyncio.Lock] = {}

    def _checks(self, tenant_id: str, conversation_id: str) -> list[tuple[str, int, int]]:
        tenant = () if self.tenant_slots is not None else self._limits.per_tenant
        return [(f"tenant:{tenant_id}", i.amount, i.get_expiry()) for i in tenant] + [
            (f"conversation:{conversation_id}", i.amount, i.get_expiry())
            for i in self._limits.per_conversation
        ]

    def _window(self, check: tuple[str, int, int], now: float) -> deque[float]:
        window = self._windows.setdefault(check, deque())
        while window and window[0] <= now - check[2]:
            window.popleft()
        return window

    def _sweep(self, now: float) -> None:
        if now - self._swept_at < SWEEP_EVERY_SECONDS:
            return
        self._swept_at = now
        for check in list(self._windows):
            if not self._window(check, now):
                del self._windows[check]

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
        # No await inside: on the event loop, checking and charging are one atomic step.
        paused = self.paused_for(conversation_id)
        if paused > 0:
            return paused
        now = self._monotonic()
        self._sweep(now)
        spaced = self._tenant_next.get(tenant_id, 0.0) - now
        if spaced > 0:
            return spaced
        windows = [
            (check, self._window(check, now)) for check in self._checks(tenant_id, conversation_id)
        ]
        waits = [
            # Full: a send may go when the oldest entry that keeps it full leaves.
            max(0.001, window[-amount] + seconds - now)
            for (_, amount, seconds), window in windows
            if len(window) >= amount
        ]
        if waits:
            return max(waits)
        for _, window in windows:
            window.append(now)
        # On the grid when just a little late (the waiter woke a few ms after its turn),
        # else the grid starts again: the average is the full rate, never a catch-up burst.
        turn = self._tenant_next.get(tenant_id, 0.0)
        start = turn if now - turn < self._tenant_spacing else now
        self._tenant_next[tenant_id] = start + self._tenant_spacing
        return 0.0

    async def acquire(self, tenant_id: str, conversation_id: str, *, max_wait: float) -> float:
        """Wait (at most `max_wait` seconds in total) until a send may go; returns 0 when
        it was charged, or the remaining wait when that would take longer than allowed.

        The tenant's waiting sends take their turns first come, first served: polling
        all at once, the same few would win every slot and others would wait out
        `max_wait` and be deferred, although the tenant kept its full pace."""
        if self.tenant_slots is not None:
            return await self._acquire_shared(
                self.tenant_slots, tenant_id, conversation_id, max_wait=max_wait
            )
        deadline = self._monotonic() + max_wait
        queue = self._tenant_queues.setdefault(tenant_id, asyncio.Lock())
        while True:
            async with queue:
                while True:
                    wait = await self.reserve(tenant_id, conversation_id)
                    if wait <= 0:
                        return 0.0
                    if self._monotonic() + wait > deadline:
                        return wait
                    if wait > self._tenant_spacing:
                        break  # this conversation's own limit: wait without holding others up
                    await asyncio.sleep(wait)
            await asyncio.sleep(wait)

    def _conversation_wait(self, conversation_id: str, now: float) -> float:
        """How long until this conversation's windows admit a send (0: now), charging none."""
        waits = [self.paused_for(conversation_id)]
        for check in self._checks("", conversation_id):
            _, amount, seconds = check
            window = self._window(check, now)
            if len(window) >= amount:
                waits.append(max(0.001, window[-amount] + seconds - now))
        return max(waits)

    async def _acquire_shared(
        self, slots: TenantSlots, tenant_id: str, conversation_id: str, *, max_wait: float
    ) -> float:
        """The conversation's own windows first (waiting for them holds no tenant slot),
        then the tenant's next slot from the deployment's grid; the conversation is
        charged at that slot. Should the conversation have filled up meanwhile (a send
        outside the sender's per-conversation lock), the slot is let go and it waits."""
        deadline = self._monotonic() + max_wait
        while True:
            now = self._monotonic()
            self._sweep(now)
            wait = self._conversation_wait(conversation_id, now)
            if wait > 0:
                if now + wait > deadline:
                    return wait
                await asyncio.sleep(wait)
                continue
            wait = await slots.take(tenant_id, max_wait=max(0.0, deadline - self._monotonic()))
            if wait > 0:
                return wait
            now = self._monotonic()
            if self._conversation_wait(conversation_id, now) > 0:
                continue
            for check in self._checks("", conversation_id):
                self._window(check, now).append(now)
            return 0.0
