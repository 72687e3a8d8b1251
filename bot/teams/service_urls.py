"""Which Bot Connector addresses the bot may call: one policy for replies within a turn
(bot/teams/connector_cache.py) and for proactive sends (bot/teams/proactive.py).

An activity names its own `serviceUrl`, and the bot sends its replies there with its
credentials. Without a check anyone who reaches /api/messages could make the bot call
any host (in local mode nothing authenticates the request at all). So:

- In production (MicrosoftAppId set) only Microsoft's Bot Connector hosts are allowed
  (`ALLOWED_SERVICE_URLS` replaces that list), and within a turn only the URL in the
  validated token's `serviceurl` claim: a token issued for one connector cannot direct
  the bot to another.
- In local mode (no app id) loopback addresses (127.0.0.0/8, ::1, localhost) are
  allowed, plus whatever `ALLOWED_SERVICE_URLS` lists.

Entries are URL prefixes: scheme, host and port must match exactly, the path must start
with the entry's path. The check is on the parsed URL, so "https://smba.trafficmanager.
net@evil.example/" or "https://smba.trafficmanager.net.evil.example/" do not pass.
Refusals are logged by the caller as a WARNING with code `service_url.refused`, without
the URL (it is client-supplied).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

# Teams' Bot Connector endpoints: the global one (regional paths such as /amer/, /emea/,
# /teams/) and the government clouds (GCC, GCC High, DoD), as Microsoft documents them.
MICROSOFT_SERVICE_URLS: tuple[str, ...] = (
    "https://smba.trafficmanager.net/",
    "https://smba.infra.gcc.teams.microsoft.com/",
    "https://smba.infra.gov.teams.microsoft.us/",
    "https://smba.infra.dod.teams.microsoft.us/",
)
REFUSED_CODE = "service_url.refused"


class ServiceUrlNotAllowed(PermissionError):
    """The bot would call a serviceUrl outside the policy; carries no part of the URL."""

    def __init__(self) -> None:
        super().__init__("serviceUrl not allowed")


@dataclass(frozen=True)
class _Prefix:
    scheme: str
    host: str
    port: int
    path: str


def _port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def _parse(url: str) -> SplitResult | None:
    try:
        parts = urlsplit(url.strip())
        _port(parts)
    except (ValueError, AttributeError):
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    return parts


def _prefix(url: str) -> _Prefix:
    parts = _parse(url)
    if parts is None or parts.hostname is None:
        raise ValueError("ALLOWED_SERVICE_URLS entries must be http(s) URLs")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return _Prefix(parts.scheme, parts.hostname.lower(), _port(parts), path)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ServiceUrlPolicy:
    def __init__(
        self, prefixes: tuple[str, ...], *, allow_loopback: bool, require_token_claim: bool
    ) -> None:
        self._prefixes = tuple(_prefix(p) for p in prefixes)
        self._allow_loopback = allow_loopback
        self._require_token_claim = require_token_claim

    @classmethod
    def for_mode(cls, allowed: tuple[str, ...], *, local_mode: bool) -> ServiceUrlPolicy:
        if local_mode:
            return cls(allowed, allow_loopback=True, require_token_claim=False)
        return cls(
            allowed or MICROSOFT_SERVICE_URLS, allow_loopback=False, require_token_claim=True
        )

    def allows(self, url: object) -> bool:
        """Whether the bot may call `url` at all (proactive sends check only this)."""
        if not isinstance(url, str):
            return False
        parts = _parse(url)
        if parts is None or parts.hostname is None:
            return False
        host = parts.hostname.lower()
        if self._allow_loopback and _is_loopback(host):
            return True
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return any(
            p.scheme == parts.scheme
            and p.host == host
            and p.port == _port(parts)
            and path.startswith(p.path)
            for p in self._prefixes
        )

    def allows_in_turn(self, url: object, token_service_url: object) -> bool:
        """Within a turn: allowed, and in production the validated token's serviceurl
        claim (botbuilder compares it too; this keeps the rule whatever botbuilder does)."""
        if not self.allows(url):
            return False
        if not self._require_token_claim:
            return True
        return (
            isinstance(url, str)
            and isinstance(token_service_url, str)
            and (_same_url(url, token_service_url))
        )


def _same_url(a: str, b: str) -> bool:
    # Teams sends the claim and the activity's serviceUrl identically; tolerate only a
    # trailing slash and the host's letter case.
    left, right = _parse(a), _parse(b)
    if left is None or right is None:
        return False
    return (
        left.scheme == right.scheme
        and (left.hostname or "").lower() == (right.hostname or "").lower()
        and _port(left) == _port(right)
        and left.path.rstrip("/") == right.path.rstrip("/")
    )
