"""A loopback stand-in for the Bot Framework's OpenID metadata and signing keys.

botbuilder fetches its signing keys from login.botframework.com (and, for other token
issuers, login.microsoftonline.com). Tests never leave 127.0.0.0/8, so every metadata
URL botbuilder knows is pointed at this server through botbuilder's own metadata cache;
tokens signed with `sign` validate like the Bot Connector's, anything else does not.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from botframework.connector.auth import AuthenticationConstants, GovernmentConstants
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor, _OpenIdMetadata
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KEY_ID = "standin-key"
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"


def _metadata_urls() -> list[str]:
    found = []
    for constants in (AuthenticationConstants, GovernmentConstants):
        for name in dir(constants):
            value = getattr(constants, name)
            if isinstance(value, str) and "well-known" in value and "{" not in value:
                found.append(value)
    return found


class OpenIdStandIn:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.requests = 0
        self._server: TestServer | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/openid", self._metadata)
        app.router.add_get("/keys", self._keys)
        self._server = TestServer(app, host="127.0.0.1")
        await self._server.start_server()

    async def close(self) -> None:
        if self._server:
            await self._server.close()

    @property
    def metadata_url(self) -> str:
        assert self._server is not None
        return str(self._server.make_url("/openid"))

    async def _metadata(self, request: web.Request) -> web.Response:
        self.requests += 1
        return web.json_response({"jwks_uri": str(request.url.with_path("/keys"))})

    async def _keys(self, _request: web.Request) -> web.Response:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": KEY_ID, "use": "sig", "endorsements": ["msteams"]})
        return web.json_response({"keys": [jwk]})

    def sign(self, claims: dict[str, Any], *, kid: str = KEY_ID) -> str:
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": kid})


def channel_claims(app_id: str, service_url: str) -> dict[str, Any]:
    """What the Bot Connector puts in the token it sends with an activity."""
    now = int(time.time())
    return {
        "iss": BOT_FRAMEWORK_ISSUER,
        "aud": app_id,
        "serviceurl": service_url,
        "nbf": now - 60,
        "exp": now + 3600,
    }


@pytest.fixture
async def openid_standin(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[OpenIdStandIn]:
    standin = OpenIdStandIn()
    await standin.start()
    for url in _metadata_urls():
        monkeypatch.setitem(
            JwtTokenExtractor.metadataCache, url, _OpenIdMetadata(standin.metadata_url)
        )
    yield standin
    await standin.close()
