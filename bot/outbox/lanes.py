"""How the outbox dispatcher runs its sends side by side without reordering them.

A lane is the claimed rows that go to the same place — one conversation, or one
person's chats — in claim order (due time, then id). Lanes run concurrently, sharing
`max_in_flight` send slots; the rows of a lane go one after another. The dispatcher
claims its next batch while the current one is still sending, so a lane of the next
batch can meet one of the same place still running: it waits for that one to end, and
if that one stopped early (a row waiting for a retry, or rows handed back because the
lease ran short) it does the same with its own rows. A later message to a place never
overtakes an earlier one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.outbox.models import OutboxMessage

LaneKey = tuple[str, int | str | None]


def lane_key(row: OutboxMessage) -> LaneKey:
    if row.conversation_pk is not None:
        return ("conversation", row.conversation_pk)
    return ("person", f"{row.tenant_id}:{row.user_aad_id}")


@dataclass(frozen=True)
class LaneEnd:
    sent: int = 0
    # Set when the lane stopped early with rows waiting: the last of them is now due at
    # this moment (a later lane to the same place goes behind it) ...
    postponed_until: datetime | None = None
    # ... or they were handed back to the queue as they were.
    released: bool = False


# Runs one lane's rows, given how the previous lane to the same place ended (if any).
LaneRunner = Callable[[list[OutboxMessage], LaneEnd | None], Awaitable[LaneEnd]]

_FAILED = LaneEnd(released=True)  # its rows stay leased until the lease expires


class Lanes:
    """The lanes one dispatcher tick started, across its batches."""

    def __init__(self, max_in_flight: int) -> None:
        self.slots = asyncio.Semaphore(max_in_flight)
        self._last: dict[LaneKey, asyncio.Task[LaneEnd]] = {}
        self._tasks: list[asyncio.Task[LaneEnd]] = []
        self._unfinished = 0  # rows in lanes that have not ended
        self._changed = asyncio.Event()

    def start(self, rows: Sequence[OutboxMessage], run: LaneRunner) -> None:
        grouped: dict[LaneKey, list[OutboxMessage]] = {}
        for row in rows:
            grouped.setdefault(lane_key(row), []).append(row)
        for key, lane in grouped.items():
            task = asyncio.create_task(self._after(self._last.get(key), lane, run))
            self._last[key] = task
            self._tasks.append(task)
        self._unfinished += len(rows)

    async def _after(
        self, previous: asyncio.Task[LaneEnd] | None, rows: list[OutboxMessage], run: LaneRunner
    ) -> LaneEnd:
        try:
            before = None
            if previous is not None:
                try:
                    before = await previous
                except Exception:  # reported by finish(); its rows are not ours to pass
                    before = _FAILED
            return await run(rows, before)
        finally:
            self._unfinished -= len(rows)
            self._changed.set()

    async def until_at_most(self, rows: int) -> None:
        """Wait until no more than `rows` rows are in lanes still running."""
        while self._unfinished > rows:
            self._changed.clear()
            await self._changed.wait()

    async def finish(self) -> int:
        """Wait for every lane to end (even if one failed: cancelling one mid-send could
        repeat a message that reached Teams); the number sent, or the first failure."""
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        sent = 0
        for result in results:
            if isinstance(result, BaseException):
                raise result
            sent += result.sent
        return sent
