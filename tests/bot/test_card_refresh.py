"""The coalescing card refresher on its own: bursts share refreshes, failures free waiters."""

from __future__ import annotations

import asyncio

from bot.card_refresh import CardRefresher


async def test_a_burst_shares_refreshes_and_each_caller_waits_for_one_that_started_after_it() -> (
    None
):
    refresher = CardRefresher()
    committed = 0
    rendered: list[int] = []
    gate = asyncio.Event()

    async def job() -> None:
        rendered.append(committed)
        await gate.wait()

    async def click() -> int:
        nonlocal committed
        committed += 1
        seen_before = committed
        await refresher.refresh(("conversation", "activity"), job)
        # The refresh this click waited for rendered at least its own change.
        assert rendered and max(rendered) >= seen_before
        return seen_before

    first = asyncio.create_task(click())
    await asyncio.sleep(0.01)  # the first refresh is running and blocked on the gate
    rest = [asyncio.create_task(click()) for _ in range(9)]
    await asyncio.sleep(0.01)
    gate.set()
    await asyncio.gather(first, *rest)
    assert rendered == [1, 10]  # ten clicks, two renderings


async def test_a_failing_refresh_releases_its_waiters_and_the_next_burst_starts_afresh() -> None:
    refresher = CardRefresher()
    calls = 0

    async def failing() -> None:
        nonlocal calls
        calls += 1
        raise RuntimeError("connector down")

    await asyncio.wait_for(refresher.refresh(("c", "a"), failing), timeout=5)
    await asyncio.wait_for(refresher.refresh(("c", "a"), failing), timeout=5)
    assert calls == 2
