"""Hostile input through HTTP (issue 18): every case that used to end in a 500 or a failed
turn now gets a 400 with a short fixed reason and changes nothing, or, when only an odd
field inside an otherwise valid activity, is ignored and the turn answers normally."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from sqlalchemy import func, select

from cards.i18n import t
from storage.directory.models import Conversation
from storage.schema import metadata
from tests.conftest import RunningBot
from tests.support import teams
from tests.support.teams import ANNA

GENERIC_ERROR = t("error.internal", "sv")
# A client-supplied marker: it must appear in no reply reason and no log line.
MARKER = "CANARY-7f3a"


async def _row_counts(bot: RunningBot) -> dict[str, int]:
    async with bot.sessions() as session:
        return {
            table.name: int(await session.scalar(select(func.count()).select_from(table)) or 0)
            for table in metadata.sorted_tables
        }


async def _post_raw(bot: RunningBot, body: bytes) -> tuple[int, Any]:
    response = await bot.http.post(
        f"{bot.url}/api/messages", data=body, headers={"Content-Type": "application/json"}
    )
    payload = await response.json() if response.content_type == "application/json" else None
    return response.status, payload


def _valid(bot: RunningBot, text: str = "hjälp") -> dict[str, Any]:
    return teams.message("personal", text, ANNA, bot.connector.url)


def _with(activity: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    node = activity
    *parents, last = path.split(".")
    for step in parents:
        node = node.setdefault(step, {})
    node[last] = value
    return activity


def _deep(depth: int) -> bytes:
    return b'{"type": "message", "value": ' + b"[" * depth + b"]" * depth + b"}"


RAW_BODIES = {
    "nested 10,000 deep": _deep(10_000),
    "nested 500 deep": _deep(500),
    "5,000-digit integer": b'{"type": "message", "value": {"n": ' + b"9" * 5000 + b"}}",
    "20-digit integer in an id": b'{"type": "message", "id": 12345678901234567890123}',
    "Infinity": b'{"type": "message", "value": Infinity}',
    "1e999": b'{"type": "message", "value": 1e999}',
    "invalid UTF-8": b'{"type": "message", "text": "\xed\xa0\x80"}',
}


@pytest.mark.parametrize("body", RAW_BODIES.values(), ids=RAW_BODIES.keys())
async def test_unparseable_bodies_get_400_and_change_nothing(bot: RunningBot, body: bytes) -> None:
    before = await _row_counts(bot)
    status, payload = await _post_raw(bot, body)
    assert status == 400
    assert isinstance(payload["error"], str) and len(payload["error"]) < 80
    assert bot.connector.calls == []
    assert await _row_counts(bot) == before


BAD_FIELDS: dict[str, tuple[str, Any]] = {
    "serviceUrl number": ("serviceUrl", 42),
    "serviceUrl bool": ("serviceUrl", True),
    "serviceUrl array": ("serviceUrl", [f"http://127.0.0.1/{MARKER}"]),
    "serviceUrl object": ("serviceUrl", {"url": MARKER}),
    "serviceUrl not a URL": ("serviceUrl", f"not a url {MARKER}"),
    "serviceUrl ftp": ("serviceUrl", f"ftp://127.0.0.1/{MARKER}"),
    "serviceUrl no host": ("serviceUrl", "http:///v3"),
    "serviceUrl bad port": ("serviceUrl", "http://127.0.0.1:99999999/"),
    "serviceUrl with braces": ("serviceUrl", "http://127.0.0.1:1/{" + MARKER + "}"),
    "serviceUrl with CRLF": ("serviceUrl", f"http://127.0.0.1/\r\nX-{MARKER}: 1"),
    "conversation.id with braces": ("conversation.id", "a:{0}{" + MARKER + "}"),
    "conversation.id object": ("conversation.id", {"id": MARKER}),
    "conversation.id 70,000 chars": ("conversation.id", MARKER + "x" * 70_000),
    "conversation.id CR": ("conversation.id", f"a:{MARKER}\rx"),
    "conversation.id LF": ("conversation.id", f"a:{MARKER}\nx"),
    "conversation.id NUL": ("conversation.id", f"a:{MARKER}\x00x"),
    "conversation.id non-Latin-1": ("conversation.id", f"a:{MARKER}会話"),
    "conversation.id lone surrogate": ("conversation.id", f"a:{MARKER}\ud800"),
    "from.id lone surrogate": ("from.id", f"29:{MARKER}\udfff"),
    "from.id number": ("from.id", 12345678901234567890),
    "recipient.id array": ("recipient.id", [MARKER]),
    "activity id object": ("id", {"x": MARKER}),
    "replyToId with LF": ("replyToId", f"{MARKER}\n"),
    "tenant id object": ("channelData.tenant.id", {"x": MARKER}),
    "tenant id 65 chars": ("channelData.tenant.id", MARKER + "t" * 65),
    "aadObjectId with NUL": ("from.aadObjectId", f"{MARKER}\x00"),
    "conversation not an object": ("conversation", MARKER),
    "from not an object": ("from", [MARKER]),
    "membersAdded not a list": ("membersAdded", {"id": MARKER}),
    "membersAdded id number": ("membersAdded", [{"id": 5}]),
    # Beyond what either database column or Python's int parsing takes on trust.
    "team.name 20-digit number": ("channelData.team.name", 12345678901234567890),
}


@pytest.mark.parametrize(("path", "value"), BAD_FIELDS.values(), ids=BAD_FIELDS.keys())
async def test_bad_ids_and_service_urls_get_400_with_a_fixed_reason(
    bot: RunningBot, path: str, value: Any, logs_carry_no_sent_text: Any
) -> None:
    before = await _row_counts(bot)
    response = await bot.post(_with(_valid(bot), path, value))
    assert response.status == 400
    reason = (await response.json())["error"]
    assert len(reason) < 80 and MARKER not in reason
    assert bot.connector.calls == []
    assert await _row_counts(bot) == before
    assert not [line for line in logs_carry_no_sent_text.lines if MARKER in line]


async def test_ids_at_their_column_length_are_accepted(bot: RunningBot) -> None:
    long_id = "a:" + "x" * 510
    response = await bot.post(_with(_valid(bot), "conversation.id", long_id))
    assert response.status == 201
    assert len(bot.connector.cards()) == 1


ODD_FIELDS: dict[str, tuple[teams.Scope, str, Any]] = {
    "lone surrogate in text": ("personal", "text", "hjälp \ud800"),
    "NUL in text": ("personal", "text", "hjälp\x00"),
    "lone surrogate in a name": ("personal", "from.name", "Anna \udc00"),
    "name a number": ("personal", "from.name", 1234567),
    "channel.id [1]": ("channel", "channelData.channel.id", [1]),
    "team.id {}": ("channel", "channelData.team.id", {}),
    "team.name 19-digit number": ("channel", "channelData.team.name", 1234567890123456789),
    "team.name 1,000 chars": ("channel", "channelData.team.name", "T" * 1000),
    "channel name object": ("channel", "channelData.channel.name", {"a": 1}),
    "channelData a string": ("personal", "channelData", "x"),
    "locale object": ("personal", "locale", {"x": 1}),
    "locale 100 chars": ("personal", "locale", "sv-" + "S" * 97),
    "text a number": ("personal", "text", 5),
}


@pytest.mark.parametrize(("scope", "path", "value"), ODD_FIELDS.values(), ids=ODD_FIELDS.keys())
async def test_odd_fields_are_normalised_and_the_turn_answers(
    bot: RunningBot, scope: teams.Scope, path: str, value: Any
) -> None:
    # All cases are personal chats or channel posts that @mention the bot, saying "hjälp".
    activity = _with(teams.message(scope, "hjälp", ANNA, bot.connector.url), path, value)
    response = await bot.post(activity)
    assert response.status == 201
    assert GENERIC_ERROR not in bot.connector.texts()
    if path != "text" or isinstance(value, str):
        assert len(bot.connector.cards()) == 1, bot.connector.texts()
    else:
        assert bot.connector.texts(), "a message with a number for text is still answered"


@pytest.mark.parametrize(
    "entity",
    [
        {"type": "mention", "mentioned": "x", "text": "<at>Samverkansboten</at>"},
        {"type": "mention", "mentioned": {"id": teams.BOT_ID}, "text": 5},
        {"type": "mention", "mentioned": {"id": {"x": 1}, "name": 7}, "text": "<at>x</at>"},
        {"type": "mention", "mentioned": None, "text": None},
    ],
    ids=["mentioned a string", "text a number", "mentioned id an object", "nulls"],
)
async def test_odd_mention_entities_are_ignored(bot: RunningBot, entity: dict[str, Any]) -> None:
    activity = teams.message("channel", "hjälp", ANNA, bot.connector.url)
    activity["entities"] = [entity, *activity["entities"]]
    response = await bot.post(activity)
    assert response.status == 201
    assert GENERIC_ERROR not in bot.connector.texts()
    assert len(bot.connector.cards()) == 1


async def test_a_channel_with_a_malformed_team_is_stored_without_it(bot: RunningBot) -> None:
    activity = teams.installation_update("channel", "add", ANNA, bot.connector.url)
    activity["channelData"]["team"] = {"id": {}, "name": 1234567890123456789}
    activity["channelData"]["channel"] = {"id": [1]}
    response = await bot.post(activity)
    assert response.status == 201
    assert GENERIC_ERROR not in bot.connector.texts()
    async with bot.sessions() as session:
        stored = (await session.scalars(select(Conversation))).all()
    assert [(c.team_id, c.team_name, c.teams_channel_id) for c in stored] == [(None, None, None)]


async def test_unexpected_failures_log_a_code_and_type_not_what_the_client_sent(
    bot: RunningBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A crash whose exception quotes the client's URL and ids: the log keeps the type,
    a code and our frames, never the message (and so none of the client's values)."""
    from bot.teams import turn_handler

    def explode(*_args: Any, **_kwargs: Any) -> Any:
        raise ValueError(f"cannot handle {bot.connector.url} a:{MARKER}-conversation")

    monkeypatch.setattr(turn_handler, "turn_input", explode)
    caplog.set_level(logging.INFO)
    activity = _valid(bot)
    activity["conversation"]["id"] = f"a:{MARKER}-conversation"
    response = await bot.post(activity)
    assert response.status == 201  # the turn failed and the user was told so
    assert bot.connector.texts() == [GENERIC_ERROR]
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures and "turn.failed" in failures[0].getMessage()
    assert "ValueError" in failures[0].getMessage()
    for record in caplog.records:
        if record.name == "aiohttp.access":
            continue  # the loopback connector's own access log names the paths it served
        rendered = record.getMessage() + (caplog.handler.format(record) if record.exc_info else "")
        assert MARKER not in rendered and bot.connector.url not in rendered
        assert record.exc_info is None


async def test_request_failures_outside_a_turn_are_500_with_code_only(
    bot: RunningBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from botbuilder.integration.aiohttp import CloudAdapter

    async def explode(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError(f"connector {bot.connector.url} refused a:{MARKER}")

    monkeypatch.setattr(CloudAdapter, "process_activity", explode)
    caplog.set_level(logging.INFO)
    response = await bot.post(_valid(bot))
    assert response.status == 500
    assert await response.json() == {"error": "internal error"}
    messages = [r.getMessage() for r in caplog.records]
    assert any("edge.request_failed" in m and "RuntimeError" in m for m in messages)
    assert not [m for m in messages if MARKER in m or bot.connector.url in m]
    assert all(r.exc_info is None for r in caplog.records)


def test_raw_bodies_are_what_they_claim() -> None:
    # The fixtures above must really be the hostile shapes (a test that cannot fail is
    # a defect): the deep body is valid JSON apart from its depth.
    assert json.loads(_deep(50))["value"]
    with pytest.raises(RecursionError):
        json.loads(_deep(10_000))
