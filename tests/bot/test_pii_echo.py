"""No reply echoes a personal identity number (issue 18, "Personal data"): what the PII
guard would refuse to store is never posted back, not even as the quoted search.

Through HTTP on both databases: the number is searched for, used as a filter value and
sent in a card action, and every byte the bot sent to the connector is checked.
"""

from __future__ import annotations

import json
import re

import pytest

from bot.teams.echo_guard import mask_text, mask_tree
from dialogs.text.pii import contains_personal_number
from tests.bot.decision_helpers import (
    DecisionBot,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    install_team,
)

# The formats of tests/dialogs/test_pii.py, the issue's own example, a samordningsnummer,
# fullwidth digits and a zero-width space splitting the number.
NUMBERS = [
    "198112189876",
    "121212-1212",
    "1212121212",
    "19121212-1212",
    "191212121212",
    "121212+1212",
    "121212 1212",
    "121212 - 1212",
    "121212- 1212",
    "1912-12-12-1212",
    "121212\u20131212",
    "121272-1219",
    "１２１２１２－１２１２",
    "121212\u200b-1212",
]


def _digits(number: str) -> str:
    """The number's digits as ASCII, the way they would show up in a leak."""
    folded = "".join(str(int(ch)) if ch.isdecimal() else ch for ch in number)
    return re.sub(r"\D", "", folded)


def _everything_sent(bot: DecisionBot) -> str:
    calls = [c.body for c in bot.connector.calls if c.body is not None]
    return json.dumps(calls, ensure_ascii=False)


def _assert_not_echoed(bot: DecisionBot, number: str) -> None:
    sent = _everything_sent(bot)
    assert bot.connector.calls, "the bot answered nothing at all"
    assert number not in sent
    digits = _digits(number)
    # The 10 trailing digits are the personal number whatever the format.
    assert digits[-10:] not in re.sub(r"\D", "", sent), sent[:500]
    assert digits[-4:] not in sent


def test_every_number_here_is_one_the_guard_refuses() -> None:
    for number in NUMBERS:
        assert contains_personal_number(f"beslut sök {number}"), number


@pytest.mark.parametrize("number", NUMBERS)
async def test_search_does_not_echo_a_personal_number(dbot: DecisionBot, number: str) -> None:
    await install_team(dbot)
    response = await dbot.say(f"beslut sök {number}")
    assert response.status == 201
    _assert_not_echoed(dbot, number)


@pytest.mark.parametrize(
    "command",
    [
        "beslut lista status:{n}",
        "beslut lista ansvarig:{n}",
        "beslut lista org:{n}",
        "beslut sök kontakt {n} avtal",
    ],
)
async def test_other_quoting_replies_do_not_echo_it(dbot: DecisionBot, command: str) -> None:
    await install_team(dbot)
    number = "19121212-1212"
    await dbot.say(command.format(n=number))
    _assert_not_echoed(dbot, number)


async def test_a_search_more_button_with_a_number_does_not_echo_it(dbot: DecisionBot) -> None:
    await install_team(dbot)
    number = "121212-1212"
    await dbot.click({"action": "decision_search_more", "query": number, "offset": 0})
    _assert_not_echoed(dbot, number)


def test_masking_keeps_ordinary_numbers_and_text() -> None:
    ordinary = "Ring 0701234567, org.nr 556677-8899, möte 2026-12-03 kl 10, ärende 12345"
    assert mask_text(ordinary) == ordinary
    card = {"body": [{"type": "TextBlock", "text": "Beslut om ”121212-1212”"}], "n": 5}
    assert mask_tree(card) == {
        "body": [{"type": "TextBlock", "text": "Beslut om ”******-****”"}],
        "n": 5,
    }
