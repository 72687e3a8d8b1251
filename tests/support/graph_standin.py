"""A loopback stand-in for Microsoft Entra ID (the token endpoint msal talks to) and the
Microsoft Graph calendar API, served over HTTPS on 127.0.0.1 with a throw-away CA
(msal refuses authorities that are not https).

It issues client-credentials tokens, checks them on every Graph call, stores created
events (deduplicated by transactionId, as Graph does), lets a test set attendees'
answers, and can inject failures (429 with Retry-After, 5xx, 401) before Graph calls.

Collections (attendance reports and records) come in pages of `page_size` objects when a
test sets it, linked by an absolute `@odata.nextLink` with an opaque, percent-encoded
`$skiptoken`, as Graph does; `next_link_base` makes those links point somewhere else (a
test of the client refusing them). `hosts` records the Host of every Graph call.
"""

from __future__ import annotations

import itertools
import os
import ssl
import tempfile
from dataclasses import dataclass, field
from typing import Any

import requests
import trustme
from aiohttp import web

TENANT = "5f2a1c3e-7b8d-4e6f-9a0b-1c2d3e4f5a6b"
CLIENT_ID = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"
CLIENT_SECRET = "loopback-secret"


@dataclass
class GraphFault:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    path: str | None = None  # only calls whose path contains this; None: the next call
    method: str | None = None  # only calls with this method; None: any


