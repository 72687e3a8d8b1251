"""Composition root: build the aiohttp application from one Settings object."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import SimpleNamespace

from aiohttp import web
from aiohttp.helpers import content_disposition_header
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.features import FEATURES
from bot.graph.calendar_sync import OutlookCalendarSync
from bot.http import MessagesEndpoint
from bot.log_codes import TURN_FAILED, activity_type_code, where
from bot.outbox.dispatcher import Dispatcher
from bot.scheduler import Scheduler
from bot.settings import Settings
from bot.teams import openid_guard
from bot.teams.connector_cache import CachingBotFrameworkAuthentication
from bot.teams.files import FileFetcher
from bot.teams.service_urls import ServiceUrlPolicy
from bot.teams.turn_handler import Clock, SamverkansBot, system_clock
from cards.i18n import language_for_locale, t
from storage import downloads
from storage.db import create_engine, create_session_factory, ping
from storage.migrate import upgrade_if_behind
from storage.outbox.health import delivery_health

log = logging.getLogger(__name__)

ENGINE_KEY = web.AppKey("engine", AsyncEngine)
SESSIONS_KEY = web.AppKey("sessions", async_sessionmaker[AsyncSession])
SCHEDULER_KEY = web.AppKey("scheduler", Scheduler)
BOT_KEY = web.AppKey("bot", SamverkansBot)
DISPATCHER_KEY = web.AppKey("dispatcher", Dispatcher)
OUTBOX_TICK_SECONDS = 5
OUTLOOK_SYNC_SECONDS = 300


@dataclass(frozen=True)
class AppOptions:
    # Tests migrate once per session; `serve` migrates here, before the scheduler starts
    # and before /healthz answers (Alembic runs in a thread: its env.py has its own loop).
    migrate_on_start: bool = True
    # The one clock of the app (UTC); tests pass a controllable one.
    clock: Clock = system_clock
    # Tests that drive the outbox themselves turn the app's own dispatcher off.
    dispatch_outbox: bool = True
    # How minutes files are fetched; tests pass one that trusts their loopback Graph.
    files: FileFetcher | None = None


def bot_framework_configuration(settings: Settings) -> SimpleNamespace:
    """The attribute names botbuilder's ConfigurationBotFrameworkAuthentication reads."""
    return SimpleNamespace(
        APP_ID=settings.app_id,
        APP_PASSWORD=settings.app_password,
        APP_TYPE=settings.app_type,
        APP_TENANTID=settings.app_tenant_id,
    )


def service_url_policy(settings: Settings) -> ServiceUrlPolicy:
    return ServiceUrlPolicy.for_mode(settings.allowed_service_urls, local_mode=settings.local_mode)


def create_adapter(settings: Settings) -> CloudAdapter:
    authentication = ConfigurationBotFrameworkAuthentication(bot_framework_configuration(settings))
    adapter = CloudAdapter(
        CachingBotFrameworkAuthentication(authentication, service_url_policy(settings))
    )

    async def on_turn_error(turn_context: TurnContext, error: Exception) -> None:
        # A code, the error type and our own frames only: the message and the activity's
        # ids are the client's (they could carry a URL or text).
        log.error(
            "turn failed code=%s type=%s error=%s",
            TURN_FAILED,
            activity_type_code(turn_context.activity.type),
            where(error),
        )
        if turn_context.activity.type == "message":
            language = language_for_locale(turn_context.activity.locale)
            await turn_context.send_activity(t("error.internal", language))

    adapter.on_turn_error = on_turn_error
    return adapter


# The Bot Connector client (msrest) sends every HTTP request through `requests` in the
# loop's default executor, which has min(32, cores + 4) threads: 6 here. At Teams' real
# latency (100-300 ms a call) that would cap sends near 20-60 per second, under the
# 50/s per-tenant budget the dispatcher is built to use. Threads waiting on sockets are
# cheap, so give the connector enough of them.
CONNECTOR_THREADS = 48


def use_connector_threads(loop: asyncio.AbstractEventLoop) -> None:
    loop.set_default_executor(
        ThreadPoolExecutor(max_workers=CONNECTOR_THREADS, thread_name_prefix="connector")
    )


