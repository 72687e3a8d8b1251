"""Adaptive Card building blocks (schema 1.5, the highest Teams renders)."""

from __future__ import annotations

from typing import Any

from cards.actions import CommandAction

Card = dict[str, Any]

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"


def card(body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None) -> Card:
    result: Card = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        # Teams renders cards narrow by default; full width reads better for lists.
        "msteams": {"width": "Full"},
        "body": body,
    }
    if actions:
        result["actions"] = actions
    return result


def heading(text: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "size": "Large", "weight": "Bolder", "wrap": True}


def subheading(text: str) -> dict[str, Any]:
    return {
        "type": "TextBlock",
        "text": text,
        "weight": "Bolder",
        "wrap": True,
        "spacing": "Medium",
    }


def paragraph(text: str, *, subtle: bool = False) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "TextBlock", "text": text, "wrap": True}
    if subtle:
        block["isSubtle"] = True
        block["size"] = "Small"
    return block


def facts(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in pairs]}


def bullet_list(items: list[str]) -> dict[str, Any]:
    return paragraph("\n".join(f"- {item}" for item in items))


def submit(title: str, data: dict[str, Any]) -> dict[str, Any]:
    """Action.Submit: arrives as a message activity with `value` = data."""
    return {"type": "Action.Submit", "title": title, "data": data}


def command_button(title: str, command_key: str) -> dict[str, Any]:
    return submit(title, CommandAction(action="command", command=command_key).model_dump())
