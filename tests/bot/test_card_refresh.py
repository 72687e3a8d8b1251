"""The coalescing card refresher on its own: bursts share refreshes, failures free waiters."""

from __future__ import annotations

import asyncio

from bot.teams.card_refresh import CardRefresher


async def test_a_quiet_click_waits_for_its_card_and_a_burst_shares_one_more_refresh() -> None:
    refresher = CardRefresher()
    committed = 0
    rendered: list[int] = []
    gate = asyncio.Event()

    async def job() -> None:
        rendered.append(committed)
        await gate.wait()

    async def click() -> None:
        nonlocal committed
        committed += 1
        await refresher.refresh(("conversation", "activity"), job)

    first = asyncio.create_task(click())
    await asyncio.sleep(0.01)  # the first refresh is running, held at the gate
    assert not first.done()  # a click on a quiet card waits for its rendering
    # Nine clicks while it runs: each only marks the card stale and returns at once.
    await asyncio.wait_for(asyncio.gather(*(click() for _ in range(9))), timeout=1)
    assert rendered == [1]
    gate.set()
    await first
    await refresher.idle()
    assert rendered == [1, 10]  # ten clicks, two renderings, the last one with all ten


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