def register_feature_jobs(scheduler: Scheduler) -> None:
    for feature in FEATURES:
        for job in feature.jobs:
            trigger: BaseTrigger
            if job.cron:
                trigger = CronTrigger.from_crontab(job.cron, timezone=scheduler.timezone)
            else:
                trigger = IntervalTrigger(seconds=job.seconds or 60, timezone=scheduler.timezone)
            scheduler.add_recurring(job.job_id, job.path, trigger)


def announce_mode(settings: Settings) -> None:
    if settings.local_mode:
        log.warning(
            "LOCAL MODE: MicrosoftAppId is empty, so /api/messages accepts UNAUTHENTICATED "
            "requests. Use this only with the Agents Playground or the Bot Framework Emulator."
        )
    else:
        log.info("authenticated mode app_type=%s", settings.app_type)


def create_app(settings: Settings, options: AppOptions | None = None) -> web.Application:
    settings.validate()
    openid_guard.install()
    options = options or AppOptions()
    app = web.Application(client_max_size=settings.max_request_bytes)
    engine = create_engine(settings.database_url)
    sessions = create_session_factory(engine)
    scheduler = Scheduler(sessions, timezone=settings.timezone, clock=options.clock)
    bot = SamverkansBot(settings, sessions, clock=options.clock, files=options.files)
    dispatcher = Dispatcher(settings, sessions, options.clock)
    scheduler.register_service("outbox", dispatcher.run_once)
    app[DISPATCHER_KEY] = dispatcher
    outlook = OutlookCalendarSync.from_settings(settings, sessions, options.clock)
    if outlook is not None:
        scheduler.register_service("outlook", outlook.run_once)
    endpoint = MessagesEndpoint(create_adapter(settings), bot)
    app[ENGINE_KEY] = engine
    app[SESSIONS_KEY] = sessions
    app[SCHEDULER_KEY] = scheduler
    app[BOT_KEY] = bot

    async def lifecycle(_app: web.Application) -> AsyncIterator[None]:
        announce_mode(settings)
        use_connector_threads(asyncio.get_running_loop())
        if options.migrate_on_start and await upgrade_if_behind(engine, settings.database_url):
            log.info("database migrated to the latest revision")
        register_feature_jobs(scheduler)
        if options.dispatch_outbox:
            scheduler.add_service_tick(
                "outbox-dispatch",
                "outbox",
                IntervalTrigger(seconds=OUTBOX_TICK_SECONDS, timezone=scheduler.timezone),
                run_at_start=True,
            )
        if outlook is not None:
            scheduler.add_service_tick(
                "outlook-sync",
                "outlook",
                IntervalTrigger(seconds=OUTLOOK_SYNC_SECONDS, timezone=scheduler.timezone),
            )
        scheduler.start()
        yield
        await bot.close()
        scheduler.shutdown()  # no more ticks; a send round under way goes on ...
        await dispatcher.close()  # ... starts no more sends and hands back the rest
        await scheduler.wait_for_jobs()
        if outlook is not None:
            await outlook.close()
        await engine.dispose()

    async def healthz(request: web.Request) -> web.Response:
        database_ok = await ping(engine)
        scheduler_ok = scheduler.running
        status = 200 if database_ok and scheduler_ok else 503
        body: dict[str, object] = {
            "status": "ok" if status == 200 else "unavailable",
            "database": "ok" if database_ok else "unreachable",
            "scheduler": "running" if scheduler_ok else "stopped",
            "mode": "local" if settings.local_mode else "authenticated",
        }
        if request.query.get("detail") == "1" and database_ok:
            # Counts and ages only (storage/outbox/health.py): safe for a monitoring probe.
            async with sessions() as session:
                health = await delivery_health(session, now=options.clock())
            body["outbox"] = health.as_dict()
        return web.json_response(body, status=status)

    async def download(request: web.Request) -> web.Response:
        async with sessions() as session:
            found = await downloads.fetch(session, request.match_info["token"], now=options.clock())
        if found is None:
            return web.json_response({"error": "not found or expired"}, status=404)
        return web.Response(
            body=found.data,
            content_type=found.content_type,
            headers={
                # Charts are shown in cards (Image.url); every other file is saved.
                "Content-Disposition": content_disposition_header(
                    "inline" if found.content_type == "image/png" else "attachment",
                    filename=found.file_name,
                ),
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    app.cleanup_ctx.append(lifecycle)
    app.router.add_post("/api/messages", endpoint.handle)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/downloads/{token}", download)
    return app
