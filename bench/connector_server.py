"""The loopback Bot Connector as its own process, for benchmarks.

`python -m bench.connector_server --port P [--teams-limits]` serves the connector REST
API the bot calls (the test suite's `RemindersConnector`) and, for the benchmark that
drives it, `GET /_stats`: how many sends, updates and 429s it saw, and the activity
ids (`{"seq": …}` in each card, when the benchmark put one there) it received per
conversation, to count lost and duplicated messages; `GET /_last/POST` and
`GET /_last/PUT`: the newest activity posted or updated (the card a benchmark clicks).

With `--teams-limits` it answers 429 + Retry-After like Teams when a conversation goes
over 7/1 s, 8/2 s or 60/30 s, or the tenant over 50 requests per second. Running it in a
process of its own keeps its CPU off the bot's event loop, as a real connector would be.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from typing import Any

from aiohttp import web

from tests.support.reminders_connector import RemindersConnector


class BenchConnector(RemindersConnector):
    """Counts instead of keeping every call (a benchmark sends thousands)."""

    def __init__(self, *, teams_limits: bool, port: int) -> None:
        super().__init__(enforce_rate_limits=teams_limits, enforce_tenant_limit=teams_limits)
        self._url = f"http://127.0.0.1:{port}/"
        self.teams_limits = teams_limits
        self.posts = 0
        self.puts = 0
        self.first_send: float | None = None
        self.last_send: float | None = None
        self.markers: Counter[str] = Counter()
        # The newest activity per method ("POST", "PUT") with its id: the card a benchmark
        # clicks on, and the card it finally shows.
        self.last_activity: dict[str, Any] = {}

    @property
    def url(self) -> str:
        return self._url

    def _record(self, call: Any) -> None:
        # Keep nothing but counters and markers: memory stays flat over a long run.
        now = time.monotonic()
        if call.method == "POST" and call.activity_id is not None:
            self.posts += 1
            self.first_send = self.first_send or now
            self.last_send = now
            marker = _marker(call.body)
            if marker is not None:
                self.markers[marker] += 1
            self.last_activity["POST"] = {"id": call.activity_id, "activity": call.body}
        elif call.method == "PUT":
            self.puts += 1
            self.last_activity["PUT"] = {"id": call.activity_id, "activity": call.body}
        self.changed.set()

    def stats(self) -> dict[str, Any]:
        span = (self.last_send or 0) - (self.first_send or 0)
        return {
            "posts": self.posts,
            "puts": self.puts,
            "throttled": self.throttled,
            "tenant_throttled": self.tenant_throttled,
            "send_span_seconds": span,
            "markers": dict(self.markers),
        }


def _marker(body: Any) -> str | None:
    """The benchmark's sequence marker: `seq` in the first card's data, if any."""
    if not isinstance(body, dict):
        return None
    for attachment in body.get("attachments") or []:
        content = attachment.get("content") or {}
        seq = (content.get("data") or {}).get("seq") if isinstance(content, dict) else None
        if seq is not None:
            return str(seq)
    text = body.get("text") or ""
    if text.startswith("seq:"):
        return text.split()[0][4:]
    return None


async def serve(port: int, teams_limits: bool) -> None:
    connector = BenchConnector(teams_limits=teams_limits, port=port)
    app = connector.application()

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response(connector.stats())

    async def last(request: web.Request) -> web.Response:
        return web.json_response(connector.last_activity.get(request.match_info["method"]))

    app.router.add_get("/_stats", stats)
    app.router.add_get("/_last/{method}", last)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--teams-limits", action="store_true")
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.teams_limits))


if __name__ == "__main__":
    main()
