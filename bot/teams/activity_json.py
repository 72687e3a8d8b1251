"""Check an activity's raw JSON before botbuilder or the database sees any of it.

msrest turns whatever a field holds into the declared type (`{"id": {}}` becomes the
string "{}"), so type errors must be caught on the parsed JSON, not on the Activity.
This module refuses, with a short fixed reason, what cannot be a Teams activity:

- JSON that Python cannot hold safely: nesting beyond `MAX_DEPTH` (json raises
  RecursionError near 1,000 levels; msrest and our own code recurse too), integers with
  more than `MAX_INT_DIGITS` digits (Python refuses to parse 4,300 and the databases
  overflow at 19), NaN and infinities (not JSON, and not storable).
- Identifiers that are not short, visible ASCII (RFC 3986's characters, so no braces,
  quotes or angle brackets): every id Teams sends is ASCII
  ("19:…@thread.tacv2", "29:…", GUIDs), and an id with CR, LF, NUL or non-Latin-1
  characters breaks the connector's URL and header encoding. Lengths follow the
  columns they are stored in (storage/directory/models.py).
- A serviceUrl that is not an absolute http(s) URL. Whether the bot may call that URL
  is a separate decision (bot/teams/service_urls.py).

What is merely odd inside an otherwise valid activity is made harmless instead: lone
UTF-16 surrogates in any string become U+FFFD and NUL characters are dropped (neither
SQLite's UTF-8 encoder nor PostgreSQL's text accepts them); wrongly typed names, team
and channel ids and mentions are ignored by bot/teams/inbound.py.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import urlsplit

MAX_DEPTH = 32
MAX_INT_DIGITS = 19
MAX_SERVICE_URL_LENGTH = 512  # conversations.service_url

# RFC 3986's characters: msrest formats the service URL as a template, so a brace in it
# would end the turn with a KeyError; quotes, angle brackets and backslashes have no
# business in an address.
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
# Ids the same, plus "|" (the Bot Framework Emulator's "<guid>|livechat"): Teams ids never
# contain braces, quotes or angle brackets, and a router may not take them in a path.
_ID_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%|]+")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# (path, longest accepted, required): lengths are those of the columns the ids land in.
_IDS: tuple[tuple[tuple[str, ...], int, bool], ...] = (
    (("conversation", "id"), 512, True),
    (("from", "id"), 256, True),
    (("recipient", "id"), 256, True),
    (("type",), 64, True),
    (("id",), 512, False),
    (("replyToId",), 512, False),
    (("channelId",), 32, False),
    (("conversation", "tenantId"), 64, False),
    (("from", "aadObjectId"), 64, False),
    (("recipient", "aadObjectId"), 64, False),
    (("channelData", "tenant", "id"), 64, False),
)
_MEMBER_LISTS = ("membersAdded", "membersRemoved")


class BadActivity(ValueError):
    """The request body is not an activity the bot can handle; `reason` is fixed text
    (never a value from the body), safe to return to the client and to log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_activity_json(raw: bytes) -> dict[str, Any]:
    """The body as a cleaned JSON object, or BadActivity."""
    try:
        body = json.loads(
            raw.decode("utf-8"),
            parse_int=_bounded_int,
            parse_float=_finite_float,
            parse_constant=_no_constant,
        )
    except RecursionError:
        raise BadActivity("body is nested too deeply") from None
    except BadActivity:
        raise
    except ValueError:  # JSONDecodeError, UnicodeDecodeError and our own refusals
        raise BadActivity("body is not valid JSON") from None
    if not isinstance(body, dict):
        raise BadActivity("body must be a JSON object (an Activity)")
    _check_depth(body)
    _check_ids(body)
    _check_service_url(body.get("serviceUrl"))
    cleaned: dict[str, Any] = _clean(body)
    return cleaned


def is_valid_id(value: object, max_length: int = 512) -> bool:
    return (
        isinstance(value, str)
        and 0 < len(value) <= max_length
        and _ID_CHARACTERS.fullmatch(value) is not None
    )


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise BadActivity("a number in the body is too large")
    return int(text)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses as infinity
        raise BadActivity("a number in the body is too large")
    return value


def _no_constant(_text: str) -> Any:
    raise BadActivity("NaN and Infinity are not JSON")


def _check_depth(body: dict[str, Any]) -> None:
    # Iterative: the point is to refuse deep input without recursing into it.
    stack: list[tuple[Any, int]] = [(body, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadActivity("body is nested too deeply")
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def _check_ids(body: dict[str, Any]) -> None:
    for path, max_length, required in _IDS:
        name = ".".join(path)
        value: Any = body
        for step in path:
            if not isinstance(value, dict):
                if required:
                    raise BadActivity(f"{name} is missing or not a valid id")
                value = None  # channelData that is not an object holds no tenant
                break
            value = value.get(step)
        if value is None and not required:
            continue
        if not is_valid_id(value, max_length):
            raise BadActivity(f"{name} is missing or not a valid id")
    for name in _MEMBER_LISTS:
        members = body.get(name)
        if members is None:
            continue
        if not isinstance(members, list) or not all(
            isinstance(m, dict) and is_valid_id(m.get("id"), 256) for m in members
        ):
            raise BadActivity(f"{name} is not a list of accounts with valid ids")


def _check_service_url(value: object) -> None:
    if not isinstance(value, str) or not 0 < len(value) <= MAX_SERVICE_URL_LENGTH:
        raise BadActivity("serviceUrl is missing or not a valid URL")
    if _URL_CHARACTERS.fullmatch(value) is None:
        raise BadActivity("serviceUrl is missing or not a valid URL")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise BadActivity("serviceUrl is missing or not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        raise BadActivity("serviceUrl is missing or not a valid URL")


def _clean_text(value: str) -> str:
    if "\x00" in value:
        value = value.replace("\x00", "")
    if not value.isascii():
        value = _LONE_SURROGATE.sub("\ufffd", value)
    return value


def _clean(value: Any) -> Any:
    # Recursion is bounded: _check_depth has refused anything deeper than MAX_DEPTH.
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean_text(key): _clean(item) for key, item in value.items()}
    return value
