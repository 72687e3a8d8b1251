"""Commands and card buttons through HTTP into /api/messages, answers read from the connector."""

from __future__ import annotations

from sqlalchemy import select

from storage.audit_models import AuditEvent
from storage.directory.models import Member, Organisation, Role
from tests.conftest import RunningBot
from tests.support import teams
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, TEAM_ID, USERS


async def _installed_team(bot: RunningBot) -> None:
    bot.connector.members[TEAM_ID] = [u.member() for u in USERS]
    await bot.post(teams.installation_update("channel", "add", GABRIEL, bot.connector.url))
    bot.connector.clear()


async def test_help_in_personal_chat_lists_personal_commands(bot: RunningBot) -> None:
    response = await bot.post(teams.message("personal", "hjälp", ANNA, bot.connector.url))
    assert response.status == 201
    cards = bot.connector.cards(teams.personal_conversation_id(ANNA))
    assert len(cards) == 1
    text = str(cards[0])
    assert "Det här kan jag" in text
    assert "mina beslut" in text and "enkät svara" in text and "påminnelser" in text
    assert "medlemmar" not in text  # a group command, not offered in a personal chat


async def test_help_with_bot_mention_in_channel(bot: RunningBot) -> None:
    await _installed_team(bot)
    response = await bot.post(teams.message("channel", "hjälp", MALIN, bot.connector.url))
    assert response.status == 201
    [card] = bot.connector.cards()
    assert "Logga beslut" in str(card)
    # the reply goes into the thread of the message that mentioned the bot
    [call] = [c for c in bot.connector.calls if c.method == "POST"]
    assert call.path.startswith(f"/v3/conversations/{TEAM_ID};messageid=")
    bot.connector.clear()
    await bot.post(teams.message("channel", "alla kommandon", MALIN, bot.connector.url))
    [card] = bot.connector.cards()
    text = str(card)
    assert "Nämn mig (@Samverkansboten)" in text
    for word in ("hjälp", "medlemmar", "organisation", "roll"):
        assert f"'title': '{word}'" in text


async def test_help_in_english_for_english_locale(bot: RunningBot) -> None:
    await bot.post(teams.message("personal", "help", KRISTIN, bot.connector.url, locale="en-GB"))
    [card] = bot.connector.cards()
    assert "What I can do" in str(card)


async def test_unknown_text_gets_a_helpful_answer(bot: RunningBot) -> None:
    await bot.post(teams.message("personal", "blåbärssoppa", ANNA, bot.connector.url))
    [card] = bot.connector.cards()
    assert "Jag förstod inte" in str(card) and "Visa hjälp" in str(card)


async def test_group_command_in_personal_chat_is_explained(bot: RunningBot) -> None:
    await bot.post(teams.message("personal", "medlemmar", ANNA, bot.connector.url))
    assert "i gruppens kanal" in bot.connector.texts()[0]
    assert "@Samverkansboten medlemmar" in bot.connector.texts()[0]


async def test_member_sets_organisation_and_members_card_groups_by_it(bot: RunningBot) -> None:
    await _installed_team(bot)
    url = bot.connector.url
    await bot.post(teams.message("channel", "organisation Gnesta kommun", ANNA, url))
    await bot.post(teams.message("channel", "organisation  gnesta KOMMUN", MALIN, url))
    await bot.post(teams.message("channel", "organisation Region Sörmland", KRISTIN, url))
    assert bot.connector.texts() == [
        "Noterat: du representerar Gnesta kommun.",
        "Noterat: du representerar Gnesta kommun.",
        "Noterat: du representerar Region Sörmland.",
    ]
    bot.connector.clear()
    await bot.post(teams.message("channel", "medlemmar", GABRIEL, url))
    [card] = bot.connector.cards()
    blocks = [b.get("text", "") for b in card["body"]]
    gnesta = blocks.index("Gnesta kommun")
    assert "Anna-Karin Hammar" in blocks[gnesta + 1] and "Malin Palmér" in blocks[gnesta + 1]
    assert "Gabriel Billing (ordförande)" in str(card)
    async with bot.sessions() as session:
        names = (await session.scalars(select(Organisation.name).order_by(Organisation.name))).all()
    assert list(names) == ["Gnesta kommun", "Region Sörmland"]


async def test_organisation_with_personal_number_is_refused_and_not_stored(bot: RunningBot) -> None:
    await _installed_team(bot)
    await bot.post(
        teams.message("channel", "organisation Barn 121212-1212", ANNA, bot.connector.url)
    )
    [text] = bot.connector.texts()
    assert "personnummer" in text and "1212" not in text
    async with bot.sessions() as session:
        assert (await session.scalars(select(Organisation))).all() == []


