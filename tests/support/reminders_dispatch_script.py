"""A dispatcher in its own process, for the crash and multi-instance tests:

    python -m tests.support.reminders_dispatch_script DATABASE_URL [options]

It delivers due outbox rows until none is pending (or --max-seconds pass), then prints
{"sent": n} on stdout. With --lock it first takes the SQLite instance lock, as `serve`
does, and exits 3 with the refusal on stderr if another process holds it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import replace

from limits import RateLimitItemPerSecond
from sqlalchemy import func, select

from bot.app import use_connector_threads
from bot.outbox.dispatcher import Dispatcher, DispatchOptions
from bot.outbox.rate_limit import RateLimits
from bot.outbox.tenant_budget import SharedTenantSlots
from bot.settings import Settings
from storage import instance_lock
from storage.db import create_engine, create_session_factory
from storage.outbox.models import OutboxMessage, OutboxStatus


async def run(args: argparse.Namespace) -> int:
    use_connector_threads(asyncio.get_running_loop())  # as `serve` does (bot/app.py)
    engine = create_engine(args.database_url)
    sessions = create_session_factory(engine)
    options = DispatchOptions(
        batch_size=args.batch,
        max_in_flight=args.in_flight,
        lease_seconds=args.lease,
        lease_margin_seconds=min(1.0, args.lease / 2),
        request_timeout_seconds=min(1.0, args.lease / 2),
        shared_tenant_budget=False if args.local_budget else None,
        limits=replace(
            RateLimits.for_instances(args.instances),
            per_tenant=(RateLimitItemPerSecond(args.tenant_rate, 1),),
        ),
    )
    dispatcher = Dispatcher(Settings(database_url=args.database_url), sessions, options=options)
    deadline = time.monotonic() + args.max_seconds
    sent = 0
    try:
        while time.monotonic() < deadline:
            done = await dispatcher.run_once()
            sent += done
            print(json.dumps({"progress": sent}), flush=True)
            async with sessions() as session:
                pending = await session.scalar(
                    select(func.count(OutboxMessage.id)).where(
                        OutboxMessage.status == OutboxStatus.PENDING
                    )
                )
            if not pending:
                break
            if done == 0:
                await asyncio.sleep(0.1)  # the rest is leased by someone else, or not due
    finally:
        await dispatcher.close()
        await engine.dispose()
    result = {"sent": sent}
    slots = dispatcher.sender.limiter.tenant_slots
    if isinstance(slots, SharedTenantSlots):
        result |= {
            "reservations": slots.reservations,
            "reserved": slots.reserved,
            "used": slots.used,
            "missed": slots.missed,
        }
    print(json.dumps(result), flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("--lease", type=float, default=3.0)
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--in-flight", type=int, default=DispatchOptions().max_in_flight)
    parser.add_argument("--instances", type=int, default=1)
    # Only the per-conversation limits are enforced by the test connector; a higher
    # tenant rate keeps the multi-process test short.
    parser.add_argument("--tenant-rate", type=int, default=40)
    parser.add_argument("--max-seconds", type=float, default=90.0)
    parser.add_argument("--lock", action="store_true")
    # Each instance with its own in-process tenant window (as before issue 18), to show
    # what the shared budget prevents.
    parser.add_argument("--local-budget", action="store_true")
    args = parser.parse_args()

    lock = None
    if args.lock:
        try:
            lock = instance_lock.acquire(args.database_url)
        except instance_lock.InstanceLockError as refusal:
            print(str(refusal), file=sys.stderr, flush=True)
            return 3
    try:
        return asyncio.run(run(args))
    finally:
        if lock is not None:
            lock.release()


if __name__ == "__main__":
    sys.exit(main())
