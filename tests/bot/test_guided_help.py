"""Guided help through HTTP: the help cards' buttons open the forms for the main jobs,
the personal chat covers what a member does there, near misses are named, questions get
help, and `mina beslut` lists one's open decisions across groups."""

from __future__ import annotations

from typing import Any

from storage.polls.models import Poll
from tests.bot.decision_helpers import (
    DecisionBot,
    card_text,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    install_team,
)
from tests.support import teams
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE


def _all_buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every Action.Submit on a card, in the body's action sets and at the bottom."""
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Submit":
                found[node["title"]] = node["data"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def _input_ids(card: dict[str, Any]) -> list[str]:
    ids: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input."):
                ids.append(node["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return ids


async def _channel_help(dbot: DecisionBot, user: teams.User = GABRIEL) -> dict[str, Any]:
    dbot.connector.clear()
    await dbot.say("hjälp", user=user)
    [card] = dbot.connector.cards()
    return card


async def test_channel_help_is_short_and_starts_with_the_four_jobs(dbot: DecisionBot) -> None:
    await install_team(dbot)
    card = await _channel_help(dbot)
    first_action_set = next(b for b in card["body"] if b.get("type") == "ActionSet")
    titles = [a["title"] for a in first_action_set["actions"]]
    assert titles == ["Logga beslut", "Klistra in protokoll", "Föreslå datum", "Ny enkät"]
    # the buttons come before any explanation of other commands
    assert card["body"].index(first_action_set) <= 2
    text = card_text(card)
    assert "bara ordföranden och processledarna" in text
    assert "beslut lista" in text and "påminnelser" in text
    for jargon in ("Markdown", "ägare:", "status:", "org:", "punkt:", "Deadline", "Snooza"):
        assert jargon not in text
    assert "Visa alla kommandon" in _all_buttons(card)
    assert len(text) < 1000  # short: the full list is one button away


async def test_each_help_button_opens_its_form(dbot: DecisionBot) -> None:
    await install_team(dbot)
    buttons = _all_buttons(await _channel_help(dbot, user=MALIN))  # a process leader
    expected = {
        "Logga beslut": ("Nytt beslut", {"text", "owners", "due"}),
        "Klistra in protokoll": ("Beslut från protokoll", set()),
        "Föreslå datum": ("Föreslå datum", {"title", "dates", "deadline"}),
        "Ny enkät": ("Ny uppföljningsenkät", {"title", "questions", "deadline"}),
    }
    for title, (heading, inputs) in expected.items():
        dbot.connector.clear()
        await dbot.click(buttons[title], user=MALIN)
        cards = dbot.connector.cards()
        assert len(cards) == 1, (title, dbot.connector.texts())
        [form] = cards
        assert heading in card_text(form), title
        assert inputs <= set(_input_ids(form)), (title, _input_ids(form))
        assert _input_ids(form), title  # a form, something to fill in


async def test_questionnaire_button_tells_a_member_who_may_create_one(dbot: DecisionBot) -> None:
    await install_team(dbot)
    buttons = _all_buttons(await _channel_help(dbot, user=ANNA))
    dbot.connector.clear()
    await dbot.click(buttons["Ny enkät"], user=ANNA)
    assert dbot.connector.cards() == []
    [refusal] = dbot.connector.texts()
    assert "ordförande" in refusal and "processledare" in refusal


async def test_date_poll_form_creates_the_poll(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("föreslå datum", user=ANNA)
    [form] = dbot.connector.cards()
    assert "t.ex. 7/3, 21/4 och 16/5 kl 9-12" in str(form)  # the example, as placeholder
    dbot.connector.clear()
    submit = {
        "action": "poll_propose",
        "title": "Vårens möten: planering",
        "dates": "12/1, 9/2 och 9/3 kl 9-12",
        "deadline": "2026-12-18",
    }
    await dbot.click(submit, user=ANNA, reply_to_id="form-1")
    cards = dbot.connector.cards()
    assert "Vårens möten: planering" in card_text(cards[-1])
    assert "Ja" in card_text(cards[-1])
    # the form itself turned into a note, so it cannot make a second poll
    [sent] = dbot.connector.updated_cards("form-1")
    assert "Datumförslaget är skickat" in card_text(sent)
    async with dbot.running.sessions() as session:
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload

        polls = (await session.scalars(select(Poll).options(selectinload(Poll.options)))).all()
    [poll] = polls
    assert poll.title == "Vårens möten: planering" and len(poll.options) == 3
    # a bad date gets the parser's own message, nothing stored
    dbot.connector.clear()
    await dbot.click({**submit, "dates": "31/2"}, user=ANNA, reply_to_id="form-2")
    assert dbot.connector.cards() == []
    assert dbot.connector.texts()
    forged = {**submit, "organiser": "Gabriel"}
    await dbot.click(forged, user=ANNA, reply_to_id="form-3")
    assert "Den knappen går inte att använda längre" in dbot.connector.texts()[-1]


async def test_all_commands_are_grouped_by_job_without_filter_syntax(dbot: DecisionBot) -> None:
    await install_team(dbot)
    buttons = _all_buttons(await _channel_help(dbot))
    dbot.connector.clear()
    await dbot.click(buttons["Visa alla kommandon"])
    [card] = dbot.connector.cards()
    headings = [b["text"] for b in card["body"] if b.get("weight") == "Bolder"]
    assert headings[0] == "Alla kommandon"
    for section in ("Beslut", "Datum", "Möten", "Enkäter", "Påminnelser"):
        assert section in headings
    text = card_text(card)
    for word in ("beslut lista", "föreslå datum", "enkät ny", "medlemmar", "mina beslut"):
        assert word in text
    for jargon in ("Markdown", "ägare:", "status:", "punkt:"):
        assert jargon not in text


async def test_personal_help_covers_what_a_member_does_there(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("hjälp", user=ANNA, scope="personal")
    [card] = dbot.connector.cards(teams.personal_conversation_id(ANNA))
    text = card_text(card)
    buttons = _all_buttons(card)
    assert {"Mina beslut", "Mina enkäter", "Mina påminnelser"} <= set(buttons)
    assert "skriv **@Samverkansboten hjälp** där" in text
    assert "medlemmar" not in text  # a group command
    # each button does its job here in the personal chat
    for title in ("Mina beslut", "Mina enkäter", "Mina påminnelser"):
        dbot.connector.clear()
        await dbot.running.post(teams.card_submit("personal", buttons[title], ANNA, dbot.url))
        answer = dbot.connector.texts() + [card_text(c) for c in dbot.connector.cards()]
        assert answer and not any("knappen går inte" in a for a in answer), title
        assert not any("fungerar i gruppens kanal" in a for a in answer), title


async def test_my_decisions_lists_open_decisions_in_all_groups(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Anna-Karin kontaktar samordnarna senast 15/12")
    await dbot.say("beslut: Malin bokar lokal senast 1/12")
    await dbot.say("beslut: Anna-Karin skickar underlaget", scope="groupChat", user=KRISTIN)
    await dbot.say("medlemmar", scope="groupChat", user=ANNA)
    await dbot.say("beslut: Anna-Karin kollar budgeten", scope="groupChat")
    dbot.connector.clear()
    await dbot.say("mina beslut", user=ANNA, scope="personal")
    [card] = dbot.connector.cards(teams.personal_conversation_id(ANNA))
    text = card_text(card)
    assert "Mina öppna beslut (" in text
    assert "kontaktar samordnarna" in text and "kollar budgeten" in text
    assert "bokar lokal" not in text  # Malin's
    assert teams.TEAM_NAME in text  # which group each belongs to
    # Malin sees only hers; Marie none
    dbot.connector.clear()
    await dbot.say("my decisions", user=MALIN, scope="personal", locale="en-GB")
    [malin] = dbot.connector.cards()
    assert "bokar lokal" in card_text(malin) and "samordnarna" not in card_text(malin)
    assert "My open decisions (1)" in card_text(malin)
    dbot.connector.clear()
    await dbot.say("mina beslut", user=MARIE, scope="personal")
    assert "inte ansvarig för något öppet beslut" in card_text(dbot.last_card())


async def test_decision_in_personal_chat_says_how_to_log_it_in_the_group(
    dbot: DecisionBot,
) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Gabriel kontaktar samordnarna senast 15/3", user=ANNA, scope="personal")
    [text] = dbot.connector.texts()
    assert "gruppens kanal" in text
    assert "@Samverkansboten beslut:" in text and "beslut ny" in text
    assert "mina beslut" in text
    assert await dbot.decisions() == []
    dbot.connector.clear()
    await dbot.say("medlemmar", user=ANNA, scope="personal")
    [text] = dbot.connector.texts()
    assert "skriv **@Samverkansboten medlemmar**" in text


async def test_near_misses_are_named_and_nonsense_gets_the_help_button(dbot: DecisionBot) -> None:
    await install_team(dbot)
    cases = {
        "besult: Gabriel kontaktar samordnarna": "Menade du *beslut*?",
        "enkät listaa": "Menade du *enkät lista*?",
        "påminelser": "Menade du *påminnelser*?",
        "medlemar": "Menade du *medlemmar*?",
        "reminder off": None,  # an English command word, not a miss: runs
    }
    for typed, expected in cases.items():
        dbot.connector.clear()
        await dbot.say(typed, user=ANNA)
        if expected is None:
            assert not any("Menade du" in card_text(c) for c in dbot.connector.cards())
            continue
        [card] = dbot.connector.cards()
        assert card_text(card).startswith(expected), (typed, card_text(card))
        assert _all_buttons(card)["Visa hjälp"] == {"action": "command", "command": "help"}
    dbot.connector.clear()
    await dbot.say("asdf", user=ANNA, scope="personal")
    [card] = dbot.connector.cards()
    assert "Jag förstod inte" in card_text(card) and "Menade du" not in card_text(card)
    # the button on it opens the help
    dbot.connector.clear()
    await dbot.running.post(
        teams.card_submit("personal", _all_buttons(card)["Visa hjälp"], ANNA, dbot.url)
    )
    assert "Det här kan jag" in card_text(dbot.last_card())


async def test_natural_questions_get_help(dbot: DecisionBot) -> None:
    await install_team(dbot)
    for question in (
        "Vad kan du göra?",
        "hjälp mig",
        "what can you do",
        "hur gör jag för att logga ett beslut",
        "vad gör du",
    ):
        dbot.connector.clear()
        await dbot.say(question, user=ANNA, scope="personal")
        [card] = dbot.connector.cards()
        assert "Det här kan jag" in card_text(card), question
    dbot.connector.clear()
    await dbot.say("Vad kan du göra?", user=ANNA)
    assert "Logga beslut" in card_text(dbot.last_card())
