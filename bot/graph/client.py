"""Microsoft Graph client: an app-only token from msal's client-credentials flow, and
JSON requests that survive Graph's usual failures.

msal keeps the token in its in-memory cache and hands out the cached one until it is
about to expire, then fetches a new one, so one client per process means one token
request per hour, not one per call. msal is synchronous (requests), so token calls run
in a worker thread. Graph answers 429 and 503 under load with a Retry-After header;
those and other 5xx are retried with that delay (or exponential backoff with jitter),
401 once after dropping the cached token; everything else raises `GraphError`, which
carries only the status and Graph's error code (never a response body).

Collections (`collect`) come in pages linked by `@odata.nextLink`, an absolute URL that
Graph chooses. The client follows it only when it stays under the configured Graph base
URL (same scheme, host and port, below the same version path, no dot segments), so a
tampered or misdirected link never receives the bearer token; anything else, or more
than MAX_PAGES pages, fails the whole read as a `GraphError` rather than hand back part
of a list.
"""

from __future__ import annotations

import asyncio
import logging
import random
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import aiohttp
import msal
import requests
from yarl import URL

log = logging.getLogger(__name__)

DEFAULT_AUTHORITY = "https://login.microsoftonline.com"
DEFAULT_GRAPH_URL = "https://graph.microsoft.com/v1.0"
SCOPES = ["https://graph.microsoft.com/.default"]
RETRYABLE = frozenset({429, 500, 502, 503, 504})
# Pages of one collection. Graph's attendance pages hold some hundred records and these
# groups are a few dozen people; a longer chain is a fault (a loop), not a meeting.
MAX_PAGES = 20
MAX_LINK_LENGTH = 4096


@dataclass(frozen=True)
class GraphConfig:
    client_id: str
    client_secret: str
    tenant_id: str
    authority_url: str = DEFAULT_AUTHORITY
    graph_url: str = DEFAULT_GRAPH_URL

    @classmethod
    def from_settings(cls, settings: Any) -> GraphConfig | None:
        """None when Graph is not configured (GRAPH_CLIENT_ID empty)."""
        if not settings.graph_client_id:
            return None
        return cls(
            client_id=settings.graph_client_id,
            client_secret=settings.graph_client_secret,
            tenant_id=settings.graph_tenant_id or "organizations",
            authority_url=settings.graph_authority_url or DEFAULT_AUTHORITY,
            graph_url=settings.graph_base_url or DEFAULT_GRAPH_URL,
        )


