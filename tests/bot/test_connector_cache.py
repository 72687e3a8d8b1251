"""Connector clients are built once per service URL, not twice per activity."""

from __future__ import annotations

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity

from bot.app import bot_framework_configuration
from bot.settings import Settings
from bot.teams.connector_cache import MAX_CACHED_CLIENTS, CachingBotFrameworkAuthentication
from bot.teams.service_urls import ServiceUrlPolicy


def _authentication() -> CachingBotFrameworkAuthentication:
    inner = ConfigurationBotFrameworkAuthentication(bot_framework_configuration(Settings()))
    return CachingBotFrameworkAuthentication(inner, ServiceUrlPolicy.for_mode((), local_mode=True))


def _activity(service_url: str) -> Activity:
    return Activity(type="message", service_url=service_url, channel_id="msteams")


async def test_same_service_url_reuses_the_client_and_others_do_not() -> None:
    auth = _authentication()
    first = await auth.authenticate_request(_activity("http://127.0.0.1:1/"), "")
    second = await auth.authenticate_request(_activity("http://127.0.0.1:1/"), "")
    assert first.connector_factory is not None and second.connector_factory is not None
    a = await first.connector_factory.create("http://127.0.0.1:1/", first.audience)
    b = await second.connector_factory.create("http://127.0.0.1:1/", second.audience)
    c = await second.connector_factory.create("http://127.0.0.1:2/", second.audience)
    assert a is b
    assert c is not a
    token_a = await auth.create_user_token_client(first.claims_identity)
    token_b = await auth.create_user_token_client(second.claims_identity)
    assert token_a is token_b


async def test_cache_is_bounded() -> None:
    auth = _authentication()
    result = await auth.authenticate_request(_activity("http://127.0.0.1:1/"), "")
    assert result.connector_factory is not None
    first = await result.connector_factory.create("http://127.0.0.1:0/", result.audience)
    for port in range(1, MAX_CACHED_CLIENTS + 5):
        await result.connector_factory.create(f"http://127.0.0.1:{port}/", result.audience)
    again = await result.connector_factory.create("http://127.0.0.1:0/", result.audience)
    assert again is not first  # evicted: memory stays bounded whatever service URLs arrive
