"""Reminders that carry the action they ask for, through HTTP on both databases with the
real scheduler and the outbox dispatcher: an overdue decision's reminder in the owner's
personal chat has Klar and Påbörjad (the decision card's payloads and role checks), and
every personal nudge offers "Påminn mig i morgon" and "Påminn mig om 2 dagar"."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.outbox.dispatcher import Dispatcher
from bot.scheduler import Scheduler
from dialogs.text.working_time import next_office_time
from storage.decisions.models import DecisionStatus
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxMessage, OutboxStatus
from tests.bot.decision_helpers import (
    DecisionBot,
    buttons,
    card_text,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    facts_of,
    install_team,
)
from tests.conftest import make_settings
from tests.support import teams
from tests.support.clocked_bot import execute
from tests.support.teams import ANNA, MARIE

MONDAY_0805 = datetime(2026, 12, 7, 7, 5, tzinfo=UTC)  # the first working day after 4/12


async def _deliver_overdue(dbot: DecisionBot, database_url: str) -> dict[str, dict[str, object]]:
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin tar fram en tidplan senast fredag 4/12")
    await dbot.say("hjälp", ANNA, scope="personal")  # Anna's personal chat is known
    dbot.clock.now = MONDAY_0805
    await Scheduler(dbot.running.sessions, clock=dbot.clock).run_now(
        "dialogs.decisions.reminders:run"
    )
    dbot.connector.clear()
    dispatcher = Dispatcher(make_settings(database_url), dbot.running.sessions, dbot.clock)
    try:
        # only "skulle ha varit klart": the stale "due soon" is superseded, not sent late
        assert await dispatcher.run_once() == 1
    finally:
        await dispatcher.close()
    [card] = [
        card
        for card in dbot.connector.cards(teams.personal_conversation_id(ANNA))
        if "skulle ha varit klart fredag 4/12" in str(card)
    ]
    return buttons(card)


async def _click_personal(dbot: DecisionBot, value: object, user: teams.User) -> list[str]:
    dbot.connector.clear()
    await dbot.running.post(
        teams.card_submit("personal", value, user, dbot.url, reply_to_id="reminder-1")
    )
    return dbot.connector.texts()


async def test_overdue_reminder_has_klar_and_pabörjad_with_the_cards_checks(
    dbot: DecisionBot, database_url: str
) -> None:
    actions = await _deliver_overdue(dbot, database_url)
    assert list(actions) == ["Påbörjad", "Klar", "Påminn mig i morgon", "Påminn mig om 2 dagar"]
    assert actions["Klar"]["action"] == "decision_status"

    # Marie is neither owner, chair nor secretary: refused, as on the channel's card.
    texts = await _click_personal(dbot, actions["Klar"], MARIE)
    assert any("status på ett beslut ändras av den som är ansvarig" in t for t in texts)
    [decision] = await dbot.decisions()
    assert decision.status == DecisionStatus.OPEN

    await _click_personal(dbot, actions["Påbörjad"], ANNA)
    [decision] = await dbot.decisions()
    assert decision.status == DecisionStatus.IN_PROGRESS
    # The reminder itself now shows the decision as it is.
    [update] = dbot.connector.updated_cards("reminder-1")
    assert "Anna-Karin Hammar" in str(update)
    # A replay of the old payload (status "öppen", old revision) changes nothing more.
    await _click_personal(dbot, actions["Klar"], ANNA)
    [decision] = await dbot.decisions()
    assert decision.status == DecisionStatus.IN_PROGRESS


async def test_remind_me_tomorrow_moves_the_nudge_to_the_next_office_morning(
    dbot: DecisionBot, database_url: str
) -> None:
    actions = await _deliver_overdue(dbot, database_url)
    texts = await _click_personal(dbot, actions["Påminn mig i morgon"], ANNA)
    assert texts == ["Okej, jag påminner dig igen tisdag 8/12 kl 08.05."]
    key = f"decision:{(await dbot.decisions())[0].id}:overdue:{ANNA.aad_object_id}"
    async with dbot.running.sessions() as session:
        row = await outbox.find(session, key)
    assert row is not None and row.status == OutboxStatus.PENDING
    assert row.due_at == next_office_time(datetime(2026, 12, 8, 7, 5, tzinfo=UTC))
    # Out-of-range days in a forged payload are refused by the model.
    forged = {**actions["Påminn mig om 2 dagar"], "days": 30}
    assert all("Okej" not in t for t in await _click_personal(dbot, forged, ANNA))


async def test_overview_lists_what_is_due_not_only_the_queue(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin tar fram en tidplan senast fredag 4/12")
    await dbot.say("föreslå datum Vårmöten: 8/3 och 21/4 svara senast 15/12")
    dbot.clock.now = MONDAY_0805  # overdue now; nothing is queued (no rule tick yet)
    dbot.connector.clear()
    await dbot.say("påminnelser")
    text = str(dbot.last_card())
    assert "Väntar nu" in text
    assert "B-2026-001" in text and "Anna-Karin tar fram en tidplan" in text
    assert "Vårmöten" in text  # the open poll
    assert text.index("Väntar nu") < text.index("Schemalagt")


async def test_klar_on_the_reminder_as_action_execute_answers_with_the_owners_own_view(
    dbot: DecisionBot, database_url: str
) -> None:
    """Universal Actions in the personal chat: the refusal and the owner's new view are
    the invoke's answers, and the channel's card is redrawn through the outbox."""
    actions = await _deliver_overdue(dbot, database_url)
    dbot.connector.clear()
    refused = await execute(dbot.running, MARIE, actions["Klar"], "reminder-1", scope="personal")
    assert refused["type"] == "application/vnd.microsoft.activity.message"
    assert "ändras av den som är ansvarig" in refused["value"]
    assert dbot.connector.calls == []

    body = await execute(dbot.running, ANNA, actions["Klar"], "reminder-1", scope="personal")
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    own = body["value"]
    assert facts_of(own)["Status"] == "klar"
    assert "Anna-Karin Hammar ändrade status till klar." in card_text(own)
    assert set(buttons(own)) == {"Öppna igen"}
    [decision] = await dbot.decisions()
    assert decision.status == DecisionStatus.DONE
    async with dbot.running.sessions() as session:
        copies = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "decision_card_copy")
            )
        ).all()
    assert [c.update_activity_id for c in copies] == [decision.card_activity_id]
    assert copies[0].card is not None and facts_of(copies[0].card)["Status"] == "klar"
