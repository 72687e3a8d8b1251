"""Reuse Bot Connector clients instead of building two per incoming activity.

Stock botbuilder 4.17 builds a ConnectorClient and a user-token client for every
activity; msrest's retry policy makes each construction cost several milliseconds of
CPU (see ../shared/TEAMS-NOTES.md and docs/performance.md), and the clients are never
closed. Clients are safe to share: their credentials fetch and refresh tokens per
request. The caches are bounded because in local mode the service URL comes from an
unauthenticated request.

This is also where every in-turn connector client is made, so the service URL policy
(bot/teams/service_urls.py) is enforced here: after authentication, before the turn
runs (a refused activity stores nothing and gets no reply), and again for every client.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from msrest import Serializer

from bot.teams.service_urls import REFUSED_CODE, ServiceUrlNotAllowed, ServiceUrlPolicy

log = logging.getLogger(__name__)

MAX_CACHED_CLIENTS = 64


class _JsonTreeSerializer(Serializer):
    """msrest copies an 'object' value (a card's content, channel data) node by node,
    checking each node's type: 1.8 ms of the event loop per update of a 250-member
    group's poll card, 0.2 ms when handed on (measured for bench/card_submit). Our
    cards are plain JSON trees already (cards/ builds dicts, lists, strings, numbers
    and booleans), so they go as they are; a value that is not JSON fails loudly when
    the request body is encoded."""

    def serialize_object(self, attr: Any, **kwargs: Any) -> Any:
        if type(attr) in (dict, list):
            return attr
        return super().serialize_object(attr, **kwargs)


def _with_plain_json(client: ConnectorClient) -> ConnectorClient:
    serializer = _JsonTreeSerializer(client._serialize.dependencies)
    client._serialize = serializer
    client.conversations._serialize = serializer
    client.attachments._serialize = serializer
    return client


class _BoundedCache(OrderedDict[Any, Any]):
    def get_fresh(self, key: Any) -> Any:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def remember(self, key: Any, value: Any) -> Any:
        self[key] = value
        self.move_to_end(key)
        while len(self) > MAX_CACHED_CLIENTS:
            self.popitem(last=False)
        return value


def _token_service_url(claims_identity: ClaimsIdentity | None) -> object:
    claims = claims_identity.claims if claims_identity and claims_identity.claims else {}
    return claims.get("serviceurl")


def refuse(where: str) -> ServiceUrlNotAllowed:
    log.warning(
        "refused a call to a service URL outside the policy code=%s at=%s", REFUSED_CODE, where
    )
    return ServiceUrlNotAllowed()


class CachingConnectorFactory(ConnectorFactory):
    def __init__(
        self,
        inner: ConnectorFactory,
        cache: _BoundedCache,
        app_id: str,
        policy: ServiceUrlPolicy,
        token_service_url: object,
    ) -> None:
        self._inner = inner
        self._cache = cache
        self._app_id = app_id
        self._policy = policy
        self._token_service_url = token_service_url

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        if not self._policy.allows_in_turn(service_url, self._token_service_url):
            raise refuse("connector")
        key = (self._app_id, service_url, audience)
        client = self._cache.get_fresh(key)
        if client is None:
            created = await self._inner.create(service_url, audience)
            client = self._cache.remember(key, _with_plain_json(created))
        return client


class CachingBotFrameworkAuthentication(BotFrameworkAuthentication):
    """Delegates everything to botbuilder's authentication; only client creation is cached."""

    def __init__(self, inner: BotFrameworkAuthentication, policy: ServiceUrlPolicy) -> None:
        self._inner = inner
        self._policy = policy
        self._connectors = _BoundedCache()
        self._token_clients = _BoundedCache()

    @staticmethod
    def _app_id(claims_identity: ClaimsIdentity | None) -> str:
        claims = claims_identity.claims if claims_identity and claims_identity.claims else {}
        return str(claims.get("aud") or claims.get("appid") or "")

    def _wrap(
        self, factory: ConnectorFactory, claims_identity: ClaimsIdentity | None
    ) -> ConnectorFactory:
        return CachingConnectorFactory(
            factory,
            self._connectors,
            self._app_id(claims_identity),
            self._policy,
            _token_service_url(claims_identity),
        )

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        result = await self._inner.authenticate_request(activity, auth_header)
        # Before the turn: a refused activity must change nothing and get no reply.
        if not self._policy.allows_in_turn(
            activity.service_url, _token_service_url(result.claims_identity)
        ):
            raise refuse("activity")
        if result.connector_factory is not None:
            result.connector_factory = self._wrap(result.connector_factory, result.claims_identity)
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return self._wrap(self._inner.create_connector_factory(claims_identity), claims_identity)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        key = self._app_id(claims_identity)
        client = self._token_clients.get_fresh(key)
        if client is None:
            client = self._token_clients.remember(
                key, await self._inner.create_user_token_client(claims_identity)
            )
        return client

    def __getattr__(self, name: str) -> Any:
        # Anything else (bot framework client, originating audience …) goes to botbuilder.
        return getattr(self._inner, name)
