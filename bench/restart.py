"""Benchmark 4 (issue #8): restart with 10,000 pending reminders.

"Time from process start to `healthz` 200 and to the first due reminder sent. Target:
≤ 3 s, memory (RSS) reported."

Per backend (SQLite always, PostgreSQL when it answers): a scratch database is migrated
and seeded in this process (`bench.restart_seed`: 120 groups of 15, 10,000 reminders due
over the coming six weeks, the service URL of every conversation pointing at the
benchmark connector). Then, three times: a few poll results that fell due while the bot
was down are queued, `python -m bot serve` (what `make run` runs, local mode) is
spawned, and this process polls `/healthz` and the connector's `/_stats` until the bot
answers 200 and the connector has received the first of those results. RSS and the
bot's CPU time are read right after that send. Once every due result has arrived the bot
is stopped with SIGTERM, as a service manager would, and must exit 0. The project's
bytecode is compiled first, as on any server where the bot has started before.

Correctness, enforced in smoke runs too: each due result arrives exactly once, and none
of the 10,000 future reminders is sent early (they all stay pending).
The headline is the worst time to the first reminder over all restarts and backends.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.common import (
    Outcome,
    compile_bytecode,
    cpu_seconds,
    finish,
    free_port,
    postgres_problem,
    rss_mib,
    scratch_database,
    spawn,
    stop,
    wait_for_http,
)
from bench.restart_seed import (
    SeededGroup,
    count_by_status,
    seed_directory,
    seed_due_now,
    seed_pending,
)
from bot.settings import normalise_database_url
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade_async

TARGET_SECONDS = 3.0
TARGET = f"≤ {TARGET_SECONDS:g} s"
# Generous: a bot that never sends fails the run instead of hanging the benchmark.
WITHIN_SECONDS = 60.0
POLL_SECONDS = 0.01


@dataclass(frozen=True)
class Sizes:
    pending: int
    due_now: int
    groups: int
    members_per_group: int
    restarts: int


FULL = Sizes(pending=10_000, due_now=5, groups=120, members_per_group=15, restarts=3)
SMOKE = Sizes(pending=200, due_now=3, groups=8, members_per_group=6, restarts=2)


@dataclass(frozen=True)
class Restart:
    healthz_seconds: float
    first_reminder_seconds: float
    rss_mib: float
    # The bot's CPU time until the first send: steadier than wall time on a busy machine.
    cpu_seconds: float
    exit_code: int | None


@dataclass(frozen=True)
class BackendResult:
    backend: str
    restarts: list[Restart]
    lost: int
    duplicated: int
    sent_early: int


class Connector:
    """The benchmark connector process, asked for what it received."""

    def __init__(self, log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = spawn(
            ["-m", "bench.connector_server", "--port", str(self.port)], log_path=log_path
        )

    async def markers(self, client: aiohttp.ClientSession) -> dict[str, int]:
        async with client.get(f"{self.url}/_stats") as response:
            stats: dict[str, Any] = await response.json()
        return {str(k): int(v) for k, v in stats["markers"].items()}


async def _until_received(
    client: aiohttp.ClientSession, connector: Connector, markers: Sequence[str], *, needed: int
) -> float:
    """Poll until `needed` of `markers` have arrived; returns the monotonic moment."""
    deadline = time.monotonic() + WITHIN_SECONDS
    while time.monotonic() < deadline:
        received = await connector.markers(client)
        if sum(1 for m in markers if received.get(m)) >= needed:
            return time.monotonic()
        await asyncio.sleep(POLL_SECONDS)
    raise TimeoutError(f"the connector did not receive {needed} due reminder(s)")


async def _restart_once(
    url: str,
    sessions: async_sessionmaker[AsyncSession],
    connector: Connector,
    groups: list[SeededGroup],
    sizes: Sizes,
    label: str,
    logs: Path,
) -> tuple[Restart, list[str]]:
    markers = await seed_due_now(
        sessions, groups, label=label, count=sizes.due_now, now=datetime.now(UTC)
    )
    port = free_port()
    env = {
        "DATABASE_URL": url,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "MicrosoftAppId": "",
        "MicrosoftAppPassword": "",
        "BOT_ENV": "development",
        "LOG_LEVEL": "INFO",
    }
    log_path = logs / f"bot-{label}.log"
    async with aiohttp.ClientSession() as client:
        started = time.monotonic()
        process = spawn(["-m", "bot", "serve"], env, log_path=log_path)
        try:
            healthy, first = await asyncio.gather(
                wait_for_http(f"http://127.0.0.1:{port}/healthz", within=WITHIN_SECONDS),
                _until_received(client, connector, markers, needed=1),
            )
            rss, cpu = rss_mib(process.pid), cpu_seconds(process.pid)
            await _until_received(client, connector, markers, needed=len(markers))
        except BaseException:
            print(f"bot log ({log_path}):\n{log_path.read_text()[-3000:]}", file=sys.stderr)
            raise
        finally:
            stop(process)
    # wait_for_http started a few microseconds after the spawn; its own clock is close enough.
    return Restart(healthy, first - started, rss, cpu, process.returncode), markers


async def _run_backend(
    backend: str, connector: Connector, sizes: Sizes, logs: Path
) -> BackendResult:
    async with scratch_database(backend, "bench_restart") as url:
        engine = create_engine(normalise_database_url(url))
        sessions = create_session_factory(engine)
        try:
            began = time.monotonic()
            await upgrade_async(normalise_database_url(url))
            groups = await seed_directory(
                sessions,
                f"{connector.url}/",
                groups=sizes.groups,
                members_per_group=sizes.members_per_group,
            )
            seeded_at = datetime.now(UTC)
            await seed_pending(sessions, groups, count=sizes.pending, now=seeded_at)
            print(
                f"{backend}: migrated and seeded {sizes.pending} pending reminders "
                f"in {time.monotonic() - began:.1f} s",
                flush=True,
            )
            restarts: list[Restart] = []
            markers: list[str] = []
            for number in range(1, sizes.restarts + 1):
                restart, sent = await _restart_once(
                    url, sessions, connector, groups, sizes, f"{backend}{number}", logs
                )
                restarts.append(restart)
                markers += sent
                print(
                    f"{backend} restart {number}: healthz {restart.healthz_seconds:.2f} s, "
                    f"first reminder {restart.first_reminder_seconds:.2f} s, "
                    f"RSS {restart.rss_mib:.0f} MiB, CPU {restart.cpu_seconds:.2f} s, "
                    f"exit {restart.exit_code}",
                    flush=True,
                )
            async with aiohttp.ClientSession() as client:
                received = await connector.markers(client)
            statuses = await count_by_status(sessions, due_after=seeded_at)
        finally:
            await engine.dispose()
    return BackendResult(
        backend=backend,
        restarts=restarts,
        lost=sum(1 for m in markers if not received.get(m)),
        duplicated=sum(max(0, received.get(m, 0) - 1) for m in markers),
        sent_early=sum(n for status, n in statuses.items() if status != "pending")
        + max(0, sizes.pending - statuses.get("pending", 0)),
    )


def _outcomes(results: list[BackendResult], *, smoke: bool) -> list[Outcome]:
    correct = all(
        r.lost == 0
        and r.duplicated == 0
        and r.sent_early == 0
        and all(x.exit_code == 0 for x in r.restarts)
        for r in results
    )

    def timed(name: str, value: float) -> Outcome:
        fast = value <= TARGET_SECONDS
        return Outcome(name, value, "s", TARGET, correct and (smoke or fast))

    outcomes: list[Outcome] = []
    for r in results:
        prefix = f"restart_{r.backend}"
        healthz = [x.healthz_seconds for x in r.restarts]
        first = [x.first_reminder_seconds for x in r.restarts]
        outcomes += [
            Outcome(
                f"{prefix}_lost_or_duplicated",
                r.lost + r.duplicated,
                "messages",
                "0",
                r.lost + r.duplicated == 0,
            ),
            Outcome(f"{prefix}_sent_early", r.sent_early, "reminders", "0", r.sent_early == 0),
            Outcome(
                f"{prefix}_unclean_exits",
                sum(x.exit_code != 0 for x in r.restarts),
                "restarts",
                "0",
                all(x.exit_code == 0 for x in r.restarts),
            ),
            Outcome(
                f"{prefix}_rss_after_first_send_max",
                max(x.rss_mib for x in r.restarts),
                "MiB",
                "reported",
                True,
            ),
            Outcome(
                f"{prefix}_cpu_to_first_reminder_median",
                statistics.median(x.cpu_seconds for x in r.restarts),
                "s",
                "reported",
                True,
            ),
            timed(f"{prefix}_healthz_median", statistics.median(healthz)),
            timed(f"{prefix}_healthz_worst", max(healthz)),
            timed(f"{prefix}_first_reminder_median", statistics.median(first)),
            timed(f"{prefix}_first_reminder_worst", max(first)),
        ]
    worst = max(x.first_reminder_seconds for r in results for x in r.restarts)
    outcomes.append(timed("restart_first_reminder_worst", worst))
    return outcomes


async def run(smoke: bool) -> int:
    sizes = SMOKE if smoke else FULL
    backends = ["sqlite"]
    if not smoke:
        problem = await postgres_problem()
        if problem is None:
            backends.append("postgresql")
        else:
            print(f"postgresql: skipped ({problem})", flush=True)
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="bench_restart_logs_") as directory:
        logs = Path(directory)
        connector = Connector(logs / "connector.log")
        try:
            await wait_for_http(f"{connector.url}/_stats", within=WITHIN_SECONDS)
            results = [await _run_backend(b, connector, sizes, logs) for b in backends]
        finally:
            stop(connector.process)
    return finish(_outcomes(results, smoke=smoke))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes; targets not enforced")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.smoke))


if __name__ == "__main__":
    raise SystemExit(main())
