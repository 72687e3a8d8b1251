"""The edge builds plain Activities itself (bot/teams/activity_model.py): whatever the
body, the result must equal what msrest's deserialiser makes of it, or fail as it fails."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from botbuilder.schema import Activity
from hypothesis import given
from hypothesis import strategies as st

from bot.teams.activity_model import activity_from_json
from tests.support import teams

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "activities"
USER = teams.User("Anna Andersson", "c5b0e000-0000-4000-8000-000000000001")
URL = "http://127.0.0.1:1/"


def _both(body: dict[str, Any]) -> tuple[Any, Any]:
    """(ours, msrest's): the Activity, or the type of what was raised."""

    def attempt(build: Any) -> Any:
        try:
            return build(copy.deepcopy(body))
        except Exception as error:
            return type(error)

    return attempt(activity_from_json), attempt(lambda b: Activity().deserialize(b))


def _bodies() -> list[dict[str, Any]]:
    submit = teams.card_submit("groupChat", {"action": "poll_answer", "poll": 1}, USER, URL)
    return [
        submit,
        teams.card_submit("personal", {"action": "x", "n": [1, 2.5, None, True]}, USER, URL),
        teams.message("groupChat", "beslut sök VITS", USER, URL),
        teams.message("channel", "hjälp @Anna Andersson", USER, URL, mentions=(USER,)),
        teams.message("personal", "hjälp", USER, URL),
        teams.installation_update("groupChat", "add", USER, URL),
        teams.conversation_update("groupChat", USER, URL, added=[teams.bot_account()]),
        teams.invoke("personal", "task/fetch", {"data": {"action": "x"}}, USER, URL),
        # Teams' timestamps carry seven decimals; msrest keeps six.
        {**submit, "timestamp": "2026-12-03T16:40:00.1234567Z"},
        {**submit, "somethingNew": {"a": 1}, "from": {**submit["from"], "extra": "y"}},
        {**submit, "text": None, "locale": None},
        {**submit, "id": 12},  # a number where a string belongs: msrest's conversion
        {**submit, "value": "a string"},
        {**submit, "attachments": [{"contentType": "text/html", "content": "<p>x</p>"}]},
        {**submit, "entities": [None]},
        {**submit, "timestamp": "not a time"},
        {**submit, "conversation": "19:x"},
        *(json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.json"))),
    ]


@pytest.mark.parametrize("body", _bodies())
def test_an_activity_equals_what_msrest_makes_of_it(body: dict[str, Any]) -> None:
    ours, theirs = _both(body)
    assert ours == theirs
    if isinstance(theirs, Activity):
        assert ours.serialize() == theirs.serialize()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)
_KEYS = st.sampled_from(
    (
        *("id", "text", "from", "recipient", "conversation", "value", "channelData"),
        *("entities", "membersAdded", "timestamp", "isGroup", "name", "aadObjectId"),
        *("tenantId", "other"),
    )
)


@given(st.dictionaries(_KEYS, _JSON | st.dictionaries(_KEYS, _JSON), max_size=6))
def test_any_shape_of_body_equals_what_msrest_makes_of_it(extra: dict[str, Any]) -> None:
    body = {**teams.card_submit("groupChat", {"a": 1}, USER, URL), **extra}
    ours, theirs = _both(body)
    assert ours == theirs
