"""Benchmark 3 (issue #8): register search.

"100,000 decisions across 200 groups; `beslut sök` latency p50/p95 on SQLite FTS and
PostgreSQL. Target: p95 ≤ 20 ms in the storage layer, and the whole turn under 100 ms."

Per backend (a SQLite file, a PostgreSQL scratch database): the database is migrated and
seeded in this process (`bench.search_seed`: 200 groups of 8 members, 500 decisions
each, Swedish texts from `bench.search_corpus`, the full-text index kept by the
database as in production). Then:
- storage layer: `storage.decisions.search.search_decisions` (the product's search,
  including loading the page's decisions with owners) for one group at a time, one
  session per search, a query mix of common words, rare words, owner names, prefixes,
  two-word queries and a word found nowhere;
- whole turn: `python -m bot serve` (local mode) on that database, replies going to
  `bench.connector_server`; this process POSTs `beslut sök <words>` to /api/messages as a
  member of a group's chat, one request at a time, and times until the HTTP answer (the
  bot answers after it has posted the result card to the connector).

Correctness, enforced in smoke runs too: a decision seeded with a unique word is found by
that word (and a prefix of it) in its group and not in another group, every hit belongs
to the searched group, a common word fills a page, the no-hit word finds nothing, every
turn is answered with exactly one post, and no turn created a group or member (so every
turn searched a seeded group as one of its members).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.common import (
    Outcome,
    bot_with_connector,
    finish,
    free_port,
    percentile,
    postgres_problem,
    scratch_database,
)
from bench.search_corpus import RARE_WORDS, SENTINEL_WORD
from bench.search_seed import Seeded, SeededGroup, seed_register
from bot.settings import normalise_database_url
from storage.db import create_engine, create_session_factory
from storage.decisions.search import search_decisions
from storage.directory.models import Group, Member
from storage.migrate import upgrade_async
from tests.support import teams

STORAGE_TARGET_MS = 20.0
TURN_TARGET_MS = 100.0
SEED_TARGET_S = 60.0
PAGE = 10  # what `beslut sök` asks for (dialogs.decisions.lists.SEARCH_PAGE)

COMMON = ("kontaktar", "VITS", "Prator", "avtalet", "barnkonventionen", "mötestider")
PREFIXES = ("kontakt", "sammanst", "barnkonv", "revider", "utbildn", "planer")
TWO_WORDS = (
    "VITS dialog",
    "Prator utbildningsinsats",
    "Barnahus överenskommelsen",
    "skickar underlag",
    "orosanmälan rutin",
)
NO_HIT = "xylofonkonsert"
KINDS = ("common", "rare", "owner", "prefix", "two_words", "no_hit")


@dataclass(frozen=True)
class Size:
    groups: int
    per_group: int
    storage_samples: int
    turns: int
    warm_up: int


FULL = Size(groups=200, per_group=500, storage_samples=600, turns=240, warm_up=20)
SMOKE = Size(groups=5, per_group=400, storage_samples=60, turns=12, warm_up=3)


@dataclass
class BackendResult:
    backend: str
    seed_seconds: float = 0.0
    storage_ms: list[float] = field(default_factory=list)
    storage_by_kind: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    turn_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def query_for(kind: str, group: SeededGroup, rng: random.Random) -> str:
    if kind == "common":
        return rng.choice(COMMON)
    if kind == "rare":
        return rng.choice(RARE_WORDS)
    if kind == "owner":
        return rng.choice(group.member_first_names)
    if kind == "prefix":
        return rng.choice(PREFIXES)
    if kind == "two_words":
        return rng.choice(TWO_WORDS)
    return NO_HIT


async def measure_storage(url: str, seeded: Seeded, size: Size, result: BackendResult) -> None:
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    rng = random.Random(3)
    try:
        await _check_sentinel(sessions, seeded, result)
        for sample in range(size.warm_up + size.storage_samples):
            group = rng.choice(seeded.groups)
            kind = KINDS[sample % len(KINDS)]
            query = query_for(kind, group, rng)
            async with sessions() as session:
                started = time.perf_counter()
                page = await search_decisions(session, group.group_id, query, PAGE, 0)
                elapsed_ms = (time.perf_counter() - started) * 1000
            if sample >= size.warm_up:
                result.storage_ms.append(elapsed_ms)
                result.storage_by_kind[kind].append(elapsed_ms)
            if any(d.group_id != group.group_id for d in page.decisions):
                result.errors.append(f"a hit from another group for {kind} query")
            if kind == "no_hit" and page.decisions:
                result.errors.append("the no-hit word found decisions")
            if kind == "common" and len(page.decisions) != PAGE:
                result.errors.append(f"common word {query!r} did not fill a page")
    finally:
        await engine.dispose()


async def _check_sentinel(
    sessions: async_sessionmaker[AsyncSession], seeded: Seeded, result: BackendResult
) -> None:
    home, other = seeded.groups[0], seeded.groups[1]
    for query in (SENTINEL_WORD, SENTINEL_WORD[:-4], f"Birgitta {SENTINEL_WORD}"):
        async with sessions() as session:
            found = await search_decisions(session, home.group_id, query, PAGE, 0)
            elsewhere = await search_decisions(session, other.group_id, query, PAGE, 0)
        if [d.id for d in found.decisions] != [seeded.sentinel_decision_id]:
            result.errors.append(f"sentinel not found alone by {query!r}")
        if elsewhere.decisions:
            result.errors.append(f"sentinel query {query!r} found decisions in another group")


async def measure_turns(
    url: str, seeded: Seeded, size: Size, connector_port: int, result: BackendResult
) -> None:
    logs = Path(tempfile.mkdtemp(prefix="bench_search_logs_"))
    rng = random.Random(5)
    async with (
        bot_with_connector(url, connector_port, logs, name=f"bot-{result.backend}") as bot,
        aiohttp.ClientSession() as client,
    ):
        for sample in range(size.warm_up + size.turns):
            group = rng.choice(seeded.groups)
            seat = rng.randrange(len(group.member_aad_ids))
            query = query_for(KINDS[sample % len(KINDS)], group, rng)
            activity = _search_message(group, seat, query, bot.service_url)
            started = time.perf_counter()
            async with client.post(bot.messages_url, json=activity) as response:
                await response.read()
                status = response.status
            elapsed_ms = (time.perf_counter() - started) * 1000
            if status not in (200, 201):
                result.errors.append(f"turn answered HTTP {status}")
            if sample >= size.warm_up:
                result.turn_ms.append(elapsed_ms)
        async with client.get(f"{bot.service_url}_stats") as response:
            posts = int((await response.json())["posts"])
    if posts != size.warm_up + size.turns:
        result.errors.append(f"{posts} replies posted for {size.warm_up + size.turns} turns")
    await _check_directory_unchanged(normalise_database_url(url), seeded, result)


def _service_url(connector_port: int) -> str:
    return f"http://127.0.0.1:{connector_port}/"


def _search_message(
    group: SeededGroup, seat: int, query: str, service_url: str
) -> dict[str, object]:
    """`@Samverkansboten beslut sök …` from a member, in the group's chat."""
    user = teams.User(f"{group.member_first_names[seat]} Medlem", group.member_aad_ids[seat])
    activity = teams.message("groupChat", f"beslut sök {query}", user, service_url)
    activity["conversation"]["id"] = group.conversation_id
    return activity


