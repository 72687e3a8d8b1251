"""Universal Actions on the questionnaire's status card, through HTTP: each member's own
view (their organisation's state, "Svara" for contacts and deputies, "Resultat" for the
roles that read results), and the answer form opened privately: the answer to the
clicker's Action.Execute, never a post in the channel; an old client's Action.Submit
gets the form in the personal chat instead."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.questionnaires.models import Questionnaire, QuestionnaireResponse, ResponseStatus
from tests.bot.questionnaire_support import (
    HELENA,
    ISSUE_QUESTIONS,
    OMAR,
    ROSTER,
    QuestionnaireBot,
    button,
    card_text,
    click,
    execute,
    fill,
    install_group,
    outbox_rows,
    posted_cards,
    questionnaire_bot,
    refresh,
    say,
)
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE, User

CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"
SVARA = "Svara för min organisation"
STANG = "Stäng enkäten"


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[QuestionnaireBot]:
    async with questionnaire_bot(database_url, connector) as running:
        await install_group(running)
        yield running


async def _sent(bot: QuestionnaireBot) -> tuple[int, str, dict[str, Any]]:
    """Marie (process leader) creates and sends; (id, status card's activity id, card)."""
    await say(bot, MARIE, f"enkät ny Titel: Implementering HT\n{ISSUE_QUESTIONS}")
    [(preview_id, preview)] = posted_cards(bot)
    await click(bot, MARIE, button(preview, "Skicka"), preview_id)
    (status_id, status), *_ = posted_cards(bot)[1:]
    bot.connector.clear()
    async with bot.sessions() as session:
        questionnaire = await session.scalar(select(Questionnaire))
        assert questionnaire is not None
    return questionnaire.id, status_id, status


def _titles(card: dict[str, Any]) -> list[str]:
    return [a["title"] for a in card.get("actions", [])]


async def _own(bot: QuestionnaireBot, user: User, card: dict[str, Any], activity_id: str) -> Any:
    body = await refresh(bot, user, card, activity_id)
    assert body["type"] == CARD, body
    return body["value"]


async def test_each_member_sees_their_organisations_state_and_their_buttons(
    bot: QuestionnaireBot,
) -> None:
    questionnaire_id, status_id, status = await _sent(bot)
    # The shared card: every member is refreshed to their own view; both buttons stay for
    # clients that never refresh, as Execute with a Submit fallback.
    assert sorted(status["refresh"]["userIds"]) == sorted(u.teams_id for u in ROSTER)
    assert _titles(status) == [SVARA, "Resultat"]  # no organiser button for everyone
    assert all(a["type"] == "Action.Execute" for a in status["actions"])
    assert all(a["fallback"]["type"] == "Action.Submit" for a in status["actions"])
    assert "Din organisation" not in card_text(status)

    anna = await _own(bot, ANNA, status, status_id)  # Gnesta's contact
    assert "Din organisation (Gnesta kommun) har inte svarat än." in card_text(anna)
    assert _titles(anna) == [SVARA]
    marie = await _own(bot, MARIE, status, status_id)  # process leader, no organisation
    assert "Din organisation" not in card_text(marie)
    assert _titles(marie) == ["Resultat", STANG]
    gabriel = await _own(bot, GABRIEL, status, status_id)  # chair and the region's contact
    assert "Din organisation (Region Sörmland) har inte svarat än." in card_text(gabriel)
    assert _titles(gabriel) == [SVARA, "Resultat", STANG]

    # Anna answers (from the form her click opened); her deputy Omar then sees it.
    form = (await execute(bot, ANNA, button(anna, SVARA), status_id))["value"]
    await execute(bot, ANNA, fill(form, "Skicka svar", ["Plan", "Utsedd", "Nej", "Ja"]), status_id)
    omar = await _own(bot, OMAR, status, status_id)
    assert (
        "Din organisation (Gnesta kommun) har svarat (Anna-Karin Hammar, tisdag 1/9)."
        in card_text(omar)
    )
    malin = await _own(bot, MALIN, status, status_id)
    assert "Din organisation (Trosa kommun) har inte svarat än." in card_text(malin)
    # Views are answers to the asker only: nothing posted, nothing updated in the channel.
    assert bot.connector.calls == []
    assert questionnaire_id > 0


async def test_svara_opens_the_form_for_the_clicker_only_and_every_step_stays_private(
    bot: QuestionnaireBot,
) -> None:
    questionnaire_id, status_id, status = await _sent(bot)
    opened = await execute(bot, KRISTIN, button(status, SVARA), status_id)
    assert opened["statusCode"] == 200 and opened["type"] == CARD
    form = opened["value"]
    assert "Svar för: Nyköpings kommun" in card_text(form)
    assert all(a["type"] == "Action.Execute" for a in form["actions"])
    # A draft: the form says it was saved; no "Utkastet är sparat" text in the channel.
    draft = await execute(bot, KRISTIN, fill(form, "Spara utkast", ["a", "", "", ""]), status_id)
    assert "Utkast sparat av Kristin Wirén." in card_text(draft["value"])
    receipt = await execute(
        bot, KRISTIN, fill(draft["value"], "Skicka svar", ["a", "b", "c", "d"]), status_id
    )
    assert "Tack! Svaret för Nyköpings kommun är inskickat." in card_text(receipt["value"])
    # The connector received no post and no update of the channel's card from any step.
    assert bot.connector.calls == []
    async with bot.sessions() as session:
        [response] = (await session.scalars(select(QuestionnaireResponse))).all()
        assert response.status == ResponseStatus.SUBMITTED
    # The status card is redrawn for everyone through the outbox, with no answers on it.
    [update] = [r for r in await outbox_rows(bot) if r.kind == "questionnaire_status"]
    assert update.update_activity_id == status_id
    assert "1 av 4 har svarat" in card_text(update.card)
    assert "Plan" not in card_text(update.card) and "Svar för" not in card_text(update.card)
    assert questionnaire_id > 0


async def test_someone_who_answers_for_no_organisation_is_refused_in_the_invoke(
    bot: QuestionnaireBot,
) -> None:
    _, status_id, status = await _sent(bot)
    body = await execute(bot, MARIE, button(status, SVARA), status_id)
    assert body["type"] == MESSAGE and "kontaktperson" in body["value"], body
    assert bot.connector.calls == []


async def test_an_old_clients_svara_sends_the_form_to_the_personal_chat(
    bot: QuestionnaireBot,
) -> None:
    """Action.Submit (the fallback of clients without Universal Actions) cannot answer one
    person only, so the form goes to the clicker's own chat through the outbox."""
    questionnaire_id, status_id, status = await _sent(bot)
    before = {r.id for r in await outbox_rows(bot)}
    await click(bot, HELENA, button(status, SVARA), status_id)
    [note] = bot.connector.texts()
    # No chat with her yet: the dispatcher will create one, and she is told what to do
    # if it does not arrive.
    assert note.startswith("Helena Berg, jag skickar svarsformuläret till dig i en chatt med mig")
    assert "Appar → Samverkansboten" in note and f"enkät svara {questionnaire_id}" in note
    assert posted_cards(bot) == [] and bot.connector.updates() == []
    [row] = [r for r in await outbox_rows(bot) if r.id not in before]
    assert row.kind == "questionnaire_invite" and row.user_aad_id == HELENA.aad_object_id
    assert row.update_activity_id is None
    # Never the channel as a fallback: the form may hold the organisation's draft.
    assert row.fallback_conversation_pk is None and row.conversation_pk is None
    assert "Svar för: Trosa kommun" in card_text(row.card)
    # A redelivery of the same click (same activity id) queues nothing more.
    again = teams.card_submit(
        "channel", button(status, SVARA), HELENA, bot.connector.url, reply_to_id=status_id
    )
    for _ in range(2):
        assert (await bot.post(again)).status == 201
    assert len([r for r in await outbox_rows(bot) if r.id not in before]) == 2


async def test_enkat_svara_typed_in_the_channel_sends_the_form_to_the_own_chat(
    bot: QuestionnaireBot,
) -> None:
    questionnaire_id, _, _ = await _sent(bot)
    before = {r.id for r in await outbox_rows(bot)}
    await say(bot, ANNA, "hjälp", scope="personal")  # her own chat with the bot is known
    bot.connector.clear()
    await say(bot, ANNA, f"enkät svara {questionnaire_id}")
    [note] = bot.connector.texts()
    assert "jag har skickat svarsformuläret till dig i vår chatt" in note
    assert posted_cards(bot) == []
    [row] = [r for r in await outbox_rows(bot) if r.id not in before]
    assert row.user_aad_id == ANNA.aad_object_id and "Svar för: Gnesta kommun" in card_text(
        row.card
    )
    # Someone who may not answer is refused as before, and nothing is queued.
    bot.connector.clear()
    await say(bot, MALIN, f"enkät svara {questionnaire_id} Gnesta kommun")
    [refusal] = bot.connector.texts()
    assert "Gnesta kommun" in refusal and "skickat" not in refusal
    assert len([r for r in await outbox_rows(bot) if r.id not in before]) == 1


def _close_button(card: dict[str, Any]) -> dict[str, Any]:
    """The confirming Execute inside the organiser's "Stäng enkäten" (an Action.ShowCard)."""
    [show] = [a for a in card.get("actions", []) if a.get("title") == STANG]
    assert show["type"] == "Action.ShowCard"
    assert "Det går inte att ångra." in card_text(show["card"])
    return button(show["card"], "Ja, stäng enkäten")


async def _status(bot: QuestionnaireBot) -> str:
    async with bot.sessions() as session:
        questionnaire = await session.scalar(select(Questionnaire))
        assert questionnaire is not None
        return questionnaire.status.value


async def test_only_organisers_can_close_from_their_own_view_of_the_status_card(
    bot: QuestionnaireBot,
) -> None:
    questionnaire_id, status_id, status = await _sent(bot)
    anna = await _own(bot, ANNA, status, status_id)  # a contact: no organiser button
    assert STANG not in _titles(anna)
    close = _close_button(await _own(bot, MARIE, status, status_id))
    assert close == {"action": "questionnaire_close", "questionnaire_id": questionnaire_id}
    before = len(await outbox_rows(bot))

    # A member who copies the organiser's button is refused in the invoke: nothing changes.
    refused = await execute(bot, ANNA, close, status_id)
    assert refused["type"] == MESSAGE and "bara processledare" in refused["value"], refused
    assert await _status(bot) == "open" and len(await outbox_rows(bot)) == before
    # Bad input: another number, or a malformed payload, changes nothing either.
    missing = await execute(bot, MARIE, {**close, "questionnaire_id": 999}, status_id)
    assert missing["type"] == MESSAGE and "nummer 999" in missing["value"]
    forged = await execute(bot, MARIE, {**close, "questionnaire_id": "alla"}, status_id)
    assert forged["type"] == MESSAGE and "går inte att använda" in forged["value"]
    assert await _status(bot) == "open" and bot.connector.calls == []

    # The process leader's click closes it; her own view is redrawn in the answer.
    closed = await execute(bot, MARIE, close, status_id)
    assert closed["type"] == CARD, closed
    assert "Enkäten är stängd." in card_text(closed["value"])
    assert _titles(closed["value"]) == ["Resultat"]
    assert await _status(bot) == "closed"
    # Everyone's card is redrawn through the outbox (the channel's message, edited).
    [update] = [r for r in (await outbox_rows(bot))[before:] if r.kind == "questionnaire_status"]
    assert update.update_activity_id == status_id
    assert "Enkäten är stängd." in card_text(update.card)
    assert _titles(update.card) == ["Resultat"]
    assert "⏳ **Trosa kommun** — svarade inte (Malin Palmér)" in card_text(update.card)
    # The contact's own view no longer offers Svara, nor says "not yet".
    anna = await _own(bot, ANNA, status, status_id)
    assert _titles(anna) == []
    assert "Din organisation (Gnesta kommun) svarade inte innan enkäten stängdes." in card_text(
        anna
    )
    # A replay of the click is refused with a message; nothing more is queued.
    again = await execute(bot, MARIE, close, status_id)
    assert again["type"] == MESSAGE and "inte öppen" in again["value"]
    assert len(await outbox_rows(bot)) == before + 1


async def test_no_form_is_promised_when_the_own_chat_cannot_be_reached(
    bot: QuestionnaireBot,
) -> None:
    """Anna removed the app from her own chat: the bot may not write there (nor create it
    again), so neither Svara (old client) nor enkät svara says the form was sent; she is
    told how to get it, and the form is neither queued nor posted in the channel."""
    questionnaire_id, status_id, status = await _sent(bot)
    await say(bot, ANNA, "hjälp", scope="personal")
    await bot.post(teams.installation_update("personal", "remove", ANNA, bot.connector.url))
    bot.connector.clear()
    before = {r.id for r in await outbox_rows(bot)}

    await click(bot, ANNA, button(status, SVARA), status_id)
    await say(bot, ANNA, f"enkät svara {questionnaire_id}")
    notes = bot.connector.texts()
    assert len(notes) == 2
    for note in notes:
        assert note.startswith("Anna-Karin Hammar, jag kan inte skicka svarsformuläret")
        assert "skickat" not in note
        how = "Öppna Samverkansboten i chatten (Appar → Samverkansboten) och skriv"
        assert f"{how} **enkät svara {questionnaire_id}** där." in note
    assert posted_cards(bot) == [] and bot.connector.updates() == []
    assert [r for r in await outbox_rows(bot) if r.id not in before] == []

    # Written to again in her own chat, the bot asks there and the form is the reply.
    await say(bot, ANNA, f"enkät svara {questionnaire_id}", scope="personal")
    [(_, form)] = posted_cards(bot)
    assert "Svar för: Gnesta kommun" in card_text(form)
