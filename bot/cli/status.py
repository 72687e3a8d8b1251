"""`python -m bot status [--json]`: how the outbox is doing, for the operator.

Queue depth, how long the longest-waiting due message has waited, messages failing
(being retried) and dead-lettered, and conversations the bot no longer writes to. Counts
only (storage/outbox/health.py), so the output is safe in a ticket or a CI log. The same
figures are on `/healthz?detail=1`. Exit code 1 when something needs a look: dead
letters, failing messages, or a due message waiting longer than `--stale-after`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:  # the database layer is imported only when `status` runs
    from storage.outbox.health import DeliveryHealth

LABELS = (
    ("queue_depth", "pending messages"),
    ("due_now", "of which due now"),
    ("oldest_due_age_seconds", "oldest due message waiting (s)"),
    ("failing", "failing (being retried)"),
    ("dead_letters", "dead letters (not retried)"),
    ("gone_conversations", "conversations not written to (gone or removed)"),
)


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "status", help="outbox health: queue, failing, dead letters, gone conversations"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument(
        "--stale-after",
        type=float,
        default=900.0,
        help="seconds a due message may wait before the exit code says so (default 900)",
    )
    parser.set_defaults(func=run)


async def read_health(database_url: str) -> DeliveryHealth:
    from storage.db import create_engine, create_session_factory
    from storage.outbox.health import delivery_health

    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            return await delivery_health(session, now=datetime.now(UTC))
    finally:
        await engine.dispose()


def needs_a_look(health: DeliveryHealth, stale_after: float) -> bool:
    waiting = health.oldest_due_age_seconds or 0.0
    return bool(health.dead_letters or health.failing or waiting > stale_after)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    settings.validate()
    health = asyncio.run(read_health(settings.database_url))
    values = health.as_dict()
    if args.json:
        print(json.dumps(values))
    else:
        for name, label in LABELS:
            value = values[name]
            print(f"{label:<48} {'-' if value is None else value}")
    return 1 if needs_a_look(health, args.stale_after) else 0
