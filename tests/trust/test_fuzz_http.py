"""Property-based fuzzing of POST /api/messages: no 5xx, no crash, no partial write.

Hypothesis builds activities that are almost right (the dangerous kind): real shapes
with wrong types, hostile strings, forged card payloads and unknown fields. Bounded in
examples and time so `make test` stays fast.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from cards.i18n import t
from storage.schema import metadata
from tests.conftest import RunningBot, make_settings, start_bot
from tests.support import teams
from tests.support.connector import LoopbackConnector

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False),
    st.text(max_size=40),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
hostile_text = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "hjälp",
            "roll @x ordförande",
            "organisation " + "Å" * 300,
            "organisation 19121212-1212",
            "<at>Samverkansboten</at> medlemmar",
            "\u202eorganisation\u0000 x",
            "beslut: '; DROP TABLE members; --",
            "ｈｊäｌｐ",
        ]
    ),
)


@st.composite
def activities(draw: st.DrawFn, service_url: str) -> dict[str, Any]:
    scope = draw(st.sampled_from(["personal", "groupChat", "channel"]))
    user = draw(st.sampled_from(teams.USERS))
    kind = draw(
        st.sampled_from(["message", "card", "invoke", "conversationUpdate", "installationUpdate"])
    )
    if kind == "message":
        activity = teams.message(scope, draw(hostile_text), user, service_url)
    elif kind == "card":
        value = draw(
            st.one_of(
                json_values,
                st.fixed_dictionaries(
                    {"action": st.sampled_from(["command", "x"]), "command": json_values}
                ),
            )
        )
        activity = teams.card_submit(
            scope, {"v": value} if not isinstance(value, dict) else value, user, service_url
        )
    elif kind == "invoke":
        name = draw(
            st.sampled_from(
                [
                    "adaptiveCard/action",
                    "task/fetch",
                    "task/submit",
                    "composeExtension/fetchTask",
                    "composeExtension/submitAction",
                    "x",
                ]
            )
        )
        activity = teams.invoke(
            scope,
            name,
            draw(st.dictionaries(st.text(max_size=8), json_values, max_size=4)),
            user,
            service_url,
        )
    elif kind == "conversationUpdate":
        activity = teams.conversation_update(scope, user, service_url, added=[teams.bot_account()])
    else:
        activity = teams.installation_update(
            scope, draw(st.sampled_from(["add", "remove", "x"])), user, service_url
        )
    # Corrupt one field in some examples: wrong types where botbuilder expects objects.
    if draw(st.booleans()):
        field = draw(
            st.sampled_from(
                [
                    "from",
                    "conversation",
                    "recipient",
                    "channelData",
                    "entities",
                    "value",
                    "locale",
                    "text",
                ]
            )
        )
        activity[field] = draw(json_values)
    return activity


async def _row_counts(bot: RunningBot) -> dict[str, int]:
    async with bot.sessions() as session:
        return {
            table.name: int(await session.scalar(select(func.count()).select_from(table)) or 0)
            for table in metadata.sorted_tables
        }


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_fuzzed_activities_never_cause_5xx_or_partial_writes(
    bot: RunningBot, data: st.DataObject
) -> None:
    activity = data.draw(activities(bot.connector.url))
    before = await _row_counts(bot)
    response = await bot.post(activity)
    assert response.status < 500, (response.status, activity)
    if response.status >= 400:
        assert await _row_counts(bot) == before


# ---- every field of a valid Teams message: wrong types, wrong nesting -------------------

GENERIC_ERROR = t("error.internal", "sv")

hostile_scalars = st.one_of(
    json_scalars,
    st.integers(-(10**19) + 1, 10**19 - 1),
    st.sampled_from(
        [
            "\ud800",
            "a\udfffb",
            "\x00",
            "line\r\nbreak",
            "会話",
            "x" * 600,
            "http://127.0.0.1:1/",
            "https://evil.example/",
            "http://127.0.0.1:1/{x}",
            "a:{0}",
            "",
        ]
    ),
)
hostile_values = st.recursive(
    hostile_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.text(max_size=8), children, max_size=3),
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every field of the activity, nested ones and list items included."""
    found: list[tuple[Any, ...]] = []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        found.append((*prefix, key))
        found.extend(_paths(child, (*prefix, key)))
    return found


def _replace(activity: dict[str, Any], path: tuple[Any, ...], new: Any) -> None:
    node: Any = activity
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = new


def _mutation(draw: st.DrawFn, old: Any) -> Any:
    how = draw(st.sampled_from(["replace", "wrap in list", "wrap in object", "nest deeper"]))
    if how == "replace":
        return draw(hostile_values)
    if how == "wrap in list":
        return [old]
    if how == "wrap in object":
        return {draw(st.sampled_from(["id", "value", "x"])): old}
    depth = draw(st.integers(2, 40))
    for _ in range(depth):
        old = [old]
    return old


@st.composite
def mutated_messages(draw: st.DrawFn, service_url: str) -> dict[str, Any]:
    scope = draw(st.sampled_from(["personal", "groupChat", "channel"]))
    user = draw(st.sampled_from(teams.USERS))
    activity = teams.message(
        scope, draw(st.sampled_from(["hjälp", "beslut lista", "medlemmar"])), user, service_url
    )
    if scope == "channel":
        activity["entities"][0]["mentioned"]["aadObjectId"] = "x"
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(activity)
        path = draw(st.sampled_from(paths))
        node: Any = activity
        for step in path:
            node = node[step]
        _replace(activity, path, _mutation(draw, node))
    return activity


@pytest.fixture
async def unthrottled_bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[RunningBot]:
    settings = make_settings(database_url, user_turn_burst=100_000, user_turns_per_minute=100_000)
    running = await start_bot(settings, connector)
    yield running
    await running.http.close()
    await running.server.close()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_mutated_fields_never_cause_5xx_or_a_failed_turn(
    unthrottled_bot: RunningBot, data: st.DataObject
) -> None:
    bot = unthrottled_bot
    activity = data.draw(mutated_messages(bot.connector.url))
    before = await _row_counts(bot)
    sent_before = len(bot.connector.calls)
    response = await bot.post(activity)
    assert response.status < 500, (response.status, activity)
    replies = [
        c.body.get("text") for c in bot.connector.calls[sent_before:] if isinstance(c.body, dict)
    ]
    assert GENERIC_ERROR not in replies, activity
    if response.status >= 400:
        assert await _row_counts(bot) == before
