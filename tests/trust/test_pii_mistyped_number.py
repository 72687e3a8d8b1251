"""A mistyped personal identity number is still personal data: written with its separator
on a real date, the bot refuses it through HTTP and stores nothing, while a phone number
without a separator (whose check digit happens to fail) is still accepted."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from storage.schema import metadata
from tests.bot.decision_helpers import (
    DecisionBot,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    install_team,
)


async def _stored_text(dbot: DecisionBot) -> str:
    """Every row of every table, as one string: what the database holds."""
    parts: list[str] = []
    async with dbot.running.sessions() as session:
        for table in metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                parts.append(repr(tuple(row)))
    return "\n".join(parts)


@pytest.mark.parametrize(
    "number",
    ["120315-1234", "20120315-1234", "120315+1234", "120375-1234"],  # the last: samordning
)
async def test_a_date_valid_number_with_a_wrong_check_digit_is_refused_and_not_stored(
    dbot: DecisionBot, number: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await install_team(dbot)
    response = await dbot.say(f"beslut: barnet {number} följs upp av Gabriel senast 1/12")
    assert response.status == 201
    reply = dbot.last_text()
    assert "personnummer" in reply
    assert "1234" not in reply and "120315" not in reply
    assert await dbot.decisions() == []
    stored = await _stored_text(dbot)
    assert number not in stored and "120315" not in stored and "120375" not in stored
    await dbot.say("beslut uppföljning")
    shown = " ".join(dbot.connector.texts()) + repr(dbot.connector.cards())
    assert "1234" not in shown
    assert number not in caplog.text and "120315" not in caplog.text


async def test_a_phone_number_without_separator_is_still_accepted(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Gabriel ringer 0701234567 om lokalen senast 1/12")
    [decision] = await dbot.decisions()
    assert "0701234567" in decision.text
