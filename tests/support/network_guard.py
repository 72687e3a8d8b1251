"""Tests never send traffic outside 127.0.0.0/8: a fixture that makes any other address
fail before a packet leaves, and records the attempt so a test can assert there was none.

Every client in the process (requests/urllib3 for the connector and OpenID metadata,
aiohttp, asyncio) resolves its host through `socket.getaddrinfo`, IP literals included,
so refusing there covers them all; a name is refused before any DNS query.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest


def _loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class RemoteAttempts(list[str]):
    pass


@pytest.fixture
def remote_attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[RemoteAttempts]:
    attempts = RemoteAttempts()
    original = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _loopback(host):
            attempts.append(str(host))
            raise socket.gaierror(socket.EAI_NONAME, "tests reach loopback addresses only")
        return original(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    yield attempts
