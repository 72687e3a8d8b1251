"""Outgoing calls go only to allowed service URLs, in a turn and proactive alike.

Canaries are loopback connectors on 127.0.0.2; a URL outside 127.0.0.0/8 is refused
before any traffic (and `remote_attempts` would catch it if it were not).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot.settings import Settings, SettingsError
from bot.teams.proactive import Destination, Message, ProactiveSender, Result
from bot.teams.service_urls import MICROSOFT_SERVICE_URLS, ServiceUrlPolicy
from storage.schema import metadata
from tests.conftest import RunningBot
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.network_guard import RemoteAttempts, remote_attempts  # noqa: F401
from tests.support.teams import ANNA

APP_ID = "6c0b7e55-9a1c-4a7d-9d2e-3f1a2b3c4d5e"
OUTSIDE = "http://192.0.2.1:9/"  # TEST-NET-1: never routed, and the guard refuses it anyway


@pytest.fixture
async def canary() -> AsyncIterator[LoopbackConnector]:
    server = LoopbackConnector(host="127.0.0.2")
    await server.start()
    yield server
    await server.close()


async def _rows(bot: RunningBot) -> int:
    total = 0
    async with bot.sessions() as session:
        for table in metadata.sorted_tables:
            total += int(await session.scalar(select(func.count()).select_from(table)) or 0)
    return total


# ---- the policy ---------------------------------------------------------------------------

PRODUCTION = ServiceUrlPolicy.for_mode((), local_mode=False)


@pytest.mark.parametrize(
    "url",
    [
        "https://smba.trafficmanager.net/emea/",
        "https://smba.trafficmanager.net/amer/",
        "https://SMBA.trafficmanager.net/teams/",
        "https://smba.infra.gcc.teams.microsoft.com/",
        "https://smba.infra.gov.teams.microsoft.us/",
        "https://smba.infra.dod.teams.microsoft.us/",
    ],
)
def test_production_allows_microsofts_bot_connector(url: str) -> None:
    assert PRODUCTION.allows(url)
    assert PRODUCTION.allows_in_turn(url, url)


@pytest.mark.parametrize(
    "url",
    [
        "http://smba.trafficmanager.net/emea/",  # not https
        "https://smba.trafficmanager.net:8443/emea/",
        "https://smba.trafficmanager.net.evil.example/emea/",
        "https://smba.trafficmanager.net@evil.example/emea/",
        "https://evil.example/smba.trafficmanager.net/",
        "https://127.0.0.1/",
        "http://localhost:3978/",
        "ftp://smba.trafficmanager.net/",
        "not a url",
        "",
    ],
)
def test_production_refuses_everything_else(url: str) -> None:
    assert not PRODUCTION.allows(url)


def test_in_a_turn_production_also_needs_the_tokens_claim() -> None:
    emea, amer = "https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/amer/"
    assert PRODUCTION.allows_in_turn(emea, emea.rstrip("/"))
    assert not PRODUCTION.allows_in_turn(emea, amer)
    assert not PRODUCTION.allows_in_turn(emea, None)


def test_local_mode_allows_loopback_and_the_list() -> None:
    local = ServiceUrlPolicy.for_mode(("https://connector.example.se/bf/",), local_mode=True)
    for url in (
        "http://127.0.0.1:5/",
        "http://127.0.0.2:5/",
        "http://localhost:1/",
        "http://[::1]:5/",
    ):
        assert local.allows_in_turn(url, None)
    assert local.allows("https://connector.example.se/bf/v3/")
    assert not local.allows("https://connector.example.se/other/")
    assert not local.allows(OUTSIDE)
    assert not local.allows("http://10.0.0.1/")


def test_allowed_service_urls_come_from_the_environment() -> None:
    settings = Settings.from_env(
        {"ALLOWED_SERVICE_URLS": " https://a.example/x/ , https://smba.trafficmanager.net/ "}
    )
    assert settings.allowed_service_urls == (
        "https://a.example/x/",
        "https://smba.trafficmanager.net/",
    )
    with pytest.raises(SettingsError, match="ALLOWED_SERVICE_URLS"):
        Settings(allowed_service_urls=("smba.trafficmanager.net",)).validate()
    assert MICROSOFT_SERVICE_URLS[0] == "https://smba.trafficmanager.net/"


# ---- in a turn, local mode, through HTTP -------------------------------------------------


async def test_local_mode_refuses_an_activity_naming_a_remote_service_url(
    bot: RunningBot,
    remote_attempts: RemoteAttempts,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    response = await bot.post(teams.message("personal", "hjälp", ANNA, OUTSIDE))
    assert response.status == 403
    assert await _rows(bot) == 0
    assert remote_attempts == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("code=service_url.refused" in w for w in warnings)
    assert not [w for w in warnings if "192.0.2.1" in w]


async def test_local_mode_answers_a_loopback_canary(
    bot: RunningBot, canary: LoopbackConnector
) -> None:
    """Loopback is what local mode is for (the Agents Playground): allowed by default."""
    response = await bot.post(teams.message("personal", "hjälp", ANNA, canary.url))
    assert response.status == 201
    assert len(canary.cards()) == 1


# ---- proactive --------------------------------------------------------------------------


async def test_proactive_sends_go_only_to_allowed_urls(
    connector: LoopbackConnector,
    canary: LoopbackConnector,
    remote_attempts: RemoteAttempts,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    # Production settings whose list names only the real connector: the canary is refused
    # before any token is fetched or request made.
    production = ProactiveSender(
        Settings(app_id=APP_ID, app_password="x", allowed_service_urls=(connector.url,))
    )
    local = ProactiveSender(Settings())
    try:
        for sender, url in ((production, canary.url), (local, OUTSIDE)):
            destination = Destination(teams.TENANT, "a:chat", url, teams.BOT_ID)
            outcome = await sender.post(destination, Message(text="hej"))
            assert outcome.result == Result.REJECTED and outcome.code == "service_url.refused"
            assert (await sender.update(destination, "activity-1", Message(text="x"))).result == (
                Result.REJECTED
            )
            created = await sender.create_personal_chat(
                tenant_id=teams.TENANT, service_url=url, bot_id=teams.BOT_ID, user_teams_id="29:x"
            )
            assert getattr(created, "result", None) == Result.REJECTED
        assert canary.calls == [] and connector.calls == []
        assert remote_attempts == []
        assert any("code=service_url.refused" in r.getMessage() for r in caplog.records)
        # ... while an allowed URL is called (local mode: the canary is loopback).
        allowed = Destination(teams.TENANT, "a:chat", canary.url, teams.BOT_ID)
        assert (await local.post(allowed, Message(text="hej"))).sent
        assert canary.texts() == ["hej"]
    finally:
        await production.close()
        await local.close()
