"""The one module that talks to the Bot Connector outside a turn: proactive posts, card
updates and new personal chats.

We call the connector's REST API with botframework's ConnectorClient rather than
CloudAdapter.continue_conversation: the continuation activity has no channel_data (Teams
helpers break), the adapter needs a non-empty app id (the Agents Playground and the
loopback connector have none), and the SDK never retries a send anyway. Clients are
cached per service URL because msrest makes each construction cost milliseconds of CPU.

Every call first waits until nothing else is in flight to its conversation (the
dispatcher sends to many conversations at once, never twice at once to one: Teams could
see them out of order), then passes the outbound rate limiter (bot/outbox/rate_limit.py); its
answer is classified into an `Outcome` the dispatcher acts on: sent, retry later, conversation
gone, or rejected for good. Nothing here touches the database.

A stored service URL is checked against the same policy as replies in a turn
(bot/teams/service_urls.py) before any client is made: a row written before the policy
existed, or a created chat whose answer names another host, is rejected, not called.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationParameters,
)
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import MicrosoftAppCredentials
from botframework.connector.models import ErrorResponseException
from msrest.exceptions import ClientRequestError

from bot.outbox.rate_limit import OutboundLimiter, RateLimits
from bot.settings import Settings
from bot.teams.outbound import to_activity
from bot.teams.service_urls import REFUSED_CODE, ServiceUrlPolicy
from dialogs.turn import Person, Reply

log = logging.getLogger(__name__)

MAX_CACHED_CLIENTS = 64
REQUEST_TIMEOUT_SECONDS = 30.0
# Wait this long for the rate limiter inside one send; longer waits are deferred to a
# later dispatch so one busy conversation does not hold up the others.
MAX_LIMITER_WAIT_SECONDS = 2.0
# Teams' "stop sending here" answers (TEAMS-NOTES): the conversation is gone for us.
GONE_CODES_403 = frozenset(
    {
        "ConversationBlockedByUser",
        "BotNotInConversationRoster",
        "MessageWritesBlocked",
        "BotDisabledByAdmin",
    }
)
TRANSIENT_STATUSES = frozenset({408, 412, 429, 500, 502, 503, 504})


class Result(enum.StrEnum):
    SENT = "sent"
    RETRY = "retry"  # transient: try again after `retry_after` (or the caller's backoff)
    GONE = "gone"  # the conversation cannot be written to any more
    REJECTED = "rejected"  # this message will never go through (bad request, too large)


@dataclass(frozen=True)
class Outcome:
    result: Result
    # A short code for logs and the outbox row: an HTTP status or a Teams error code.
    code: str = ""
    activity_id: str | None = None
    retry_after: float | None = None
    # A 429 or our own limiter: retrying is no fault of the message, so no attempt counts.
    throttled: bool = False

    @property
    def sent(self) -> bool:
        return self.result == Result.SENT


@dataclass(frozen=True)
class Destination:
    """Where to post: what a stored conversations row holds."""

    tenant_id: str
    conversation_id: str
    service_url: str
    bot_id: str


@dataclass(frozen=True)
class Message:
    text: str | None = None
    card: dict[str, Any] | None = None
    mentions: tuple[Person, ...] = ()


@dataclass(frozen=True)
class CreatedChat:
    conversation_id: str
    service_url: str


def _retry_after(headers: Any) -> float | None:
    raw = headers.get("Retry-After") if headers is not None else None
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except (TypeError, ValueError):
        return None  # an HTTP-date; the dispatcher's backoff covers it


def _error_code(error: ErrorResponseException) -> str:
    body = getattr(error, "error", None)
    inner = getattr(body, "error", None)
    code = getattr(inner, "code", None)
    return str(code) if code else ""


def classify(status: int, code: str, headers: Any, *, updating: bool) -> Outcome:
    """An HTTP failure from the connector as an Outcome (pure, so it is easy to test)."""
    label = code or str(status)
    if status == 429:
        return Outcome(Result.RETRY, label, retry_after=_retry_after(headers), throttled=True)
    if status in TRANSIENT_STATUSES:
        return Outcome(Result.RETRY, label, retry_after=_retry_after(headers))
    if status == 403 and code in GONE_CODES_403:
        return Outcome(Result.GONE, label)
    if status == 404 and (not updating or code == "ConversationNotFound"):
        return Outcome(Result.GONE, label)
    if status in (400, 404, 413):
        # A malformed or oversized message, or an update of a deleted activity.
        return Outcome(Result.REJECTED, label)
    # 401 and unknown 403s: most likely our credentials; retry, and dead-letter in the end
    # rather than write off conversations because of a configuration mistake.
    return Outcome(Result.RETRY, label)


def channel_post_id(conversation_id: str) -> str:
    """A channel thread id ("19:…;messageid=…") posts into that thread; the bare channel
    id starts a new post, which is what a reminder should do."""
    return conversation_id.split(";", 1)[0]


class ProactiveSender:
    def __init__(
        self,
        settings: Settings,
        *,
        limiter: OutboundLimiter | None = None,
        limits: RateLimits | None = None,
        request_timeout: float = REQUEST_TIMEOUT_SECONDS,
        max_limiter_wait: float = MAX_LIMITER_WAIT_SECONDS,
    ) -> None:
        self._credentials = MicrosoftAppCredentials(
            settings.app_id,
            settings.app_password,
            channel_auth_tenant=settings.app_tenant_id or None,
        )
        self._authenticated = bool(settings.app_id)
        self._policy = ServiceUrlPolicy.for_mode(
            settings.allowed_service_urls, local_mode=settings.local_mode
        )
        self._clients: OrderedDict[str, ConnectorClient] = OrderedDict()
        self._closing: set[asyncio.Future[Any]] = set()
        self.limiter = limiter or OutboundLimiter(limits)
        self._timeout = request_timeout
        self._max_wait = max_limiter_wait
        # One lock per conversation with a send under way; it disappears with its last user.
        self._in_flight: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    async def close(self) -> None:
        clients, self._clients = list(self._clients.values()), OrderedDict()
        for client in clients:
            await client.__aexit__(None, None, None)

    def _refused(self, service_url: str) -> Outcome | None:
        if self._policy.allows(service_url):
            return None
        log.warning("refused a proactive call outside the service URL policy code=%s", REFUSED_CODE)
        return Outcome(Result.REJECTED, REFUSED_CODE)

    def _client(self, service_url: str) -> ConnectorClient:
        client = self._clients.get(service_url)
        if client is None:
            client = ConnectorClient(self._credentials, base_url=service_url)
            self._clients[service_url] = client
            while len(self._clients) > MAX_CACHED_CLIENTS:
                _, oldest = self._clients.popitem(last=False)
                # Closing needs the loop; let it finish in the background.
                task = asyncio.ensure_future(oldest.__aexit__(None, None, None))
                self._closing.add(task)
                task.add_done_callback(self._closing.discard)
        self._clients.move_to_end(service_url)
        return client

    async def _warm_token(self) -> None:
        # msrest fetches the token synchronously inside the request; fetching it in a
        # thread first leaves msal's cache warm, so the event loop never blocks on it.
        if self._authenticated:
            await asyncio.to_thread(self._credentials.get_access_token)

    def _one_at_a_time(self, conversation_id: str) -> asyncio.Lock:
        lock = self._in_flight.get(conversation_id)
        if lock is None:
            lock = asyncio.Lock()
            self._in_flight[conversation_id] = lock
        return lock

    async def _limited(self, tenant_id: str, conversation_id: str) -> Outcome | None:
        wait = await self.limiter.acquire(tenant_id, conversation_id, max_wait=self._max_wait)
        if wait > 0:
            return Outcome(Result.RETRY, "rate_limited", retry_after=wait, throttled=True)
        return None

    async def _call(self, operation: Any, *, conversation_id: str, updating: bool) -> Outcome:
        try:
            await self._warm_token()
            response = await asyncio.wait_for(operation(), timeout=self._timeout)
        except ErrorResponseException as error:
            status = int(getattr(error.response, "status_code", 0) or 0)
            headers = getattr(error.response, "headers", None)
            outcome = classify(status, _error_code(error), headers, updating=updating)
            if status == 429:
                self.limiter.pause(conversation_id, outcome.retry_after or 1.0)
            return outcome
        except (TimeoutError, ClientRequestError, OSError):
            # The request may or may not have reached Teams; retrying risks one duplicate,
            # not retrying risks a lost message. The outbox prefers the duplicate.
            return Outcome(Result.RETRY, "network")
        activity_id = getattr(response, "id", None)
        return Outcome(Result.SENT, "ok", activity_id=activity_id)

    async def post(self, destination: Destination, message: Message) -> Outcome:
        if (refused := self._refused(destination.service_url)) is not None:
            return refused
        conversation_id = channel_post_id(destination.conversation_id)
        async with self._one_at_a_time(conversation_id):
            if (held := await self._limited(destination.tenant_id, conversation_id)) is not None:
                return held
            activity = self._activity(message)
            client = self._client(destination.service_url)
            return await self._call(
                lambda: client.conversations.send_to_conversation(conversation_id, activity),
                conversation_id=conversation_id,
                updating=False,
            )

    async def update(self, destination: Destination, activity_id: str, message: Message) -> Outcome:
        if (refused := self._refused(destination.service_url)) is not None:
            return refused
        conversation_id = channel_post_id(destination.conversation_id)
        async with self._one_at_a_time(conversation_id):
            if (held := await self._limited(destination.tenant_id, conversation_id)) is not None:
                return held
            activity = self._activity(message)
            activity.id = activity_id
            client = self._client(destination.service_url)
            outcome = await self._call(
                lambda: client.conversations.update_activity(
                    conversation_id, activity_id, activity
                ),
                conversation_id=conversation_id,
                updating=True,
            )
        if outcome.sent and not outcome.activity_id:
            outcome = Outcome(Result.SENT, "ok", activity_id=activity_id)
        return outcome

    async def create_personal_chat(
        self, *, tenant_id: str, service_url: str, bot_id: str, user_teams_id: str
    ) -> CreatedChat | Outcome:
        """POST /v3/conversations for a 1:1 chat with the user. Fails (403/404/400) for
        guests and people who cannot get the app; the caller then falls back."""
        if (refused := self._refused(service_url)) is not None:
            return refused
        if (held := await self._limited(tenant_id, f"create:{user_teams_id}")) is not None:
            return held
        parameters = ConversationParameters(
            is_group=False,
            bot=ChannelAccount(id=bot_id),
            members=[ChannelAccount(id=user_teams_id)],
            tenant_id=tenant_id,
            channel_data={"tenant": {"id": tenant_id}},
        )
        client = self._client(service_url)
        created: list[Any] = []

        async def create() -> Any:
            created.append(await client.conversations.create_conversation(parameters))
            return created[-1]

        outcome = await self._call(
            create, conversation_id=f"create:{user_teams_id}", updating=False
        )
        if not outcome.sent or not created or not getattr(created[0], "id", None):
            if outcome.sent:  # a 2xx without an id: treat as unusable, not as success
                return Outcome(Result.REJECTED, "no_conversation_id")
            return outcome
        response = created[0]
        return CreatedChat(
            conversation_id=str(response.id),
            service_url=str(getattr(response, "service_url", None) or service_url),
        )

    @staticmethod
    def _activity(message: Message) -> Activity:
        return to_activity(Reply(text=message.text, card=message.card, mentions=message.mentions))
