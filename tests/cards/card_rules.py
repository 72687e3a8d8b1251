"""Checking a card the way Teams will: Microsoft's Adaptive Card 1.5 schema, the rules the
Teams renderer needs that the schema does not say, and the message size limit.

What the schema cannot catch and Teams still punishes:
- a required input without `errorMessage` shows no reason when the user is stopped;
- `Input.Number` with a string value, min or max: the renderer drops it (an edited answer
  comes back empty);
- `Input.Toggle` values that are not strings;
- two inputs with one id: only one value reaches the bot;
- a card version above 1.5: Teams shows the fallback text instead;
- Action.Submit/Execute `data` that is not an object: the inputs cannot be merged into it;
- images as `data:` URIs: they count against the message size; the bot serves images
  from its own download route instead.

The size check measures the attachment as the Bot Connector client serialises it
(`json.dumps` with ASCII escapes, so "ä" costs six bytes), against Teams' ~28 KB limit for
a bot message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft6Validator
from jsonschema.exceptions import ValidationError

SCHEMA_PATH = Path(__file__).parent / "schema" / "adaptive-card-1.5.json"
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
MAX_MESSAGE_BYTES = 28 * 1024
MAX_VERSION = (1, 5)
# Host extensions Teams reads and the schema (additionalProperties: false) does not know.
TEAMS_CARD_KEYS = {"msteams"}
ALLOWED_MSTEAMS = {"width", "entities"}
# Teams' typeahead ChoiceSet (Adaptive Cards 1.5 on Teams) is missing from the published
# schema's ChoiceInputStyle enum; clients without it fall back to "compact".
TEAMS_CHOICE_STYLES = {"filtered": "compact"}


@cache
def validator() -> Draft6Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # The schema names draft-06 itself; jsonschema ships that meta-schema, so nothing is
    # fetched: check the vendored file is a valid draft-06 schema, then use it.
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema)


def attachment_bytes(card: dict[str, Any]) -> int:
    attachment = {"contentType": ADAPTIVE_CARD, "content": card}
    return len(json.dumps(attachment).encode("ascii"))


def walk(node: Any, path: str = "$") -> Iterator[tuple[str, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}[{index}]")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _version(text: Any) -> tuple[int, ...] | None:
    try:
        return tuple(int(part) for part in str(text).split("."))
    except ValueError:
        return None


def _as_published(node: Any) -> Any:
    """The card with Teams' own extensions replaced by what the published schema knows."""
    if isinstance(node, list):
        return [_as_published(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _as_published(value) for key, value in node.items()}
    if result.get("type") == "Input.ChoiceSet" and result.get("style") in TEAMS_CHOICE_STYLES:
        result["style"] = TEAMS_CHOICE_STYLES[result["style"]]
    return result


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    if not error.context:
        yield error
    for child in error.context or ():
        yield from _leaves(child)


def schema_errors(card: dict[str, Any]) -> list[str]:
    """One line per schema violation. An element the schema cannot place fails every
    branch of its anyOf; the deepest branch errors say what is actually wrong."""
    stripped = _as_published({k: v for k, v in card.items() if k not in TEAMS_CARD_KEYS})
    lines = []
    for error in validator().iter_errors(stripped):
        leaves = sorted(_leaves(error), key=lambda leaf: -len(leaf.absolute_path))
        deepest = [
            leaf for leaf in leaves if len(leaf.absolute_path) == len(leaves[0].absolute_path)
        ]
        for leaf in deepest:
            path = "/".join(str(part) for part in leaf.absolute_path) or "$"
            line = f"{path}: {leaf.message[:200]}"
            if line not in lines:
                lines.append(line)
    return lines


def teams_errors(card: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    if card.get("type") != "AdaptiveCard":
        errors.append("$: not an AdaptiveCard")
    version = _version(card.get("version"))
    if version is None or version > MAX_VERSION:
        errors.append(f"$.version: {card.get('version')!r}; Teams renders 1.5 at most")
    extra = set(card.get("msteams", {})) - ALLOWED_MSTEAMS
    if extra:
        errors.append(f"$.msteams: unknown keys {sorted(extra)}")
    ids: dict[str, str] = {}
    for path, node in walk(card):
        if isinstance(node, str) and node.strip().lower().startswith("data:"):
            errors.append(f"{path}: data: URI (serve it from the download route)")
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        node_id = node.get("id")
        if isinstance(node_id, str):
            if node_id in ids:
                errors.append(f"{path}: id {node_id!r} also at {ids[node_id]}")
            ids[node_id] = path
        if not isinstance(kind, str):
            continue
        if kind.startswith("Input.") and node.get("isRequired") is True:
            message = node.get("errorMessage")
            if not isinstance(message, str) or not message.strip():
                errors.append(f"{path}: required {kind} {node_id!r} without errorMessage")
        if kind == "Input.Number":
            for key in ("value", "min", "max"):
                if key in node and not _is_number(node[key]):
                    errors.append(f"{path}.{key}: {node[key]!r} is not a number")
        if kind == "Input.Toggle":
            for key in ("value", "valueOn", "valueOff"):
                if key in node and not isinstance(node[key], str):
                    errors.append(f"{path}.{key}: {node[key]!r} is not a string")
        is_submit = kind in ("Action.Submit", "Action.Execute")
        if is_submit and "data" in node and not isinstance(node["data"], dict):
            errors.append(f"{path}.data: not an object")
        if kind == "Image":
            url = node.get("url", "")
            if not (url.startswith("https://") or url.startswith("http://")):
                errors.append(f"{path}.url: {url[:60]!r} is not an http(s) URL")
    return errors


def size_errors(card: dict[str, Any]) -> list[str]:
    size = attachment_bytes(card)
    if size > MAX_MESSAGE_BYTES:
        return [f"$: {size} bytes serialised, over Teams' {MAX_MESSAGE_BYTES}"]
    return []


def card_errors(card: dict[str, Any]) -> list[str]:
    return schema_errors(card) + teams_errors(card) + size_errors(card)
