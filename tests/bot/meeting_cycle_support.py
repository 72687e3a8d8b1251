"""What the meeting-cycle tests share: a poll that closes into one meeting."""

from __future__ import annotations

from typing import Any

from tests.bot.poll_meeting_support import (
    ClockedBot,
    card_text,
    click,
    posted_cards,
    say,
    show_card,
    submit_data,
)
from tests.support.clocked_bot import refresh
from tests.support.teams import ANNA, KRISTIN

PROPOSAL = "föreslå datum Vårens möten: 9/3 och 21/4 kl 9-12"
MARCH = "tisdag 9/3 2027 kl 09.00–12.00"


async def close_poll_on_march(bot: ClockedBot) -> tuple[str, dict[str, Any]]:
    """Anna proposes two dates and closes on the first; the meeting's kallelse."""
    bot.connector.clear()
    await say(bot, ANNA, PROPOSAL)
    (poll_id, poll_card), *_ = posted_cards(bot)
    await click(bot, KRISTIN, submit_data(poll_card, "Ja", near=MARCH), poll_id)
    body = await refresh(bot, ANNA, poll_card, poll_id)
    close_form = show_card(body["value"], "Stäng och välj datum")
    [choice_set] = close_form["body"]
    [march] = [c["value"] for c in choice_set["choices"] if c["title"].startswith(MARCH)]
    bot.connector.clear()
    await click(
        bot, ANNA, {**submit_data(close_form, "Stäng omröstningen"), "chosen": march}, poll_id
    )
    [(kallelse_id, kallelse)] = [
        (activity_id, card)
        for activity_id, card in posted_cards(bot)
        if "Kallelse: Vårens möten" in card_text(card)
    ]
    bot.connector.clear()
    return kallelse_id, kallelse
