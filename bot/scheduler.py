"""The one wrapper around APScheduler 3 (AsyncIOScheduler, Europe/Stockholm).

Jobs are registered by import path with primitive keyword arguments only; the scheduler
always calls the same trampoline, which imports the function, opens its own unit of
work and sends any error to one handler. No live object is ever handed to APScheduler,
so a persistent job store could be added later without pickling sessions or bots.
Reminders themselves are database rows (issue #6); the scheduler only ticks.

Stopping is not an error. APScheduler's shutdown cancels the job tasks under way, and
its executor logs a cancelled job at ERROR with the CancelledError's traceback. So
each job runs in a task of our own that the trampoline awaits shielded: shutdown
cancels only the trampoline, which returns quietly, and `wait_for_jobs()` lets the
work finish its unit of work (the outbox dispatcher, told to stop by its own
`close()`, hands back what it has not started).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.util import undefined
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.log_codes import where
from dialogs.turn import JobContext, Primitive
from storage.db import unit_of_work

log = logging.getLogger(__name__)


JobFunction = Callable[[JobContext], Awaitable[None]]
# A live service's tick (the outbox dispatcher): registered by name, so APScheduler still
# only ever holds the trampoline and a string.
ServiceTick = Callable[[], Awaitable[object]]


def resolve(path: str) -> JobFunction:
    """'package.module:function' -> the function (import path, never a pickled object)."""
    module_name, _, attribute = path.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"job path must be 'module:function', got {path!r}")
    function: JobFunction = getattr(importlib.import_module(module_name), attribute)
    return function


class Scheduler:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        timezone: str = "Europe/Stockholm",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.timezone = ZoneInfo(timezone)
        self._scheduler = AsyncIOScheduler(timezone=self.timezone)
        self.failures = 0
        self.last_run: datetime | None = None
        self._services: dict[str, ServiceTick] = {}
        self._jobs: set[asyncio.Task[None]] = set()
        self._stopping = False

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def start(self) -> None:
        self._scheduler.start()
        log.info("scheduler started")

    def shutdown(self) -> None:
        """No more ticks. Jobs under way go on: `wait_for_jobs()` waits for them."""
        self._stopping = True
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
            log.info("scheduler stopped")

    async def wait_for_jobs(self, grace_seconds: float = 30.0) -> None:
        """Let the jobs under way finish; after `grace_seconds` they are cancelled (quietly: a
        job's unit of work then rolls back, and the next start does its work again)."""
        running = [job for job in self._jobs if not job.done()]
        if not running:
            return
        _, late = await asyncio.wait(running, timeout=grace_seconds)
        for job in late:
            job.cancel()
        if late:
            await asyncio.gather(*late, return_exceptions=True)
            log.warning(
                "scheduler cancelled jobs still running after %.0fs jobs=%d",
                grace_seconds,
                len(late),
            )

    async def _shielded(self, work: Coroutine[object, object, None]) -> None:
        job = asyncio.ensure_future(work)
        self._jobs.add(job)
        job.add_done_callback(self._jobs.discard)
        try:
            await asyncio.shield(job)
        except asyncio.CancelledError:
            if not self._stopping:
                raise
            # APScheduler's shutdown cancelled the wrapper; the job itself goes on.

    def add_recurring(
        self, job_id: str, path: str, trigger: BaseTrigger, **kwargs: Primitive
    ) -> None:
        resolve(path)  # fail at registration, not at 3 a.m.
        self._scheduler.add_job(
            self._trampoline,
            trigger=trigger,
            args=[path],
            kwargs=kwargs,
            id=job_id,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )

    def register_service(self, name: str, tick: ServiceTick) -> None:
        """A long-lived object's periodic work (it manages its own units of work)."""
        self._services[name] = tick

    def add_service_tick(
        self, job_id: str, name: str, trigger: BaseTrigger, *, run_at_start: bool = False
    ) -> None:
        """`run_at_start`: the first tick as soon as the scheduler starts, not one interval
        later (the outbox: whatever fell due while the bot was down goes out at once)."""
        if name not in self._services:
            raise KeyError(f"no service registered as {name!r}")
        self._scheduler.add_job(
            self._service_trampoline,
            trigger=trigger,
            args=[name],
            id=job_id,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            # APScheduler reads next_run_time=None as "paused"; `undefined` means "from
            # the trigger".
            next_run_time=datetime.now(self.timezone) if run_at_start else undefined,
        )

    async def run_service_now(self, name: str) -> None:
        await self._service_trampoline(name)

    async def _service_trampoline(self, name: str) -> None:
        await self._shielded(self._run_service(name))

    async def _run_service(self, name: str) -> None:
        try:
            await self._services[name]()
            self.last_run = self._clock()
        except Exception as error:
            self._on_error(f"service:{name}", error)

    def job_ids(self) -> list[str]:
        return [job.id for job in self._scheduler.get_jobs()]

    async def run_now(self, path: str, **kwargs: Primitive) -> None:
        """Run a job through the same trampoline (tests and admin commands use this)."""
        await self._trampoline(path, **kwargs)

    async def _trampoline(self, path: str, **kwargs: Primitive) -> None:
        await self._shielded(self._run_job(path, **kwargs))

    async def _run_job(self, path: str, **kwargs: Primitive) -> None:
        try:
            function = resolve(path)
            async with unit_of_work(self._sessions) as session:
                await function(JobContext(session=session, now=self._clock(), kwargs=kwargs))
            self.last_run = self._clock()
        except Exception as error:
            self._on_error(path, error)

    def _on_error(self, path: str, error: BaseException) -> None:
        self.failures += 1
        log.error("job failed path=%s error=%s", path, where(error))


def describe(kwargs: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value}" for key, value in sorted(kwargs.items()))