async def _check_directory_unchanged(url: str, seeded: Seeded, result: BackendResult) -> None:
    """A turn from a stranger or in an unknown chat would have added a member or group."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            groups = await connection.scalar(select(func.count()).select_from(Group))
            members = await connection.scalar(select(func.count()).select_from(Member))
    finally:
        await engine.dispose()
    if groups != len(seeded.groups) or members != sum(len(g.member_aad_ids) for g in seeded.groups):
        result.errors.append("turns created groups or members: they did not search as members")


async def run_backend(backend: str, size: Size) -> BackendResult:
    result = BackendResult(backend)
    async with scratch_database(backend, "bench_search") as plain_url:
        url = normalise_database_url(plain_url)
        await upgrade_async(url)
        engine = create_engine(url)
        connector_port = free_port()
        try:
            started = time.monotonic()
            seeded = await seed_register(
                engine,
                groups=size.groups,
                decisions_per_group=size.per_group,
                service_url=_service_url(connector_port),
            )
            result.seed_seconds = time.monotonic() - started
        finally:
            await engine.dispose()
        print(
            f"{backend}: seeded {seeded.decisions} decisions in {len(seeded.groups)} groups "
            f"in {result.seed_seconds:.1f} s",
            flush=True,
        )
        await measure_storage(url, seeded, size, result)
        await measure_turns(plain_url, seeded, size, connector_port, result)
    by_kind = ", ".join(
        f"{kind} {percentile(values, 95):.1f}" for kind, values in result.storage_by_kind.items()
    )
    print(f"{backend}: storage p95 by query kind (ms): {by_kind}", flush=True)
    print(
        f"{backend}: storage p50 {percentile(result.storage_ms, 50):.1f} ms, "
        f"turn p50 {percentile(result.turn_ms, 50):.1f} ms",
        flush=True,
    )
    return result


def outcomes(results: Sequence[BackendResult], *, smoke: bool) -> list[Outcome]:
    """Speed targets count in full runs only; correctness always."""
    lines: list[Outcome] = []
    for r in results:
        seed_met = smoke or r.seed_seconds < SEED_TARGET_S
        storage_p95 = percentile(r.storage_ms, 95)
        turn_p95 = percentile(r.turn_ms, 95)
        lines += [
            Outcome(
                f"search_seed_{r.backend}",
                r.seed_seconds,
                "s",
                f"< {SEED_TARGET_S:.0f} s",
                seed_met,
            ),
            Outcome(
                f"search_turn_p95_{r.backend}",
                turn_p95,
                "ms",
                f"< {TURN_TARGET_MS:.0f} ms",
                smoke or turn_p95 < TURN_TARGET_MS,
            ),
            Outcome(
                f"search_storage_p95_{r.backend}",
                storage_p95,
                "ms",
                f"≤ {STORAGE_TARGET_MS:.0f} ms",
                smoke or storage_p95 <= STORAGE_TARGET_MS,
            ),
        ]
    errors = [f"{r.backend}: {e}" for r in results for e in r.errors]
    for error in sorted(set(errors))[:10]:
        print(f"wrong: {error}", flush=True)
    lines.append(Outcome("search_wrong_results", len(errors), "count", "0", not errors))
    worst = max(percentile(r.storage_ms, 95) for r in results)
    lines.append(
        Outcome(
            "search",
            worst,
            "ms",
            f"storage p95 ≤ {STORAGE_TARGET_MS:.0f} ms on every backend",
            smoke or worst <= STORAGE_TARGET_MS,
        )
    )
    return lines


async def main_async(smoke: bool, backends: Sequence[str]) -> int:
    size = SMOKE if smoke else FULL
    results = [await run_backend(backend, size) for backend in backends]
    return finish(outcomes(results, smoke=smoke))


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, speed not enforced")
    args = parser.parse_args(argv)
    backends = ["sqlite"]
    problem = asyncio.run(postgres_problem())
    if problem is None:
        backends.append("postgresql")
    else:
        print(f"postgresql: skipped ({problem})", flush=True)
        if not args.smoke:
            print("a full run measures both backends: PostgreSQL must answer", flush=True)
            return 1
    return asyncio.run(main_async(args.smoke, backends))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
