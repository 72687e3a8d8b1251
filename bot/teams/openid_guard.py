"""Keep the Bot Framework OpenID metadata refresh from freezing the event loop.

botbuilder 4.17 refreshes the signing keys with a blocking `requests.get` without a
timeout, inside the event loop: one slow or unreachable login endpoint would stall every
turn. This replaces that refresh with one that runs in a thread with a timeout, lets
one refresh run at a time, and backs off after a failure (keeping the old keys, which
stay valid for days).

It also makes every failure to validate a token a PermissionError (HTTP 401): botbuilder
dereferences the key lookup's None for an unknown key id (HS256 with any key, `alg:
none`) and raises a bare Exception for a disallowed algorithm or endorsement, and both
would otherwise escape as HTTP 500.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

import requests
from botframework.connector.auth import jwt_token_extractor

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5.0
RETRY_AFTER_FAILURE = timedelta(seconds=30)

_locks: dict[int, asyncio.Lock] = {}
_failed_at: dict[int, datetime] = {}


def _fetch_keys(url: str) -> list[dict[str, Any]]:
    response = requests.get(url, timeout=TIMEOUT_SECONDS)
    response.raise_for_status()
    keys_url = response.json()["jwks_uri"]
    keys_response = requests.get(keys_url, timeout=TIMEOUT_SECONDS)
    keys_response.raise_for_status()
    keys: list[dict[str, Any]] = keys_response.json()["keys"]
    return keys


async def _refresh_without_blocking(self: Any) -> None:
    lock = _locks.setdefault(id(self), asyncio.Lock())
    started = datetime.now()
    async with lock:
        if self.last_updated >= started:  # another request refreshed while we waited
            return
        failed = _failed_at.get(id(self))
        if failed and datetime.now() - failed < RETRY_AFTER_FAILURE:
            return  # keep the old keys; validation fails cleanly if there are none
        try:
            self.keys = await asyncio.to_thread(_fetch_keys, self.url)
            self.last_updated = datetime.now()
            _failed_at.pop(id(self), None)
        except (requests.RequestException, KeyError, ValueError) as error:
            _failed_at[id(self)] = datetime.now()
            log.warning("OpenID metadata refresh failed error=%s", type(error).__name__)


def _find_or_none(self: Any, key_id: str) -> Any:
    """botbuilder indexes [0] into an empty list for an unknown key id (an HTTP 500 from
    a forged token); an unknown key simply does not validate."""
    if not any(key.get("kid") == key_id for key in self.keys or []):
        return None
    return _original_find(self, key_id)


_original_find = jwt_token_extractor._OpenIdMetadata._find
_original_validate = jwt_token_extractor.JwtTokenExtractor._validate_token


async def _validate_or_refuse(
    self: Any, jwt_token: str, channel_id: str, required_endorsements: Any = None
) -> Any:
    try:
        return await _original_validate(self, jwt_token, channel_id, required_endorsements)
    except PermissionError:
        raise
    except Exception as error:
        # The type only: a token's contents are the client's.
        log.info("token not validated error=%s", type(error).__name__)
        raise PermissionError("token not validated") from None


def install() -> None:
    """Idempotent; called by the composition root before the first request."""
    metadata_class = jwt_token_extractor._OpenIdMetadata
    metadata_class._refresh = _refresh_without_blocking
    metadata_class._find = _find_or_none
    jwt_token_extractor.JwtTokenExtractor._validate_token = _validate_or_refuse
