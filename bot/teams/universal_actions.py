"""Action.Execute (Universal Actions) at the edge: what an `adaptiveCard/action` invoke
carries and the two answers Teams accepts for it.

The invoke's `value.action.data` is the button's data (with the card's inputs merged in),
exactly what an Action.Submit sends as `value`, so it goes through the same router: the
same pydantic model, the same flow, the same role checks (tests/trust covers both
paths). `verb` is not trusted for anything: "refresh" (the card's automatic refresh)
carries a read-only `<feature>_view` payload, every other verb names its action in the
data too. The answer is the sender's own card (it replaces the card for them only) or a
short message (a refusal, or an action without a view).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
MESSAGE_TYPE = "application/vnd.microsoft.activity.message"


def execute_data(value: Mapping[str, Any] | None) -> dict[str, Any]:
    """The button's data from an invoke's value; {} when it is missing or malformed (the
    router then refuses it as an unknown action)."""
    action = (value or {}).get("action")
    data = action.get("data") if isinstance(action, dict) else None
    return dict(data) if isinstance(data, dict) else {}


def card_response(card: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": 200, "type": CARD_TYPE, "value": card}


def message_response(text: str) -> dict[str, Any]:
    return {"statusCode": 200, "type": MESSAGE_TYPE, "value": text}
