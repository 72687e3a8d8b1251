"""The loopback connector, extended for the reminder tests (by subclassing only):

- faults with real Teams error codes (403 ConversationBlockedByUser, 404
  ConversationNotFound, …), optionally only for one conversation;
- Teams' per-conversation rate limits enforced as sliding windows (7 per 1 s, 8 per 2 s,
  60 per 30 s), and optionally its 50 requests per second per tenant: an excess send
  is answered 429 with Retry-After, as Teams does;
- how many sends it was handling at once, overall and to one conversation (with a
  `send_delay`, to see the dispatcher's concurrency);
- slow sends (to kill a dispatcher mid-send) and people who cannot get a 1:1 chat
  (guests), for whom creating a conversation fails with 403;
- gone chats as Teams keeps them: every send to a blocked chat is answered with its
  403/404 code, and "creating" a 1:1 chat with someone who has one hands back that same
  chat's id (blocked or not); every send attempt is counted per conversation.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict, deque
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.support.connector import Call, Fault, LoopbackConnector

TEAMS_WINDOWS = ((7, 1.0), (8, 2.0), (60, 30.0))
TENANT_WINDOW = (50, 1.0)  # Teams: about 50 requests per second per app per tenant


class RemindersConnector(LoopbackConnector):
    def __init__(
        self,
        *,
        enforce_rate_limits: bool = False,
        enforce_tenant_limit: bool = False,
        send_delay: float = 0.0,
    ) -> None:
        super().__init__()
        self.enforce_rate_limits = enforce_rate_limits
        self.enforce_tenant_limit = enforce_tenant_limit
        self.send_delay = send_delay
        self.unreachable_users: set[str] = set()  # Teams user ids (29:…) without a 1:1 chat
        self.throttled = 0  # 429s this connector answered because of its own limits
        self.tenant_throttled = 0  # of which because of the tenant's requests per second
        self.in_flight: Counter[str] = Counter()  # conversation id -> sends being handled
        self.most_in_flight = 0
        self.most_in_flight_to_one_conversation = 0
        self._history: dict[str, deque[float]] = defaultdict(deque)
        self._tenant_history: deque[float] = deque()
        self._targeted: list[tuple[str, Fault]] = []
        self.gone: dict[str, tuple[int, str]] = {}  # conversation id -> (status, code), always
        self.chats: dict[str, str] = {}  # Teams user id -> their existing 1:1 chat id
        self.send_attempts: Counter[str] = Counter()  # conversation id -> POSTs, failed too
        self.accepted_at: list[float] = []  # monotonic moments of the sends answered 2xx

    async def start(self) -> None:
        # No access log line per request: at 50 requests a second on a busy test machine
        # it costs the connector enough CPU to blur the arrival times it measures.
        self._server = TestServer(self.application(), host="127.0.0.1", access_log=None)
        await self._server.start_server()

    def fail_with_code(
        self,
        status: int,
        code: str,
        *,
        times: int = 1,
        conversation_id: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        for _ in range(times):
            fault = Fault(status=status, headers=headers, body={"error": {"code": code}})
            if conversation_id is None:
                self.faults.append(fault)
            else:
                self._targeted.append((conversation_id, fault))

    def _targeted_fault(self, conversation_id: str) -> web.Response | None:
        for index, (cid, fault) in enumerate(self._targeted):
            if cid == conversation_id:
                del self._targeted[index]
                return web.json_response(fault.body, status=fault.status, headers=fault.headers)
        return None

    def _over_limit(self, conversation_id: str) -> float | None:
        now = time.monotonic()
        history = self._history[conversation_id]
        while history and now - history[0] > max(w for _, w in TEAMS_WINDOWS):
            history.popleft()
        for amount, window in TEAMS_WINDOWS:
            recent = [t for t in history if now - t < window]
            if len(recent) >= amount:
                return window - (now - recent[0])
        history.append(now)
        return None

    def _tenant_over_limit(self) -> float | None:
        amount, window = TENANT_WINDOW
        now = time.monotonic()
        history = self._tenant_history
        while history and now - history[0] >= window:
            history.popleft()
        if len(history) >= amount:
            return window - (now - history[0])
        history.append(now)
        return None

    async def _send(self, request: web.Request) -> web.Response:
        conversation_id = request.match_info["cid"]
        self.send_attempts[conversation_id] += 1
        if conversation_id in self.gone:
            status, code = self.gone[conversation_id]
            return web.json_response({"error": {"code": code}}, status=status)
        if (fault := self._targeted_fault(conversation_id)) is not None:
            return fault
        if self.enforce_tenant_limit and (wait := self._tenant_over_limit()) is not None:
            self.tenant_throttled += 1
            return self._too_many(wait + 0.5)
        if self.enforce_rate_limits and (wait := self._over_limit(conversation_id)) is not None:
            return self._too_many(wait)
        self.in_flight[conversation_id] += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight.total())
        self.most_in_flight_to_one_conversation = max(
            self.most_in_flight_to_one_conversation, self.in_flight[conversation_id]
        )
        await request.read()  # received in full: from here on, Teams posts it
        handling = asyncio.ensure_future(self._deliver(request))
        try:
            # Shielded: a sender that dies mid-request (SIGKILL) does not unsend it.
            return await asyncio.shield(handling)
        finally:
            if handling.done():
                self.in_flight[conversation_id] -= 1
            else:
                handling.add_done_callback(lambda _: self.in_flight.subtract([conversation_id]))

    async def _deliver(self, request: web.Request) -> web.Response:
        if self.send_delay:
            await asyncio.sleep(self.send_delay)
        response = await super()._send(request)
        if response.status < 300:
            self.accepted_at.append(time.monotonic())
        return response

    def _too_many(self, wait: float) -> web.Response:
        self.throttled += 1
        return web.json_response(
            {"error": {"code": "TooManyRequests"}},
            status=429,
            headers={"Retry-After": str(max(1, round(wait)))},
        )

    async def _update(self, request: web.Request) -> web.Response:
        if (fault := self._targeted_fault(request.match_info["cid"])) is not None:
            return fault
        return await super()._update(request)

    async def _create_conversation(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = await request.json()
        members = {m.get("id") for m in body.get("members") or []}
        if members & self.unreachable_users:
            self.calls.append(Call("POST", request.path, body, None))
            return web.json_response({"error": {"code": "BotNotInConversationRoster"}}, status=403)
        existing = [self.chats[m] for m in members if m in self.chats]
        if existing:
            self.calls.append(Call("POST", request.path, body, existing[0]))
            return web.json_response({"id": existing[0], "serviceUrl": self.url})
        return await super()._create_conversation(request)

    def created_conversations(self) -> list[dict[str, Any]]:
        return [c.body for c in self.calls if c.method == "POST" and c.path == "/v3/conversations"]
