"""Property-based fuzzing of POST /api/messages: no 5xx, no crash, no partial write.

Hypothesis builds activities that are almost right (the dangerous kind): real shapes
with wrong types, hostile strings, forged card payloads and unknown fields. Bounded in
examples and time so `make test` stays fast.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from storage.schema import metadata
from tests.conftest import RunningBot
from tests.support import teams

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
