"""Benchmark 2: fan-out at Teams' ceiling (issue #8).

`python -m bench.fanout [--smoke]`

What is simulated: a Monday morning when 2,000 decision reminders fall due at once, one
per decision, posted into 100 group channels (20 each) with an @mention of the owner
and the decision card. The rows are written with the product's own API
(`storage.directory` for channels, groups and members, `outbox.enqueue` for the rows,
the Swedish texts and the real decision card), all due now. Each card carries
`data.seq` (ignored by Teams) so the connector can count what it received.

What runs where: the real `Dispatcher` (bot/outbox/dispatcher.py) in this process, driven as
the bot's scheduler drives it — `run_once` on a 5 s tick — with its default options
(tenant budget 47/s, per-conversation windows, 10 sends in flight). Its clock starts
at 10:00 on a Swedish working day and then follows real time, so office hours never
defer the nudges while Retry-After delays still elapse. The Bot Connector is
`bench.connector_server --teams-limits`, a process of its own that answers 429 +
Retry-After like Teams (7/1 s, 8/2 s, 60/30 s per conversation, 50/s per tenant).

Measured: messages per second = posts the connector accepted / time from the first to
the last accepted post, and its share of Teams' 50/s; 429s the connector answered;
lost (markers never received) and duplicated (markers received more than once)
messages; the outbox rows' states afterwards (all must be `sent`). SQLite, and
PostgreSQL when it answers. Target: ≥ 90 % of the ceiling, 0 lost, 0 duplicated.
`--smoke` sends 100 nudges into 20 channels and enforces only correctness.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.common import (
    Outcome,
    finish,
    free_port,
    postgres_problem,
    scratch_database,
    spawn,
    stop,
    wait_for_http,
)
from bench.restart_seed import TENANT_ID, Person, seed_directory
from bot.app import OUTBOX_TICK_SECONDS
from bot.outbox.dispatcher import Dispatcher
from bot.settings import Settings, normalise_database_url
from cards.decisions.decision_card import DecisionView, decision_card
from cards.i18n import t
from cards.swedish_format import short_day
from storage.db import create_engine, create_session_factory, unit_of_work
from storage.migrate import upgrade_async
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxMessage, OutboxStatus
from tests.support.reminders_world import MovableClock

CEILING = 50.0  # Teams: about 50 requests per second per app per tenant
TARGET_SHARE = 0.90
TARGET_RATE = CEILING * TARGET_SHARE
# Monday 23 November 2026, 10:00 in Stockholm: office hours on a working day.
OFFICE_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DUE = OFFICE_MORNING - timedelta(minutes=1)
# Rows per enqueue transaction while seeding (a rule run queues many rows at once).
SEED_BATCH = 500
PROGRESS_EVERY_SECONDS = 10.0


@dataclass(frozen=True)
class Sizes:
    nudges: int
    channels: int
    # Generous: a dispatcher that stalls fails the run instead of hanging it.
    within_seconds: float


FULL = Sizes(nudges=2000, channels=100, within_seconds=150.0)
SMOKE = Sizes(nudges=100, channels=20, within_seconds=30.0)


@dataclass(frozen=True)
class BackendResult:
    backend: str
    posts: int
    rate: float
    throttled: int
    lost: int
    duplicated: int
    statuses: dict[str, int]


def _reminder(seq: int, channel: int, owner: Person) -> tuple[str, dict[str, Any]]:
    """The text and card of one overdue-decision reminder, as dialogs/decision_reminders
    words it, with the decision card below it."""
    due = date(2026, 11, 20)
    reference = f"B-2026-{seq:04d}"
    text = t(
        "decisions.remind.overdue",
        reference=reference,
        due=short_day(due),
        text=f"Samverkansgrupp {channel}: ta fram en gemensam rutin för SIP-möten.",
    )
    view = DecisionView(
        id=seq + 1,
        reference=reference,
        text="Ta fram en gemensam rutin för samordnad individuell plan (SIP).",
        status="öppen",
        revision=1,
        logged_at=datetime(2026, 10, 5, 12, 0, tzinfo=UTC),
        owners=(owner.name,),
        due=due,
        overdue=True,
        transitions=("pågår", "klar"),
    )
    card = decision_card("sv", view, today=OFFICE_MORNING.date())
    card["data"] = {"seq": seq}  # the benchmark's marker; Teams ignores unknown properties
    return text, card


async def seed_nudges(
    sessions: async_sessionmaker[AsyncSession], service_url: str, sizes: Sizes
) -> list[str]:
    """Channels, groups and members, then one channel nudge per decision, due now,
    spread round-robin over the channels. Returns the markers."""
    groups = await seed_directory(sessions, service_url, groups=sizes.channels, members_per_group=3)
    markers = []
    for start in range(0, sizes.nudges, SEED_BATCH):
        async with unit_of_work(sessions) as session:
            for seq in range(start, min(start + SEED_BATCH, sizes.nudges)):
                group = groups[seq % len(groups)]
                owner = group.people[seq % len(group.people)]
                text, card = _reminder(seq, seq % len(groups), owner)
                await outbox.enqueue(
                    session,
                    key=f"decision:{seq + 1}:reminder:overdue:channel",
                    tenant_id=TENANT_ID,
                    kind="decision_reminder_overdue",
                    due_at=DUE,
                    conversation_pk=group.channel_pk,
                    text=text,
                    card=card,
                    mentions=(outbox.OutboxMention(owner.teams_id, owner.name),),
                    group_id=group.group_id,
                    subject=f"decision:{seq + 1}",
                )
                markers.append(str(seq))
    return markers


async def _statuses(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with sessions() as session:
        rows = await session.execute(
            select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(
                OutboxMessage.status
            )
        )
    return {status.value: count for status, count in rows.all()}


async def _connector_stats(url: str) -> dict[str, Any]:
    async with aiohttp.ClientSession() as client, client.get(f"{url}/_stats") as response:
        stats: dict[str, Any] = await response.json()
    return stats


async def _report_progress(url: str, total: int, backend: str) -> None:
    started = time.monotonic()
    while True:
        await asyncio.sleep(PROGRESS_EVERY_SECONDS)
        stats = await _connector_stats(url)
        elapsed = time.monotonic() - started
        print(f"{backend}: {stats['posts']}/{total} posted after {elapsed:.0f} s", flush=True)


async def dispatch_like_the_bot(
    dispatcher: Dispatcher, sessions: async_sessionmaker[AsyncSession], within: float
) -> None:
    """`run_once` on the scheduler's interval, as bot/app.py ticks it, until nothing is
    pending. Ticks are counted from the start; one that runs long delays the next (the
    scheduler's coalesce and max_instances=1)."""
    started = time.monotonic()
    while True:
        await dispatcher.run_once()
        if OutboxStatus.PENDING.value not in await _statuses(sessions):
            return
        elapsed = time.monotonic() - started
        if elapsed > within:
            raise TimeoutError(f"rows still pending after {within:.0f} s")
        await asyncio.sleep(OUTBOX_TICK_SECONDS - elapsed % OUTBOX_TICK_SECONDS)


async def run_backend(backend: str, sizes: Sizes, logs: Path) -> BackendResult:
    port = free_port()
    connector_url = f"http://127.0.0.1:{port}"
    connector = spawn(
        ["-m", "bench.connector_server", "--port", str(port), "--teams-limits"],
        log_path=logs / f"connector-{backend}.log",
    )
    try:
        await wait_for_http(f"{connector_url}/_stats")
        async with scratch_database(backend, "bench_fanout") as plain_url:
            url = normalise_database_url(plain_url)
            engine = create_engine(url)
            sessions = create_session_factory(engine)
            dispatcher = Dispatcher(
                Settings(database_url=url),
                sessions,
                MovableClock(OFFICE_MORNING, follow_real_time=True),
            )
            progress: asyncio.Task[None] | None = None
            try:
                began = time.monotonic()
                await upgrade_async(url)
                markers = await seed_nudges(sessions, f"{connector_url}/", sizes)
                print(
                    f"{backend}: migrated and seeded {len(markers)} nudges in "
                    f"{sizes.channels} channels in {time.monotonic() - began:.1f} s",
                    flush=True,
                )
                progress = asyncio.create_task(
                    _report_progress(connector_url, len(markers), backend)
                )
                await dispatch_like_the_bot(dispatcher, sessions, sizes.within_seconds)
                statuses = await _statuses(sessions)
            finally:
                if progress is not None:
                    progress.cancel()
                await dispatcher.close()
                await engine.dispose()
        stats = await _connector_stats(connector_url)
    finally:
        stop(connector)
    received: dict[str, int] = stats["markers"]
    span = float(stats["send_span_seconds"])
    return BackendResult(
        backend=backend,
        posts=int(stats["posts"]),
        rate=stats["posts"] / span if span > 0 else 0.0,
        throttled=int(stats["throttled"]),
        lost=sum(1 for m in markers if not received.get(m)),
        duplicated=sum(max(0, received.get(m, 0) - 1) for m in markers),
        statuses=statuses,
    )


def outcomes(results: Sequence[BackendResult], sizes: Sizes, *, smoke: bool) -> list[Outcome]:
    lines: list[Outcome] = []
    for r in results:
        fast = smoke or r.rate >= TARGET_RATE
        all_sent = r.statuses == {OutboxStatus.SENT.value: sizes.nudges}
        prefix = f"fanout_{r.backend}"
        lines += [
            Outcome(f"{prefix}_throughput", r.rate, "msg/s", f"≥ {TARGET_RATE:g} msg/s", fast),
            Outcome(
                f"{prefix}_share_of_ceiling",
                100 * r.rate / CEILING,
                "%",
                f"≥ {100 * TARGET_SHARE:g} % of {CEILING:g}/s",
                fast,
            ),
            Outcome(f"{prefix}_429s", r.throttled, "responses", "reported, each retried", True),
            Outcome(f"{prefix}_lost", r.lost, "messages", "0", r.lost == 0),
            Outcome(f"{prefix}_duplicated", r.duplicated, "messages", "0", r.duplicated == 0),
            Outcome(
                f"{prefix}_rows_sent",
                r.statuses.get(OutboxStatus.SENT.value, 0),
                "rows",
                f"all {sizes.nudges}",
                all_sent,
            ),
        ]
    slowest = min(r.rate for r in results)
    lines.append(
        Outcome(
            "fanout",
            slowest,
            "msg/s",
            f"≥ {TARGET_RATE:g} msg/s = {100 * TARGET_SHARE:g} % of {CEILING:g}/s, "
            "0 lost, 0 duplicated",
            all(line.met for line in lines),
        )
    )
    return lines


async def run(smoke: bool, only: Sequence[str] = ()) -> int:
    sizes = SMOKE if smoke else FULL
    backends = [b for b in ("sqlite", "postgresql") if not only or b in only]
    if "postgresql" in backends and (problem := await postgres_problem()) is not None:
        print(f"postgresql skipped: {problem}", flush=True)
        backends.remove("postgresql")
    with tempfile.TemporaryDirectory(prefix="bench_fanout_logs_") as directory:
        logs = Path(directory)
        # The product logs every send at INFO; keep that cost in the measurement, in a file.
        logging.basicConfig(
            filename=logs / "dispatcher.log",
            level=logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s %(message)s",
        )
        results = [await run_backend(backend, sizes, logs) for backend in backends]
    return finish(outcomes(results, sizes, smoke=smoke))


def main(argv: Sequence[str] | None = None) -> int:
    """`--smoke` for the tiny run; `sqlite` or `postgresql` to run one backend only."""
    args = list(sys.argv[1:] if argv is None else argv)
    only = [a for a in args if not a.startswith("--")]
    return asyncio.run(run(smoke="--smoke" in args, only=only))


if __name__ == "__main__":
    raise SystemExit(main())