class GraphError(Exception):
    """A Graph call that failed for good; `status` and `code` are safe to log."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(f"graph error {status} {code}")
        self.status = status
        self.code = code


Sleep = Callable[[float], Awaitable[None]]


def parse_graph_time(value: object) -> datetime | None:
    """A Graph timestamp as an aware UTC datetime; None for a missing or malformed one and
    for Graph's "never" (year 1)."""
    if not isinstance(value, str) or value.startswith("0001-"):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class GraphClient:
    def __init__(
        self,
        config: GraphConfig,
        *,
        http: aiohttp.ClientSession,
        ssl_context: ssl.SSLContext | None = None,
        token_http: requests.Session | None = None,
        max_attempts: int = 4,
        max_delay: float = 60.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._config = config
        self._token_http = token_http
        # Built on first use, in a worker thread: msal discovers the authority over HTTP
        # in its constructor, which must not block the event loop.
        self._app: msal.ConfidentialClientApplication | None = None
        self._base = config.graph_url.rstrip("/")
        self._http = http
        self._ssl = ssl_context
        self._max_attempts = max_attempts
        self._max_delay = max_delay
        self._sleep = sleep
        # One token fetch at a time: msal's cache is thread-safe, but concurrent misses
        # would each ask the token endpoint.
        self._token_lock = asyncio.Lock()

    def _build_app(self) -> msal.ConfidentialClientApplication:
        config = self._config
        authority = config.authority_url.rstrip("/")
        custom_authority = authority != DEFAULT_AUTHORITY
        return msal.ConfidentialClientApplication(
            config.client_id,
            client_credential=config.client_secret,
            authority=f"{authority}/{config.tenant_id}",
            # A sovereign cloud or a test stand-in is not in Microsoft's instance list.
            validate_authority=not custom_authority,
            instance_discovery=False if custom_authority else None,
            http_client=self._token_http,
        )

    def _acquire(self) -> dict[str, Any]:
        if self._app is None:
            self._app = self._build_app()
        result = self._app.acquire_token_for_client(scopes=SCOPES)
        return result if isinstance(result, dict) else {}

    async def _token(self) -> str:
        async with self._token_lock:
            try:
                result = await asyncio.to_thread(self._acquire)
            except (ValueError, requests.RequestException) as error:
                # Discovery failed (unreachable or unknown authority).
                raise GraphError(0, "authority_unreachable") from error
        token = result.get("access_token") if isinstance(result, dict) else None
        if not token:
            code = str(result.get("error", "no_token")) if isinstance(result, dict) else "no_token"
            raise GraphError(401, code[:32])
        return str(token)

    def _forget_token(self) -> None:
        if self._app is not None:
            self._app.remove_tokens_for_client()

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None:
            try:
                return min(max(float(retry_after), 0.0), self._max_delay)
            except ValueError:
                pass  # an HTTP date; fall back to backoff
        backoff = min(2.0 ** (attempt - 1), self._max_delay)
        return float(backoff * (0.5 + random.random() / 2))

    # ---- for callers that stream a response themselves (file downloads) ----------------
    def url(self, path: str) -> str:
        return f"{self._base}{path}"

    @property
    def ssl(self) -> ssl.SSLContext | bool:
        return self._ssl if self._ssl is not None else True

    async def authorization(self) -> dict[str, str]:
        """The Authorization header for one Graph call (msal's cached app-only token)."""
        return {"Authorization": f"Bearer {await self._token()}"}

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        return await self._send(method, f"{self._base}{path}", json=json, params=params)

    async def collect(
        self,
        path: str,
        *,
        params: dict[str, str] | None = None,
        max_pages: int = MAX_PAGES,
    ) -> list[dict[str, Any]]:
        """Every object of a Graph collection (its `value`), page after page."""
        items: list[dict[str, Any]] = []
        target: str | URL = f"{self._base}{path}"
        for _ in range(max_pages):
            page = await self._send("GET", target, params=params)
            value = page.get("value")
            if isinstance(value, list):
                items += [item for item in value if isinstance(item, dict)]
            link = page.get("@odata.nextLink")
            if link is None:
                return items
            # The link carries its own query ($skiptoken); sent as Graph wrote it.
            target, params = self._next_page(link), None
        log.warning("graph collection longer than %d pages", max_pages)
        raise GraphError(502, "too_many_pages")

    def _next_page(self, link: object) -> URL:
        base = urlsplit(self._base)
        if isinstance(link, str) and len(link) <= MAX_LINK_LENGTH:
            target = urlsplit(link)
            segments = unquote(target.path).split("/")
            if (
                target.scheme.lower() == base.scheme.lower()
                and target.netloc.lower() == base.netloc.lower()
                and target.path.startswith(f"{base.path}/")
                and not {".", ".."} & set(segments)
                and not target.fragment
            ):
                return URL(link, encoded=True)
        # Only the fact is logged: the link itself is Graph's (or an attacker's) text.
        log.warning("graph next page link refused: not under the configured Graph URL")
        raise GraphError(502, "foreign_next_link")

    async def _send(
        self,
        method: str,
        url: str | URL,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        refreshed = False
        status, code = 0, "unknown"
        for attempt in range(1, self._max_attempts + 1):
            token = await self._token()
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            async with self._http.request(
                method,
                url,
                json=json,
                params=params,
                headers=headers,
                ssl=self._ssl if self._ssl is not None else True,
                timeout=aiohttp.ClientTimeout(total=30),
                # A redirect would carry the token to wherever it points.
                allow_redirects=False,
            ) as response:
                status = response.status
                if status < 300:
                    if status == 204:
                        return {}
                    body = await response.json(content_type=None)
                    return body if isinstance(body, dict) else {}
                code = await _error_code(response)
                retry_after = response.headers.get("Retry-After")
            log.warning("graph call failed status=%s code=%s attempt=%d", status, code, attempt)
            if status == 401 and not refreshed:
                refreshed = True
                self._forget_token()
                continue
            if status in RETRYABLE and attempt < self._max_attempts:
                await self._sleep(self._delay(attempt, retry_after))
                continue
            break
        raise GraphError(status, code)


async def _error_code(response: aiohttp.ClientResponse) -> str:
    try:
        body = await response.json(content_type=None)
    except (ValueError, aiohttp.ContentTypeError):
        return f"http_{response.status}"
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return str(code)[:32] if code else f"http_{response.status}"
