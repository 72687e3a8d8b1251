"""With MicrosoftAppId set, forged tokens get 401 (never 500), and a validly signed token
cannot send the bot's replies anywhere but an allowed Bot Connector named in its claim.

Signing keys come from a loopback OpenID stand-in (tests/support/openid_standin.py);
`remote_attempts` makes any address outside 127.0.0.0/8 fail and records it.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.schema import metadata
from tests.conftest import RunningBot, make_settings, start_bot
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.network_guard import RemoteAttempts, remote_attempts  # noqa: F401
from tests.support.openid_standin import (  # noqa: F401
    KEY_ID,
    OpenIdStandIn,
    channel_claims,
    openid_standin,
)
from tests.support.teams import ANNA

APP_ID = "6c0b7e55-9a1c-4a7d-9d2e-3f1a2b3c4d5e"


@pytest.fixture
async def canary() -> AsyncIterator[LoopbackConnector]:
    server = LoopbackConnector(host="127.0.0.2")
    await server.start()
    yield server
    await server.close()


async def _authenticated(
    database_url: str, connector: LoopbackConnector, **overrides: Any
) -> RunningBot:
    settings = make_settings(
        database_url,
        app_id=APP_ID,
        app_password="secret",
        allowed_tenants=(teams.TENANT,),
        **overrides,
    )
    return await start_bot(settings, connector)


@pytest.fixture
async def production_bot(
    database_url: str,
    engine: AsyncEngine,
    connector: LoopbackConnector,
    openid_standin: OpenIdStandIn,  # noqa: F811
    remote_attempts: RemoteAttempts,  # noqa: F811
) -> AsyncIterator[RunningBot]:
    running = await _authenticated(database_url, connector, allowed_service_urls=(connector.url,))
    yield running
    await running.http.close()
    await running.server.close()


async def _rows(bot: RunningBot) -> int:
    total = 0
    async with bot.sessions() as session:
        for table in metadata.sorted_tables:
            total += int(await session.scalar(select(func.count()).select_from(table)) or 0)
    return total


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _forged(kind: str, standin: OpenIdStandIn, service_url: str) -> str:
    claims = channel_claims(APP_ID, service_url)
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if kind == "HS256 with the key id":
        return jwt.encode(
            claims,
            "an-attacker-chosen-key-of-32-bytes!",
            algorithm="HS256",
            headers={"kid": KEY_ID},
        )
    if kind == "HS256 without a key id":
        return jwt.encode(claims, "an-attacker-chosen-key-of-32-bytes!", algorithm="HS256")
    if kind == "alg none":
        return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    if kind == "alg none with the key id":
        return f"{_b64({'alg': 'none', 'kid': KEY_ID})}.{_b64(claims)}."
    if kind == "RS256 by another key, same key id":
        return jwt.encode(claims, attacker, algorithm="RS256", headers={"kid": KEY_ID})
    if kind == "RS256 by another key, unknown key id":
        return jwt.encode(claims, attacker, algorithm="RS256", headers={"kid": "nope"})
    if kind == "key id an object":
        return f"{_b64({'alg': 'RS256', 'kid': {'a': 1}})}.{_b64(claims)}.c2ln"
    if kind == "expired":
        # botbuilder allows five minutes of clock skew
        return standin.sign({**claims, "exp": claims["nbf"] - 600, "nbf": claims["nbf"] - 3600})
    if kind == "other audience":
        return standin.sign({**claims, "aud": "00000000-0000-0000-0000-000000000000"})
    if kind == "other issuer":
        return standin.sign({**claims, "iss": "https://evil.example"})
    raise AssertionError(kind)


FORGERIES = [
    "HS256 with the key id",
    "HS256 without a key id",
    "alg none",
    "alg none with the key id",
    "RS256 by another key, same key id",
    "RS256 by another key, unknown key id",
    "key id an object",
    "expired",
    "other audience",
    "other issuer",
]


@pytest.mark.parametrize("kind", FORGERIES)
async def test_forged_tokens_get_401_and_change_nothing(
    production_bot: RunningBot,
    openid_standin: OpenIdStandIn,  # noqa: F811
    remote_attempts: RemoteAttempts,  # noqa: F811
    kind: str,
) -> None:
    url = production_bot.connector.url
    token = _forged(kind, openid_standin, url)
    response = await production_bot.post(
        teams.message("personal", "hjälp", ANNA, url),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status == 401, await response.text()
    assert production_bot.connector.calls == []
    assert await _rows(production_bot) == 0
    assert remote_attempts == []


async def test_a_token_signed_by_the_stand_in_is_accepted(
    production_bot: RunningBot,
    openid_standin: OpenIdStandIn,  # noqa: F811
    remote_attempts: RemoteAttempts,  # noqa: F811
) -> None:
    """The control for the 401s above: the stand-in's keys really validate a token (an
    uninstall needs no reply, so no outbound token is fetched from the internet)."""
    url = production_bot.connector.url
    token = openid_standin.sign(channel_claims(APP_ID, url))
    response = await production_bot.post(
        teams.installation_update("personal", "remove", ANNA, url),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status == 201, await response.text()
    assert openid_standin.requests >= 1
    assert remote_attempts == []


async def test_a_valid_token_for_a_service_url_off_the_list_is_refused(
    production_bot: RunningBot,
    canary: LoopbackConnector,
    openid_standin: OpenIdStandIn,  # noqa: F811
    remote_attempts: RemoteAttempts,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    token = openid_standin.sign(channel_claims(APP_ID, canary.url))
    response = await production_bot.post(
        teams.message("personal", "hjälp", ANNA, canary.url),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status == 403
    assert canary.calls == [] and production_bot.connector.calls == []
    assert await _rows(production_bot) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("code=service_url.refused" in w for w in warnings)
    assert not [w for w in warnings if canary.url in w]
    assert remote_attempts == []


async def test_an_activity_naming_another_url_than_its_token_is_refused(
    production_bot: RunningBot,
    canary: LoopbackConnector,
    openid_standin: OpenIdStandIn,  # noqa: F811
) -> None:
    token = openid_standin.sign(channel_claims(APP_ID, production_bot.connector.url))
    response = await production_bot.post(
        teams.message("personal", "hjälp", ANNA, canary.url),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status in (401, 403)
    assert canary.calls == [] and production_bot.connector.calls == []
    assert await _rows(production_bot) == 0


async def test_by_default_production_allows_only_microsoft_connectors(
    database_url: str,
    engine: AsyncEngine,
    connector: LoopbackConnector,
    openid_standin: OpenIdStandIn,  # noqa: F811
    remote_attempts: RemoteAttempts,  # noqa: F811
) -> None:
    running = await _authenticated(database_url, connector)
    try:
        token = openid_standin.sign(channel_claims(APP_ID, connector.url))
        response = await running.post(
            teams.message("personal", "hjälp", ANNA, connector.url),
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status == 403  # loopback is no Bot Connector in production
        assert connector.calls == []
        assert await _rows(running) == 0
        assert remote_attempts == []
    finally:
        await running.http.close()
        await running.server.close()
