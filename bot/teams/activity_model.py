"""The request's Activity, built straight from its checked JSON when that is plain.

msrest's `Activity().deserialize(body)` walks the body through its generic machinery
(a class registry built per call, a key extractor per attribute, a deep copy of
`value` and `channelData`): about a tenth of the CPU of a card click
(docs/performance.md). The JSON has already been parsed and checked
(bot/teams/activity_json.py), and what Teams sends for a message or a card submit is
flat: strings, timestamps, accounts, mentions, two JSON objects. For such a body the
Activity is built here with the same result msrest would give (the same attributes,
unknown keys kept in `additional_properties`, timestamps parsed by msrest's own
parser); for anything else (attachments, reactions, a suggested action, a field of an
unexpected type) msrest does it as before. tests/bot/test_activity_model.py checks
that both ways give equal Activities.
"""

from __future__ import annotations

from typing import Any

from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, Entity
from msrest.serialization import Deserializer, Model


class _NotPlain(Exception):
    """The body has something only msrest's deserialiser knows how to read."""


# JSON key -> (attribute, msrest type), read from the models themselves.
def _fields(model: type[Model]) -> dict[str, tuple[str, str]]:
    return {desc["key"]: (name, desc["type"]) for name, desc in model._attribute_map.items()}


_ACTIVITY = _fields(Activity)
# The nested models a plain body has (an Entity is a mention: its other keys are kept
# in additional_properties, as msrest keeps them).
_MODELS: dict[str, tuple[type[Model], dict[str, tuple[str, str]]]] = {
    model.__name__: (model, _fields(model))
    for model in (ChannelAccount, ConversationAccount, Entity)
}


def activity_from_json(body: dict[str, Any]) -> Activity:
    """The Activity of a checked request body; raises what msrest raises on bad input."""
    try:
        activity = _build(Activity, _ACTIVITY, body)
    except _NotPlain:
        return Activity().deserialize(body)
    assert isinstance(activity, Activity)
    return activity


def _build(model: type[Model], fields: dict[str, tuple[str, str]], data: Any) -> Model:
    if not isinstance(data, dict):
        raise _NotPlain
    attributes: dict[str, Any] = {}
    additional: dict[str, Any] = {}
    for key, value in data.items():
        field = fields.get(key)
        if field is None:
            additional[key] = value  # as msrest keeps keys it does not know
            continue
        name, kind = field
        if value is None:
            continue
        attributes[name] = _value(kind, value)
    built = model(**attributes)
    if additional:
        built.additional_properties = additional
    return built


def _value(kind: str, value: Any) -> Any:
    if kind == "str" and isinstance(value, str):
        return value
    if kind == "bool" and isinstance(value, bool):
        return value
    if kind == "object" and isinstance(value, dict):
        # msrest copies JSON objects node by node; this body is parsed afresh per request
        # and nothing else holds it, so it is handed on as it is.
        return value
    if kind == "iso-8601" and isinstance(value, str):
        return Deserializer.deserialize_iso(value)
    nested = _MODELS.get(kind)
    if nested is not None:
        return _build(*nested, value)
    listed = _MODELS.get(kind[1:-1]) if kind.startswith("[") else None
    if listed is not None and isinstance(value, list):
        return [_build(*listed, item) for item in value]
    raise _NotPlain
