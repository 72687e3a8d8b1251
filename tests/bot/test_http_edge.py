"""The HTTP edge: health, content checks, size limit, authentication, tenant allow-list."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import Settings, SettingsError
from storage.directory.models import Conversation
from tests.conftest import RunningBot, make_settings, start_bot
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA

APP_ID = "6c0b7e55-9a1c-4a7d-9d2e-3f1a2b3c4d5e"


async def test_healthz_reports_database_and_scheduler(bot: RunningBot) -> None:
    response = await bot.http.get(f"{bot.url}/healthz")
    assert response.status == 200
    assert await response.json() == {
        "status": "ok",
        "database": "ok",
        "scheduler": "running",
        "mode": "local",
    }


async def test_healthz_is_503_when_the_database_is_unreachable(
    connector: LoopbackConnector,
) -> None:
    settings = Settings(database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none")
    running = await start_bot(settings, connector)
    try:
        response = await running.http.get(f"{running.url}/healthz")
        assert response.status == 503
        assert (await response.json())["database"] == "unreachable"
    finally:
        await running.http.close()
        await running.server.close()


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"hello", "text/plain", 415),
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'{"type": "message"}', "application/json", 400),
        (b'{"text": "no type", "conversation": {"id": "x"}}', "application/json", 400),
    ],
)
async def test_malformed_requests_get_4xx(
    bot: RunningBot, body: bytes, content_type: str, status: int
) -> None:
    response = await bot.http.post(
        f"{bot.url}/api/messages", data=body, headers={"Content-Type": content_type}
    )
    assert response.status == status


async def test_oversized_request_is_rejected(bot: RunningBot) -> None:
    activity = teams.message("personal", "x" * 400_000, ANNA, bot.connector.url)
    response = await bot.post(activity)
    assert response.status == 413
    assert bot.connector.calls == []


@pytest.fixture
async def authenticated_bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[RunningBot]:
    settings = make_settings(
        database_url, app_id=APP_ID, app_password="secret", allowed_tenants=(teams.TENANT,)
    )
    running = await start_bot(settings, connector)
    yield running
    await running.http.close()
    await running.server.close()


@pytest.mark.parametrize("header", [None, "Bearer not-a-jwt", "Basic dXNlcjpwYXNz"])
async def test_with_app_id_requests_without_valid_token_get_401(
    authenticated_bot: RunningBot, header: str | None
) -> None:
    headers = {"Authorization": header} if header else None
    activity = teams.message("personal", "hjälp", ANNA, authenticated_bot.connector.url)
    response = await authenticated_bot.post(activity, headers=headers)
    assert response.status == 401
    assert authenticated_bot.connector.calls == []
    async with authenticated_bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Conversation)) == 0


async def test_other_tenant_is_refused_and_nothing_is_stored(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> None:
    running = await start_bot(
        make_settings(database_url, allowed_tenants=(teams.TENANT,)), connector
    )
    try:
        url = connector.url
        await running.post(
            teams.installation_update("channel", "add", ANNA, url, tenant=teams.OTHER_TENANT)
        )
        await running.post(teams.message("personal", "hjälp", ANNA, url, tenant=teams.OTHER_TENANT))
        assert connector.texts() == ["Samverkansboten är inte aktiverad för er organisation."]
        async with running.sessions() as session:
            assert await session.scalar(select(func.count()).select_from(Conversation)) == 0
        await running.post(teams.message("personal", "hjälp", ANNA, url))
        assert len(connector.cards()) == 1
    finally:
        await running.http.close()
        await running.server.close()


def test_production_refuses_to_start_without_app_id() -> None:
    with pytest.raises(SettingsError, match="MicrosoftAppId"):
        Settings(bot_env="production").validate()


def test_settings_from_env_use_bot_framework_names() -> None:
    settings = Settings.from_env(
        {
            "MicrosoftAppId": APP_ID,
            "MicrosoftAppPassword": "pw",
            "MicrosoftAppType": "SingleTenant",
            "MicrosoftAppTenantId": teams.TENANT,
            "DATABASE_URL": "postgres://u@db/x",
            "ALLOWED_TENANTS": f" {teams.OTHER_TENANT} , ",
        }
    )
    settings.validate()
    assert settings.database_url == "postgresql+asyncpg://u@db/x"
    assert settings.tenant_allowed(teams.TENANT) and settings.tenant_allowed(teams.OTHER_TENANT)
    assert not settings.tenant_allowed("someone-else")
    assert "pw" not in repr(settings)


def test_empty_allow_list_admits_all_only_in_local_mode() -> None:
    assert Settings().tenant_allowed("anyone")
    assert not Settings(app_id=APP_ID).tenant_allowed("anyone")


async def test_a_flooding_user_is_throttled_and_told_once(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> None:
    settings = make_settings(database_url, user_turn_burst=3, user_turns_per_minute=1)
    running = await start_bot(settings, connector)
    try:
        for _ in range(6):
            response = await running.post(teams.message("personal", "hjälp", ANNA, connector.url))
            assert response.status == 201
        assert len(connector.cards()) == 3
        assert (
            connector.texts().count(
                "Du har skickat många meddelanden på kort tid. Vänta en minut och försök igen."
            )
            == 1
        )
        # others are not affected
        await running.post(teams.message("personal", "hjälp", teams.MALIN, connector.url))
        assert len(connector.cards()) == 4
    finally:
        await running.http.close()
        await running.server.close()
