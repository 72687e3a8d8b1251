"""The decision form (`beslut ny`) and the "Logga som beslut" message action, through
HTTP: valid and invalid submits, idempotency, and both invokes answered with 200."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from storage.decisions.models import DecisionSource
from storage.directory.models import Member
from tests.bot.decision_helpers import (
    DecisionBot,
    card_text,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    facts_of,
    install_team,
)
from tests.support import teams
from tests.support.teams import ANNA, GABRIEL, MALIN, MARIE

MESSAGE_HTML = (
    "<p>Beslut: <at>Malin Palmér</at> sammanställer svaren från huvudmännen senast 15/3</p>"
    "<p>Underlaget finns i Teams &amp; på webben.</p><script>alert(1)</script>"
)


async def _member_ids(bot: DecisionBot) -> dict[str, int]:
    async with bot.running.sessions() as session:
        rows = (await session.execute(select(Member.name, Member.id, Member.group_id))).all()
    return {name: member_id for name, member_id, _ in rows}


async def test_form_lists_members_and_submit_turns_it_into_the_decision_card(
    dbot: DecisionBot,
) -> None:
    await install_team(dbot)
    await dbot.say("organisation Gnesta kommun", user=ANNA)
    dbot.connector.clear()
    await dbot.say("beslut ny")
    form = dbot.last_card()
    form_id = dbot.connector.calls[-1].activity_id
    assert form_id is not None
    inputs = {block.get("id"): block for block in form["body"] if "id" in block}
    assert set(inputs) == {"text", "item", "owners", "due"}
    assert inputs["owners"]["isMultiSelect"] is True
    titles = [choice["title"] for choice in inputs["owners"]["choices"]]
    assert "Anna-Karin Hammar (Gnesta kommun)" in titles and len(titles) == 5
    ids = await _member_ids(dbot)
    submit = {
        "action": "decision_form",
        "text": "Ta fram en gemensam rutin för SIP",
        "item": "6. Uppföljning SIP",
        "owners": f"{ids[ANNA.name]},{ids[MALIN.name]}",
        "due": "2027-02-26",
    }
    dbot.connector.clear()
    await dbot.click(submit, user=MARIE, reply_to_id=form_id)
    [update] = dbot.connector.updates()
    assert update.activity_id == form_id  # the form became the decision card
    card = update.body["attachments"][0]["content"]
    facts = facts_of(card)
    assert card["body"][0]["text"] == "Beslut B-2026-001"
    assert facts["Dagordningspunkt"] == "6. Uppföljning SIP"
    assert facts["Ansvarig"] == "Anna-Karin Hammar och Malin Palmér"
    assert facts["Klart senast"] == "fredag 26/2 2027"
    assert facts["Loggat"].endswith("av Marie Skarfors")
    # clicking "Spara" again on the same form stores nothing new
    await dbot.click(submit, user=MARIE, reply_to_id=form_id)
    [decision] = await dbot.decisions()
    assert decision.source == DecisionSource.FORM and decision.due == date(2027, 2, 26)
    assert len(dbot.connector.updates()) == 2


async def test_invalid_form_submits_are_refused_and_store_nothing(dbot: DecisionBot) -> None:
    await install_team(dbot)
    # a member of another group (the group chat) is no valid owner here
    team_marie = (await _member_ids(dbot))[MARIE.name]
    await dbot.say("medlemmar", scope="groupChat", user=MARIE)
    async with dbot.running.sessions() as session:
        other_group_member = await session.scalar(
            select(Member.id).where(Member.name == MARIE.name, Member.id != team_marie)
        )
    assert other_group_member is not None
    dbot.connector.clear()
    base: dict[str, Any] = {"action": "decision_form", "text": "Boka lokal"}
    refusals = [
        ({**base, "role": "ordförande"}, "Den knappen går inte att använda längre"),
        ({**base, "owners": "1;DROP"}, "Den knappen går inte att använda längre"),
        ({**base, "due": "2027-02-30"}, "Den knappen går inte att använda längre"),
        ({**base, "due": "15/3"}, "Den knappen går inte att använda längre"),
        ({**base, "text": "x" * 2001}, "Den knappen går inte att använda längre"),
        ({**base, "item": "y" * 201}, "Den knappen går inte att använda längre"),
        ({**base, "text": "   "}, "Skriv själva beslutet"),
        ({**base, "owners": str(other_group_member)}, "inte medlem i gruppen"),
        ({**base, "owners": "999999"}, "inte medlem i gruppen"),
        ({**base, "item": "Barn 121212-1212"}, "personnummer"),
    ]
    for payload, expected in refusals:
        await dbot.click(payload)
        assert expected in dbot.last_text(), payload
    assert await dbot.decisions() == []
    assert dbot.connector.cards() == [] and dbot.connector.updates() == []


async def test_beslut_ny_with_text_is_a_decision_not_the_form(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut ny rutin för SIP tas fram av processledarna")
    [decision] = await dbot.decisions()
    assert decision.text == "ny rutin för SIP tas fram av processledarna"
    await dbot.say("nytt beslut")
    assert "Nytt beslut" in card_text(dbot.last_card())


def _fetch_value(content: str = MESSAGE_HTML, message_id: str = "1700000000123") -> dict[str, Any]:
    return {
        "commandId": "logDecision",
        "commandContext": "message",
        "context": {"theme": "default"},
        "messagePayload": {
            "id": message_id,
            "messageType": "message",
            "createdDateTime": "2026-11-23T08:30:00.000Z",
            "from": {"user": {"id": ANNA.aad_object_id, "displayName": ANNA.name}},
            "body": {"contentType": "html", "content": content},
        },
    }


async def test_message_action_fetch_task_opens_a_prefilled_form(dbot: DecisionBot) -> None:
    await install_team(dbot)
    response = await dbot.invoke("composeExtension/fetchTask", _fetch_value(), user=ANNA)
    assert response.status == 200
    body = await response.json()
    task = body["task"]
    assert task["type"] == "continue"
    assert task["value"]["title"] == "Logga som beslut"
    attachment = task["value"]["card"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    inputs = {b["id"]: b for b in attachment["content"]["body"] if "id" in b}
    assert inputs["text"]["value"] == (
        "Malin Palmér sammanställer svaren från huvudmännen senast 15/3\n"
        "Underlaget finns i Teams & på webben."
    )
    ids = await _member_ids(dbot)
    assert inputs["owners"]["value"] == str(ids[MALIN.name])  # read from the text
    assert inputs["due"]["value"] == "2027-03-15"
    assert dbot.connector.sent() == []  # nothing is posted or stored by opening the dialog
    assert await dbot.decisions() == []


async def test_message_action_submit_stores_and_posts_the_card_once(dbot: DecisionBot) -> None:
    await install_team(dbot)
    ids = await _member_ids(dbot)
    value = {
        **_fetch_value(),
        "data": {
            "action": "decision_form",
            "text": "Malin sammanställer svaren senast 15/3",
            "item": "",
            "owners": str(ids[MALIN.name]),
            "due": "2027-03-15",
        },
    }
    response = await dbot.invoke("composeExtension/submitAction", value, user=ANNA)
    assert response.status == 200
    assert await response.json() == {}
    card = dbot.last_card()
    assert card["body"][0]["text"] == "Beslut B-2026-001"
    assert facts_of(card)["Ansvarig"] == "Malin Palmér"
    # the same message logged again: no second decision, the card says so
    again = await dbot.invoke("composeExtension/submitAction", value, user=GABRIEL)
    assert again.status == 200
    [decision] = await dbot.decisions()
    assert decision.source == DecisionSource.MESSAGE
    assert "redan loggat som beslut" in card_text(dbot.last_card())


async def test_message_action_refusals_are_answered_in_the_dialog(dbot: DecisionBot) -> None:
    await install_team(dbot)
    bad = {**_fetch_value(), "data": {"action": "decision_form", "text": "x", "evil": 1}}
    response = await dbot.invoke("composeExtension/submitAction", bad)
    assert response.status == 200
    assert (await response.json())["task"]["type"] == "message"
    pii = {**_fetch_value(), "data": {"action": "decision_form", "text": "Om 121212-1212"}}
    response = await dbot.invoke("composeExtension/submitAction", pii)
    assert "personnummer" in (await response.json())["task"]["value"]
    personal = await dbot.running.post(
        teams.invoke("personal", "composeExtension/fetchTask", _fetch_value(), ANNA, dbot.url)
    )
    assert personal.status == 200
    assert "fungerar i gruppens kanal" in (await personal.json())["task"]["value"]
    assert await dbot.decisions() == []
    assert dbot.connector.sent() == []
