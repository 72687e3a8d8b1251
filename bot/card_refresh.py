"""Coalesced card updates: one message per burst instead of one per click.

When 200 members answer a date poll within a minute, updating the card once per click
would render it 200 times and send 200 updates into one conversation — far over Teams'
7 messages per second per conversation (429s) and most of the turn's CPU. Instead each
click asks for a *refresh* of the card (keyed by conversation and activity): if none is
running, one starts; if one is running, the click waits for the next one, which starts
when the running one ends and renders from what is committed by then — so it includes
every click that asked before it started. Each click's turn still ends only after a
rendering that includes its own change has reached Teams (the HTTP answer means "your
answer is on the card"), but a burst of N clicks costs about two renderings, not N.

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
    job: RefreshJob | None = None  # the latest click's job (its turn is still waiting)
    done: asyncio.Condition = field(default_factory=asyncio.Condition)


class CardRefresher:
    def __init__(self) -> None:
        self._slots: dict[tuple[str, str], _Slot] = {}
        self._runners: set[asyncio.Task[None]] = set()

    async def refresh(self, key: tuple[str, str], job: RefreshJob) -> None:
        """Return once a refresh that started after this call has finished."""
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = _Slot()
            runner = asyncio.create_task(self._run(key, slot))
            self._runners.add(runner)
            runner.add_done_callback(self._runners.discard)
        slot.requested += 1
        generation = slot.requested
        slot.job = job
        async with slot.done:
            await slot.done.wait_for(lambda: slot.completed >= generation)

    async def _run(self, key: tuple[str, str], slot: _Slot) -> None:
        # Yield once so the click that created the slot registers its job first.
        await asyncio.sleep(0)
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