class GraphStandIn:
    def __init__(self) -> None:
        self._ca = trustme.CA()
        self._cert = self._ca.issue_cert("127.0.0.1", "localhost")
        self._ca_file = tempfile.NamedTemporaryFile(suffix=".pem", delete=False)  # noqa: SIM115
        self._ca.cert_pem.write_to_path(self._ca_file.name)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._ids = itertools.count(1)
        self.token_requests = 0
        self.expires_in = 3600
        self.valid_tokens: set[str] = set()
        self.events: dict[str, dict[str, Any]] = {}
        # Every PATCH of an event: (event id, the properties sent).
        self.event_updates: list[tuple[str, dict[str, Any]]] = []
        self.graph_calls: list[tuple[str, str]] = []
        self.hosts: list[str] = []
        self.page_size: int | None = None
        self.next_link_base: str | None = None
        self.faults: list[GraphFault] = []
        # Files shared in channels, by their SharePoint URL (minutes files, issue #14).
        self.shared_files: dict[str, bytes] = {}
        # Teams meetings by id, each with the organiser ("user") it was made for, and
        # their attendance reports: meeting id -> [(report, records)].
        self.online_meetings: dict[str, dict[str, Any]] = {}
        self.attendance_reports: dict[str, list[tuple[dict[str, Any], list[dict[str, Any]]]]] = {}

    # ---- lifecycle ---------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._discovery)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_post("/v1.0/users/{mailbox}/events", self._create_event)
        app.router.add_get("/v1.0/users/{mailbox}/events/{event_id}", self._get_event)
        app.router.add_patch("/v1.0/users/{mailbox}/events/{event_id}", self._update_event)
        app.router.add_post(
            "/v1.0/users/{user}/onlineMeetings/createOrGet", self._create_online_meeting
        )
        app.router.add_get(
            "/v1.0/users/{user}/onlineMeetings/{meeting}/attendanceReports", self._reports
        )
        app.router.add_get(
            "/v1.0/users/{user}/onlineMeetings/{meeting}/attendanceReports/{report}/attendanceRecords",
            self._records,
        )
        app.router.add_get("/v1.0/shares/{share}/driveItem/content", self._share_content)
        app.router.add_get("/download/{share}", self._download)
        server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._cert.configure_cert(server_context)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=server_context)
        await site.start()
        [address] = self._runner.addresses
        self.port = int(address[1])

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        os.unlink(self._ca_file.name)

    # ---- what the bot needs to trust and reach it -----------------------------------------
    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def graph_url(self) -> str:
        return f"{self.base}/v1.0"

    def client_ssl(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        self._ca.configure_trust(context)
        return context

    def token_http(self) -> requests.Session:
        session = requests.Session()
        # Otherwise REQUESTS_CA_BUNDLE (and proxy variables) from the environment win.
        session.trust_env = False
        session.verify = self._ca_file.name
        return session

    # ---- test controls -------------------------------------------------------------------
    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        retry_after: int | None = None,
        path: str | None = None,
        method: str | None = None,
    ) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.faults.extend(GraphFault(status, headers, path, method) for _ in range(times))

    def revoke_tokens(self) -> None:
        self.valid_tokens.clear()

    def answer(self, event_id: str, address: str, response: str, time: str) -> None:
        for attendee in self.events[event_id]["attendees"]:
            if attendee["emailAddress"]["address"].casefold() == address.casefold():
                attendee["status"] = {"response": response, "time": time}
                return
        raise KeyError(address)

    # ---- Entra ID ------------------------------------------------------------------------
    async def _discovery(self, request: web.Request) -> web.Response:
        tenant = request.match_info["tenant"]
        return web.json_response(
            {
                "issuer": f"{self.base}/{tenant}/v2.0",
                "authorization_endpoint": f"{self.base}/{tenant}/oauth2/v2.0/authorize",
                "token_endpoint": f"{self.base}/{tenant}/oauth2/v2.0/token",
            }
        )

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if (
            form.get("grant_type") != "client_credentials"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or request.match_info["tenant"] != TENANT
        ):
            return web.json_response({"error": "invalid_client"}, status=401)
        self.token_requests += 1
        token = f"token-{next(self._ids)}"
        self.valid_tokens.add(token)
        return web.json_response(
            {"access_token": token, "token_type": "Bearer", "expires_in": self.expires_in}
        )

    # ---- Graph ---------------------------------------------------------------------------
    def _guard(self, request: web.Request) -> web.Response | None:
        self.graph_calls.append((request.method, request.path))
        self.hosts.append(request.host)
        fault = next(
            (
                f
                for f in self.faults
                if (f.path is None or f.path in request.path)
                and (f.method is None or f.method == request.method)
            ),
            None,
        )
        if fault is not None:
            self.faults.remove(fault)
            return web.json_response(
                {"error": {"code": f"fault{fault.status}", "message": "injected"}},
                status=fault.status,
                headers=fault.headers,
            )
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.valid_tokens:
            return web.json_response({"error": {"code": "InvalidAuthenticationToken"}}, status=401)
        return None

    async def _create_event(self, request: web.Request) -> web.Response:
        if (refusal := self._guard(request)) is not None:
            return refusal
        body = await request.json()
        for event in self.events.values():
            if event["transactionId"] == body.get("transactionId"):
                return web.json_response(event, status=201)
        event_id = f"event-{next(self._ids)}"
        event = {
            **body,
            "id": event_id,
            "mailbox": request.match_info["mailbox"],
            "attendees": [
                {**a, "status": {"response": "none", "time": "0001-01-01T00:00:00Z"}}
                for a in body.get("attendees", [])
            ],
        }
        self.events[event_id] = event
        return web.json_response(event, status=201)

    def _event(self, request: web.Request) -> dict[str, Any] | web.Response:
        """The event the path names, or the refusal to send instead."""
        if (refusal := self._guard(request)) is not None:
            return refusal
        event = self.events.get(request.match_info["event_id"])
        if event is None or event["mailbox"] != request.match_info["mailbox"]:
            return web.json_response({"error": {"code": "ErrorItemNotFound"}}, status=404)
        return event

    async def _get_event(self, request: web.Request) -> web.Response:
        event = self._event(request)
        if isinstance(event, web.Response):
            return event
        return web.json_response({"id": event["id"], "attendees": event["attendees"]})

    async def _update_event(self, request: web.Request) -> web.Response:
        event = self._event(request)
        if isinstance(event, web.Response):
            return event
        body = await request.json()
        if not isinstance(body, dict) or {"id", "transactionId", "mailbox"} & body.keys():
            return web.json_response({"error": {"code": "ErrorInvalidProperty"}}, status=400)
        self.event_updates.append((event["id"], body))
        event.update(body)
        return web.json_response(event)

    # ---- Teams online meetings and their attendance reports -------------------------------
    def add_attendance_report(
        self, meeting_id: str, start: str, end: str, records: list[dict[str, Any]]
    ) -> None:
        """A report as Teams makes it after a meeting; `records` in Graph's shape."""
        reports = self.attendance_reports.setdefault(meeting_id, [])
        report = {
            "id": f"report-{len(reports) + 1}",
            "meetingStartDateTime": start,
            "meetingEndDateTime": end,
            "totalParticipantCount": len(records),
        }
        reports.append((report, records))

    async def _create_online_meeting(self, request: web.Request) -> web.Response:
        if (refusal := self._guard(request)) is not None:
            return refusal
        body = await request.json()
        if not body.get("externalId"):
            return web.json_response({"error": {"code": "BadRequest"}}, status=400)
        for meeting in self.online_meetings.values():  # createOrGet: one per externalId
            if meeting["externalId"] == body["externalId"]:
                return web.json_response(meeting, status=200)
        meeting_id = f"MSo{next(self._ids)}_meeting=="
        meeting = {
            **body,
            "id": meeting_id,
            "user": request.match_info["user"],
            "joinWebUrl": f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{meeting_id}",
        }
        self.online_meetings[meeting_id] = meeting
        return web.json_response(meeting, status=201)

    def _online_meeting(self, request: web.Request) -> dict[str, Any] | None:
        meeting = self.online_meetings.get(request.match_info["meeting"])
        if meeting is None or meeting["user"] != request.match_info["user"]:
            return None
        return meeting

    async def _reports(self, request: web.Request) -> web.Response:
        if (refusal := self._guard(request)) is not None:
            return refusal
        if self._online_meeting(request) is None:
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        reports = self.attendance_reports.get(request.match_info["meeting"], [])
        return self._page(request, [report for report, _ in reports])

    async def _records(self, request: web.Request) -> web.Response:
        if (refusal := self._guard(request)) is not None:
            return refusal
        if self._online_meeting(request) is None:
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        for report, records in self.attendance_reports.get(request.match_info["meeting"], []):
            if report["id"] == request.match_info["report"]:
                return self._page(request, records)
        return web.json_response({"error": {"code": "NotFound"}}, status=404)

    def _page(self, request: web.Request, items: list[dict[str, Any]]) -> web.Response:
        token = request.query.get("$skiptoken")
        if token is not None and not (token.endswith("==") and token[:-2].isdigit()):
            return web.json_response({"error": {"code": "BadRequest"}}, status=400)
        start = int(token[:-2]) if token else 0
        size = self.page_size or max(len(items), 1)
        body: dict[str, Any] = {"value": items[start : start + size]}
        if start + size < len(items):
            base = self.next_link_base or self.graph_url
            path = request.raw_path.split("?")[0].removeprefix("/v1.0")
            # "==" written as %3D%3D: the client must send the link as Graph wrote it.
            body["@odata.nextLink"] = f"{base}{path}?$skiptoken={start + size}%3D%3D"
        return web.json_response(body)

    # ---- shared files (driveItem content through a sharing URL) ----------------------------
    def _shared(self, share: str) -> bytes | None:
        import base64

        if not share.startswith("u!"):
            return None
        encoded = share[2:] + "=" * (-len(share[2:]) % 4)
        url = base64.urlsafe_b64decode(encoded).decode("utf-8")
        return self.shared_files.get(url)

    async def _share_content(self, request: web.Request) -> web.Response:
        """As Graph does: 302 to a pre-authenticated download URL."""
        if (refusal := self._guard(request)) is not None:
            return refusal
        share = request.match_info["share"]
        if self._shared(share) is None:
            return web.json_response({"error": {"code": "itemNotFound"}}, status=404)
        raise web.HTTPFound(f"{self.base}/download/{share}")

    async def _download(self, request: web.Request) -> web.Response:
        self.graph_calls.append((request.method, request.path))
        if "Authorization" in request.headers:
            # The pre-authenticated URL must not receive the Graph token.
            return web.json_response({"error": {"code": "tokenLeaked"}}, status=400)
        data = self._shared(request.match_info["share"])
        return web.Response(body=data) if data is not None else web.Response(status=404)
