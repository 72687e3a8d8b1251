"""Per-user and per-tenant limits on inbound turns.

All traffic arrives from Microsoft's Bot Connector, so limiting by IP address would
limit Teams itself; the meaningful keys are the tenant and the sender's AAD object id.
Token buckets in memory: each instance limits what it receives (documented; good enough
against a runaway client or a replay loop, not a distributed quota).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_TRACKED_KEYS = 50_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    def __init__(
        self, *, rate_per_second: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._rate = rate_per_second
        self._burst = float(burst)
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def allow(self, key: str) -> bool:
        now = self._clock()
        bucket = self._buckets.pop(key, None) or _Bucket(tokens=self._burst, updated=now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
        bucket.updated = now
        self._buckets[key] = bucket  # most recently used last
        while len(self._buckets) > MAX_TRACKED_KEYS:
            self._buckets.popitem(last=False)
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True


class InboundLimits:
    """A turn is allowed when both the sender and the tenant have capacity left."""

    def __init__(
        self,
        *,
        user_per_minute: int,
        user_burst: int,
        tenant_per_second: int,
        tenant_burst: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._users = TokenBuckets(
            rate_per_second=user_per_minute / 60, burst=user_burst, clock=clock
        )
        self._tenants = TokenBuckets(
            rate_per_second=tenant_per_second, burst=tenant_burst, clock=clock
        )
        # Tell a throttled user once per window, not once per dropped message.
        self._told = TokenBuckets(rate_per_second=1 / 60, burst=1, clock=clock)

    def allow(self, tenant_id: str, user_id: str) -> bool:
        return self._users.allow(f"{tenant_id}/{user_id}") and self._tenants.allow(tenant_id)

    def should_tell(self, tenant_id: str, user_id: str) -> bool:
        return self._told.allow(f"{tenant_id}/{user_id}")
