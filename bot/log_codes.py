"""What the edge may put in a log line about things a client sent or an error carried.

Logs carry ids and codes only (README, data protection). Activity types and invoke names
are client-supplied strings, and an exception's message can echo user text (a database
error lists its SQL parameters: names, free text), so these helpers reduce both to codes.
"""

from __future__ import annotations

import traceback

from botbuilder.schema import ActivityTypes

# Codes for the edge's log lines: searchable, and free of anything the client sent.
BAD_REQUEST = "edge.bad_request"
UNAUTHORIZED = "edge.unauthorized"
REQUEST_FAILED = "edge.request_failed"
TURN_FAILED = "turn.failed"

_ACTIVITY_TYPES = frozenset(str(t.value) for t in ActivityTypes)
# Families of invoke names Teams sends; anything else is logged as "other".
_INVOKE_FAMILIES = (
    "adaptiveCard/",
    "actionableMessage/",
    "composeExtension/",
    "config/",
    "fileConsent/",
    "handoff/",
    "message/",
    "signin/",
    "tab/",
    "task/",
)


def activity_type_code(value: object) -> str:
    return value if isinstance(value, str) and value in _ACTIVITY_TYPES else "other"


def invoke_name_code(value: object) -> str:
    if not isinstance(value, str) or len(value) > 64:
        return "other"
    family = next((f for f in _INVOKE_FAMILIES if value.startswith(f)), None)
    rest = value[len(family) :] if family else ""
    # Teams' verbs are lowerCamelCase words ("fetchTask"); anything else may be text.
    if not (rest.isalpha() and rest[0].islower()):
        return "other"
    return value


def where(error: BaseException) -> str:
    """The error's type and the frames it passed through, without its message."""
    frames = traceback.extract_tb(error.__traceback__)
    path = " < ".join(f"{f.name}@{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in frames[::-1])
    return f"{type(error).__name__} at {path or '?'}"
