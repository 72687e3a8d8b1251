"""A loopback Bot Connector: the REST API the bot calls, served on 127.0.0.1 by the tests.

It records every call the bot makes (sends, replies, updates, member look-ups, created
conversations) and can inject failures (429 with Retry-After, 5xx, 403, 404) so tests
see the bot through its real network boundary instead of a patched `send_activity`.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass
class Call:
    method: str
    path: str
    body: Any
    conversation_id: str | None = None
    activity_id: str | None = None


@dataclass
class Fault:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)


class LoopbackConnector:
    def __init__(self, host: str = "127.0.0.1") -> None:
        # Another loopback address (127.0.0.2) makes a canary: a connector the bot must not call.
        self.host = host
        self.calls: list[Call] = []
        # conversation or team id -> member accounts as Teams returns them
        self.members: dict[str, list[dict[str, Any]]] = {}
        self.faults: list[Fault] = []
        self.page_size_cap = 2  # small pages so paging is always exercised
        self._ids = itertools.count(1)
        self._server: TestServer | None = None
        self.changed = asyncio.Event()

    # ---- lifecycle -------------------------------------------------------------------
    async def start(self) -> None:
        self._server = TestServer(self.application(), host=self.host)
        await self._server.start_server()

    def application(self) -> web.Application:
        """The connector's REST API as an aiohttp app (also served alone by bench/)."""
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_post("/v3/conversations/{cid}/activities", self._send)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._send)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        app.router.add_delete("/v3/conversations/{cid}/activities/{aid}", self._delete)
        app.router.add_get("/v3/conversations/{cid}/members", self._members)
        app.router.add_get("/v3/conversations/{cid}/pagedmembers", self._paged_members)
        app.router.add_get("/v3/conversations/{cid}/members/{uid}", self._member)
        app.router.add_get("/v3/teams/{tid}", self._team)
        app.router.add_get("/v3/teams/{tid}/conversations", self._channels)
        return app

    async def close(self) -> None:
        if self._server:
            await self._server.close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return str(self._server.make_url("")).rstrip("/") + "/"

    # ---- what the bot sent -------------------------------------------------------------
    def sent(self, conversation_id: str | None = None) -> list[dict[str, Any]]:
        """Activities the bot posted (sends and replies), optionally in one conversation."""
        return [
            c.body
            for c in self.calls
            if c.method == "POST"
            and c.activity_id is not None
            and c.body.get("type") == "message"
            and (conversation_id is None or c.conversation_id == conversation_id)
        ]

    def updates(self) -> list[Call]:
        return [c for c in self.calls if c.method == "PUT"]

    def cards(self, conversation_id: str | None = None) -> list[dict[str, Any]]:
        return [
            a["content"]
            for activity in self.sent(conversation_id)
            for a in activity.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]

    def posted_cards(self) -> list[tuple[str, dict[str, Any]]]:
        """(activity id, card) for every card the bot posted, in order."""
        return [
            (call.activity_id, attachment["content"])
            for call in self.calls
            if call.method == "POST"
            and call.activity_id is not None
            and isinstance(call.body, dict)
            for attachment in call.body.get("attachments") or []
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]

    def updated_cards(self, activity_id: str | None = None) -> list[dict[str, Any]]:
        """Cards the bot replaced in place (update activity), optionally of one activity."""
        return [
            attachment["content"]
            for call in self.updates()
            if activity_id is None or call.activity_id == activity_id
            for attachment in call.body.get("attachments") or []
        ]

    def texts(self, conversation_id: str | None = None) -> list[str]:
        return [a.get("text") or "" for a in self.sent(conversation_id)]

    def clear(self) -> None:
        self.calls.clear()

    def fail_next(self, status: int, *, times: int = 1, retry_after: int | None = None) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        for _ in range(times):
            self.faults.append(
                Fault(status=status, headers=headers, body={"error": {"code": str(status)}})
            )

    # ---- handlers ------------------------------------------------------------------------
    def _fault(self) -> web.Response | None:
        if not self.faults:
            return None
        fault = self.faults.pop(0)
        return web.json_response(fault.body, status=fault.status, headers=fault.headers)

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self.changed.set()

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (fault := self._fault()) is not None:
            return fault
        activity_id = f"activity-{next(self._ids)}"
        self._record(
            Call("POST", request.path, body, request.match_info["cid"], activity_id=activity_id)
        )
        return web.json_response({"id": activity_id})

    async def _update(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (fault := self._fault()) is not None:
            return fault
        aid = request.match_info["aid"]
        self._record(Call("PUT", request.path, body, request.match_info["cid"], activity_id=aid))
        return web.json_response({"id": aid})

    async def _delete(self, request: web.Request) -> web.Response:
        self._record(Call("DELETE", request.path, None, request.match_info["cid"]))
        return web.Response(status=200)

    async def _create_conversation(self, request: web.Request) -> web.Response:
        body = await request.json()
        if (fault := self._fault()) is not None:
            return fault
        conversation_id = f"a:created-{next(self._ids)}"
        self._record(Call("POST", request.path, body, conversation_id))
        return web.json_response({"id": conversation_id, "serviceUrl": self.url})

    def _roster(self, key: str) -> list[dict[str, Any]]:
        # Teams answers member look-ups for a channel thread ('…;messageid=…') too.
        return self.members.get(key.split(";messageid=", 1)[0], [])

    async def _members(self, request: web.Request) -> web.Response:
        self._record(Call("GET", request.path, None, request.match_info["cid"]))
        return web.json_response(self._roster(request.match_info["cid"]))

    async def _paged_members(self, request: web.Request) -> web.Response:
        self._record(Call("GET", request.path, None, request.match_info["cid"]))
        if (fault := self._fault()) is not None:
            return fault
        roster = self._roster(request.match_info["cid"])
        size = min(int(request.query.get("pageSize", "100")), self.page_size_cap)
        start = int(request.query.get("continuationToken") or 0)
        page = roster[start : start + size]
        body: dict[str, Any] = {"members": page}
        if start + size < len(roster):
            body["continuationToken"] = str(start + size)
        return web.json_response(body)

    async def _member(self, request: web.Request) -> web.Response:
        self._record(Call("GET", request.path, None, request.match_info["cid"]))
        uid = request.match_info["uid"]
        for member in self._roster(request.match_info["cid"]):
            if uid in (member.get("id"), member.get("aadObjectId")):
                return web.json_response(member)
        return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)

    async def _team(self, request: web.Request) -> web.Response:
        tid = request.match_info["tid"]
        return web.json_response({"id": tid, "name": "Samverkansgruppen", "aadGroupId": "g-1"})

    async def _channels(self, request: web.Request) -> web.Response:
        tid = request.match_info["tid"]
        return web.json_response({"conversations": [{"id": tid, "name": None}]})
