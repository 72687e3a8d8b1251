"""Coalesced card updates: one message per burst instead of one per click.

When 200 members answer a date poll within a minute, updating the card once per click
would render it 200 times and send 200 updates into one conversation — far over Teams'
7 messages per second per conversation (429s) and most of the turn's CPU. Instead each
click asks for a *refresh* of the card (keyed by conversation and activity):

- if none is running, one starts and the click's turn waits for it, so a click on a
  quiet card is answered once its answer is on the card;
- if one is running, the click only marks the card stale and its turn ends at once
  (after its own commit): when the running refresh ends, one more starts and renders
  from what is committed by then, so it includes every click that came meanwhile.

A burst of N clicks thus costs about two renderings instead of N, and no click waits
for more than one. Teams needs the HTTP answer to a card submit within seconds; the
card itself follows within one rendering.

Per process: with several instances (PostgreSQL) each coalesces its own clicks; every
rendering reads the committed state, so the last one to arrive is never older than the
clicks it answers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

RefreshJob = Callable[[], Awaitable[None]]


@dataclass
class _Slot:
    requested: int = 0  # generation asked for by the latest click
    completed: int = 0  # generation the last finished refresh covered
    job: RefreshJob | None = None  # the latest click's (its turn may have ended: the job
    # must not depend on it being open; connector clients are shared, bot/connector_cache)
    done: asyncio.Condition = field(default_factory=asyncio.Condition)


class CardRefresher:
    def __init__(self) -> None:
        self._slots: dict[tuple[str, str], _Slot] = {}
        self._runners: set[asyncio.Task[None]] = set()

    async def refresh(self, key: tuple[str, str], job: RefreshJob) -> None:
        """Refresh the card now and wait for it, or, if a refresh is running, make sure
        another one follows it (with this newest job) and return at once."""
        slot = self._slots.get(key)
        if slot is not None:
            slot.requested += 1
            slot.job = job
            return
        slot = self._slots[key] = _Slot(requested=1, job=job)
        runner = asyncio.create_task(self._run(key, slot))
        self._runners.add(runner)
        runner.add_done_callback(self._runners.discard)
        async with slot.done:
            await slot.done.wait_for(lambda: slot.completed >= 1)

    async def idle(self) -> None:
        """Wait until no refresh is running or due (shutdown, tests)."""
        while self._runners:
            await asyncio.gather(*self._runners, return_exceptions=True)

    async def _run(self, key: tuple[str, str], slot: _Slot) -> None:
        while slot.completed < slot.requested:
            target, job = slot.requested, slot.job
            assert job is not None
            try:
                await job()
            except Exception as error:  # a failed update must not strand the waiting turns
                log.error("card refresh failed error=%s", type(error).__name__)
            slot.completed = target
            async with slot.done:
                slot.done.notify_all()
        del self._slots[key]
