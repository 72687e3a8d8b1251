"""Files users send the bot: find them in the activity, download them, read them.

Where a file comes from decides how it is fetched:
- Personal chat (manifest `supportsFiles: true`): Teams uploads the file to the sender's
  OneDrive and sends an attachment of type `application/vnd.microsoft.teams.file.
  download.info` whose `content.downloadUrl` is pre-authenticated and short-lived. It is
  fetched directly, with no token.
- Team channel (and group chat): the attachment is a `reference` to the file in
  SharePoint/OneDrive, which the bot cannot read with its Bot Framework identity. With
  Microsoft Graph configured (application permission Files.Read.All, or Sites.Read.All,
  admin-consented) it is fetched as `/shares/{encoded url}/driveItem/content`; without
  Graph the user is told to paste the text or use the personal chat.

What a download guarantees, and what it does not:
- Only https URLs on the hosts in FILE_DOWNLOAD_HOSTS (default sharepoint.com and its
  subdomains) are fetched, and Graph's redirect to the file is checked the same way; in
  local mode (no MicrosoftAppId, tests and the Agents Playground) loopback addresses too.
  Redirects are never followed blindly, so a crafted attachment cannot make the bot
  fetch from the internal network.
- At most MAX_BYTES are read: a Content-Length above it is refused before reading, and a
  body that grows past it while streaming is cut off (the connection is dropped).
- One timeout for the whole download (DOWNLOAD_TIMEOUT); no retries: the user is told to
  try again.
- Logs carry attachment kinds, sizes and outcome codes, never file names or URLs (both
  can carry personal names).
Reading (dialogs/text/minutes_files.py) runs in a worker thread: parsing a large PDF
must not stall the event loop.
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import logging
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
import requests
from botbuilder.schema import Activity

from bot.graph.client import GraphClient, GraphConfig, GraphError
from bot.settings import Settings
from dialogs.text.minutes_files import (
    MAX_BYTES,
    MinutesFileError,
    MinutesFileProblem,
    read_minutes_file,
)
from dialogs.turn import IncomingFile

log = logging.getLogger(__name__)

FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"
REFERENCE = "reference"
DOWNLOAD_TIMEOUT = 30.0
CHUNK = 64 * 1024
MAX_FILES = 5  # read at most this many per message; the flow answers "one at a time"

DOWNLOAD_FAILED = "minutes_file.download_failed"
CHANNEL_NEEDS_GRAPH = "minutes_file.channel_needs_graph"


@dataclass(frozen=True)
class FileAttachment:
    name: str
    # Personal chat: pre-authenticated, fetched without a token.
    download_url: str | None = None
    # Channel: a link to the file in SharePoint, fetched through Graph.
    shared_url: str | None = None


class _Refused(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def file_attachments(activity: Activity) -> list[FileAttachment]:
    """The files in a message (not its HTML body, cards or inline images)."""
    found: list[FileAttachment] = []
    for attachment in activity.attachments or []:
        kind = attachment.content_type or ""
        name = (attachment.name or "").strip()[:255] or "fil"
        content: dict[str, Any] = attachment.content if isinstance(attachment.content, dict) else {}
        if kind == FILE_DOWNLOAD_INFO:
            url = content.get("downloadUrl")
            found.append(FileAttachment(name, download_url=url if isinstance(url, str) else None))
        elif kind == REFERENCE:
            url = attachment.content_url
            found.append(FileAttachment(name, shared_url=url if isinstance(url, str) else None))
    return found


def share_id(url: str) -> str:
    """Graph's sharing-URL encoding: "u!" + unpadded base64url of the URL."""
    encoded = base64.urlsafe_b64encode(url.encode("utf-8")).decode("ascii")
    return "u!" + encoded.rstrip("=")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_allowed(url: str, settings: Settings) -> bool:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        return False
    if not host or parts.username or parts.password:
        return False
    if settings.local_mode and _is_loopback(host):
        return parts.scheme in ("http", "https")
    if parts.scheme != "https":
        return False
    return any(host == allowed or host.endswith("." + allowed) for allowed in settings.file_hosts)


