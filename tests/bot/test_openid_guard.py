"""A slow or unreachable Bot Framework OpenID endpoint must not freeze the event loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from botframework.connector.auth.jwt_token_extractor import _OpenIdMetadata

from bot.teams import openid_guard


@pytest.fixture
async def slow_openid() -> AsyncIterator[str]:
    async def metadata(request: web.Request) -> web.Response:
        await asyncio.sleep(1.5)
        return web.json_response({"jwks_uri": str(request.url.with_path("/keys"))})

    async def keys(_request: web.Request) -> web.Response:
        return web.json_response({"keys": [{"kid": "k1", "kty": "RSA", "n": "AQAB", "e": "AQAB"}]})

    app = web.Application()
    app.router.add_get("/openid", metadata)
    app.router.add_get("/keys", keys)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield str(server.make_url("/openid"))
    await server.close()


async def _loop_stall_during(awaitable: asyncio.Future[object]) -> float:
    """The longest gap between 10 ms ticks of the event loop while `awaitable` runs."""
    worst = 0.0
    last = time.perf_counter()
    while not awaitable.done():
        await asyncio.sleep(0.01)
        now = time.perf_counter()
        worst = max(worst, now - last)
        last = now
    return worst


async def test_slow_metadata_refresh_runs_off_the_event_loop(slow_openid: str) -> None:
    openid_guard.install()
    metadata = _OpenIdMetadata(slow_openid)
    # an unknown key id: the lookup refreshes the keys, then finds nothing (no 500)
    lookups = asyncio.gather(*(metadata.get("unknown") for _ in range(5)))
    stall = await _loop_stall_during(lookups)
    results = await lookups
    assert stall < 0.5, f"event loop stalled {stall:.2f}s"
    assert metadata.keys and metadata.keys[0]["kid"] == "k1"
    assert results == [None] * 5


async def test_unreachable_endpoint_fails_fast_and_unknown_key_is_none() -> None:
    openid_guard.install()
    metadata = _OpenIdMetadata("http://127.0.0.1:9/openid")  # discard port: refused
    started = time.perf_counter()
    assert await metadata.get("nope") is None
    assert await metadata.get("nope") is None  # backs off instead of retrying each request
    assert time.perf_counter() - started < openid_guard.TIMEOUT_SECONDS