async def test_chair_sets_role_by_mention_and_member_cannot(bot: RunningBot) -> None:
    await _installed_team(bot)
    url = bot.connector.url
    await bot.post(
        teams.message(
            "channel", "roll @Malin Palmér processledare", GABRIEL, url, mentions=(MALIN,)
        )
    )
    assert bot.connector.texts()[-1] == "Malin Palmér är nu processledare."
    await bot.post(
        teams.message("channel", "roll @Gabriel Billing ledamot", ANNA, url, mentions=(GABRIEL,))
    )
    assert bot.connector.texts()[-1] == "Bara ordföranden och processledarna kan ändra roller."
    # a process leader may set ordinary roles but not the chair's
    await bot.post(teams.message("channel", "roll Kristin Wirén sekreterare", MALIN, url))
    assert bot.connector.texts()[-1] == "Kristin Wirén är nu sekreterare."
    await bot.post(
        teams.message("channel", "roll @Anna-Karin Hammar ordförande", MALIN, url, mentions=(ANNA,))
    )
    assert bot.connector.texts()[-1] == "Bara ordföranden kan ge eller ta bort ordföranderollen."
    # the last chair cannot step down
    await bot.post(
        teams.message("channel", "roll @Gabriel Billing ledamot", GABRIEL, url, mentions=(GABRIEL,))
    )
    assert "minst en ordförande" in bot.connector.texts()[-1]
    async with bot.sessions() as session:
        roles = {m.name: m.role for m in (await session.scalars(select(Member))).all()}
        events = (await session.scalars(select(AuditEvent).order_by(AuditEvent.id))).all()
    # only the two changes that happened are audited, as ids and codes
    assert [(e.action, e.actor_aad_id, e.detail) for e in events] == [
        ("role.change", GABRIEL.aad_object_id, "ledamot>processledare"),
        ("role.change", MALIN.aad_object_id, "ledamot>sekreterare"),
    ]
    assert roles == {
        GABRIEL.name: Role.CHAIR,
        MALIN.name: Role.PROCESS_LEADER,
        KRISTIN.name: Role.SECRETARY,
        ANNA.name: Role.MEMBER,
        teams.MARIE.name: Role.MEMBER,
    }


async def test_card_button_runs_its_command(bot: RunningBot) -> None:
    await _installed_team(bot)
    value = {"action": "command", "command": "members"}
    response = await bot.post(teams.card_submit("channel", value, ANNA, bot.connector.url))
    assert response.status == 201
    [card] = bot.connector.cards()
    assert "Medlemmar i Samverkansgruppen Sörmland / General" in str(card)


async def test_forged_card_payload_changes_nothing(bot: RunningBot) -> None:
    await _installed_team(bot)
    url = bot.connector.url
    for value in (
        {"action": "command", "command": "members", "role": "ordförande"},  # unknown field
        {"action": "command", "command": "drop_tables"},  # not a command
        {"action": "delete_everything"},
        {"action": "command", "command": "x" * 500},
    ):
        await bot.post(teams.card_submit("channel", value, ANNA, url))
    assert bot.connector.cards() == []
    assert set(bot.connector.texts()) == {
        "Den knappen går inte att använda längre. Skriv **hjälp** för att börja om."
    }


async def test_action_execute_invoke_is_answered_over_http(bot: RunningBot) -> None:
    await _installed_team(bot)
    value = {
        "action": {
            "type": "Action.Execute",
            "verb": "command",
            "data": {"action": "command", "command": "help"},
        }
    }
    response = await bot.post(
        teams.invoke("channel", "adaptiveCard/action", value, ANNA, bot.connector.url)
    )
    assert response.status == 200
    body = await response.json()
    assert body["statusCode"] == 200
    assert len(bot.connector.cards()) == 1


async def test_unknown_invoke_is_a_client_error(bot: RunningBot) -> None:
    response = await bot.post(teams.invoke("personal", "task/fetch", {}, ANNA, bot.connector.url))
    assert response.status == 400


def test_line_breaks_from_teams_html_are_kept_for_pasted_lists() -> None:
    from bot.teams.inbound import keep_lines

    html_text = "enkät ny<br>1. Hur ser er plan ut?<br/>  a) Vem&nbsp;ansvarar?</p><p>Slut"
    assert keep_lines(html_text) == "enkät ny\n1. Hur ser er plan ut?\n  a) Vem ansvarar?\nSlut"