class FileFetcher:
    """One per app: an aiohttp session (made in the running loop) and, when Graph is
    configured, one Graph client (msal caches its token)."""

    def __init__(
        self,
        settings: Settings,
        *,
        ssl_context: ssl.SSLContext | None = None,
        graph_token_http: requests.Session | None = None,
    ) -> None:
        self._settings = settings
        self._ssl = ssl_context
        self._graph_config = GraphConfig.from_settings(settings)
        self._graph_token_http = graph_token_http
        self._http: aiohttp.ClientSession | None = None
        self._graph: GraphClient | None = None

    def _session(self) -> aiohttp.ClientSession:
        if self._http is None:
            # trust_env=False: no proxy variables; the allow-list is the only way out.
            self._http = aiohttp.ClientSession(trust_env=False)
        return self._http

    def _graph_client(self) -> GraphClient | None:
        if self._graph_config is None:
            return None
        if self._graph is None:
            self._graph = GraphClient(
                self._graph_config,
                http=self._session(),
                ssl_context=self._ssl,
                token_http=self._graph_token_http,
            )
        return self._graph

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
        self._http, self._graph = None, None

    async def fetch(self, attachments: list[FileAttachment]) -> tuple[IncomingFile, ...]:
        return tuple([await self._one(a) for a in attachments[:MAX_FILES]])

    async def _one(self, attachment: FileAttachment) -> IncomingFile:
        try:
            data = await asyncio.wait_for(self._download(attachment), DOWNLOAD_TIMEOUT)
        except _Refused as refusal:
            return IncomingFile(name=attachment.name, error=refusal.key)
        except MinutesFileError as exc:
            log.info("file refused problem=%s", exc.problem.name)
            return IncomingFile(name=attachment.name, error=exc.key)
        except (TimeoutError, aiohttp.ClientError, GraphError, OSError) as exc:
            log.warning("file download failed error=%s", type(exc).__name__)
            return IncomingFile(name=attachment.name, error=DOWNLOAD_FAILED)
        try:
            read = await asyncio.to_thread(read_minutes_file, attachment.name, data)
        except MinutesFileError as exc:
            log.info("file not readable problem=%s bytes=%d", exc.problem.name, len(data))
            return IncomingFile(name=attachment.name, error=exc.key)
        log.info("file read bytes=%d chars=%d", len(data), len(read.text))
        return IncomingFile(name=attachment.name, text=read.text)

    async def _download(self, attachment: FileAttachment) -> bytes:
        if attachment.download_url:
            if not url_allowed(attachment.download_url, self._settings):
                log.warning("file download refused: host not allowed kind=download_info")
                raise _Refused(DOWNLOAD_FAILED)
            return await self._get(attachment.download_url, headers={})
        if attachment.shared_url:
            graph = self._graph_client()
            if graph is None:
                raise _Refused(CHANNEL_NEEDS_GRAPH)
            path = f"/shares/{share_id(attachment.shared_url)}/driveItem/content"
            return await self._get(graph.url(path), headers=await graph.authorization())
        raise _Refused(DOWNLOAD_FAILED)

    async def _get(self, url: str, *, headers: dict[str, str], hops: int = 3) -> bytes:
        """GET with a size cap; a redirect is followed only to an allowed host, and
        without the Authorization header (Graph redirects to a pre-authenticated URL)."""
        async with self._session().get(
            url,
            headers=headers,
            allow_redirects=False,
            ssl=self._ssl if self._ssl is not None else True,
            timeout=aiohttp.ClientTimeout(total=DOWNLOAD_TIMEOUT, sock_read=15),
        ) as response:
            if response.status in (301, 302, 303, 307, 308) and hops > 0:
                target = urljoin(url, response.headers.get("Location", ""))
                if not url_allowed(target, self._settings):
                    log.warning("file download refused: redirect to a host not allowed")
                    raise _Refused(DOWNLOAD_FAILED)
                redirected = True
            else:
                redirected = False
                if response.status != 200:
                    log.warning("file download failed status=%d", response.status)
                    raise _Refused(DOWNLOAD_FAILED)
                if response.content_length is not None and response.content_length > MAX_BYTES:
                    raise MinutesFileError(MinutesFileProblem.TOO_LARGE)
                data = bytearray()
                async for chunk in response.content.iter_chunked(CHUNK):
                    data += chunk
                    if len(data) > MAX_BYTES:
                        # Leaving the block unread drops the connection: the rest is
                        # never transferred.
                        response.close()
                        raise MinutesFileError(MinutesFileProblem.TOO_LARGE)
                return bytes(data)
        assert redirected
        return await self._get(target, headers={}, hops=hops - 1)
