"""Questionnaires through HTTP (issue #5): create with role checks, preview, send to the
contacts through the outbox, answer (contact and deputy, drafts, pages, edits), the status
card, idempotent submits, PII refusals, forged payloads."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.outbox.dispatcher import Dispatcher
from storage.audit_models import AuditEvent
from storage.outbox.models import OutboxStatus
from storage.questionnaires.models import (
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireStatus,
    QuestionnaireTarget,
    ResponseStatus,
)
from tests.bot.questionnaire_support import (
    HELENA,
    ISSUE_QUESTIONS,
    OMAR,
    QuestionnaireBot,
    button,
    card_text,
    click,
    execute,
    fill,
    inputs,
    install_group,
    outbox_rows,
    posted_cards,
    questionnaire_bot,
    say,
    updated_cards,
)
from tests.conftest import make_settings
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE, personal_conversation_id


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[QuestionnaireBot]:
    async with questionnaire_bot(database_url, connector) as running:
        await install_group(running)
        yield running


async def _preview(
    bot: QuestionnaireBot, text: str = ISSUE_QUESTIONS
) -> tuple[str, dict[str, Any]]:
    await say(bot, MARIE, f"enkät ny Titel: Implementering HT\n{text}")
    [(activity_id, card)] = posted_cards(bot)
    bot.connector.clear()
    return activity_id, card


async def _send(bot: QuestionnaireBot, text: str = ISSUE_QUESTIONS) -> tuple[int, str]:
    """Create and send; returns (questionnaire id, status card activity id)."""
    preview_id, preview = await _preview(bot, text)
    await click(bot, MARIE, button(preview, "Skicka"), preview_id)
    [(status_id, _)] = posted_cards(bot)
    bot.connector.clear()
    async with bot.sessions() as session:
        questionnaire = await session.scalar(select(Questionnaire))
        assert questionnaire is not None
    return questionnaire.id, status_id


def _invite_card(rows: list[Any], user_aad_id: str) -> dict[str, Any]:
    [row] = [r for r in rows if r.kind == "questionnaire_invite" and r.user_aad_id == user_aad_id]
    return dict(row.card)


async def _answer_personally(
    bot: QuestionnaireBot, user: Any, card: dict[str, Any], answers: list[str]
) -> None:
    await click(bot, user, fill(card, "Skicka svar", answers), "activity-p1", scope="personal")


async def test_process_leader_pastes_the_four_questions_and_sees_a_preview(
    bot: QuestionnaireBot,
) -> None:
    _, card = await _preview(bot)
    text = card_text(card)
    assert "Förhandsvisning av enkät" in text
    assert "Implementering HT" in text
    for line in ISSUE_QUESTIONS.split("\n"):
        assert line in text
    assert "Sista svarsdag: onsdag 30/9" in text  # default: end of the current month
    assert "Mottagare: 4 organisationer (listade nedan)" in text
    assert "**Gnesta kommun**: Anna-Karin Hammar (ersättare: Omar Haddad)" in text
    assert "**Trosa kommun**: Malin Palmér (ersättare: Helena Berg)" in text
    assert "**Nyköpings kommun**: Kristin Wirén" in text
    assert "**Region Sörmland**: Gabriel Billing" in text
    assert [a["title"] for a in card["actions"]] == ["Skicka", "Avbryt"]
    async with bot.sessions() as session:
        questionnaire = await session.scalar(select(Questionnaire))
        assert questionnaire is not None and questionnaire.status == QuestionnaireStatus.DRAFT
    assert await outbox_rows(bot) == []  # nothing leaves before Skicka


async def test_member_without_the_role_cannot_create_and_nothing_is_stored(
    bot: QuestionnaireBot,
) -> None:
    await say(bot, ANNA, f"enkät ny\n{ISSUE_QUESTIONS}")
    [text] = bot.connector.texts()
    assert "bara processledare och ordföranden" in text
    assert posted_cards(bot) == []
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Questionnaire)) == 0


async def test_forged_send_by_a_member_is_refused(bot: QuestionnaireBot) -> None:
    preview_id, preview = await _preview(bot)
    await click(bot, ANNA, button(preview, "Skicka"), preview_id)
    assert "bara processledare och ordföranden" in bot.connector.texts()[0]
    async with bot.sessions() as session:
        questionnaire = await session.scalar(select(Questionnaire))
        assert questionnaire is not None and questionnaire.status == QuestionnaireStatus.DRAFT
    assert await outbox_rows(bot) == []


async def test_the_chair_may_create_too_and_cancel_a_draft(bot: QuestionnaireBot) -> None:
    await say(bot, GABRIEL, f"enkät ny\n{ISSUE_QUESTIONS}")
    [(preview_id, preview)] = posted_cards(bot)
    await click(bot, GABRIEL, button(preview, "Avbryt"), preview_id)
    [replaced] = updated_cards(bot, preview_id)
    assert "är avbruten" in card_text(replaced)
    async with bot.sessions() as session:
        questionnaire = await session.scalar(select(Questionnaire))
        assert questionnaire is not None and questionnaire.status == QuestionnaireStatus.CANCELLED


async def test_send_invites_contacts_personally_and_posts_the_status_card(
    bot: QuestionnaireBot,
) -> None:
    preview_id, preview = await _preview(bot)
    await click(bot, MARIE, button(preview, "Skicka"), preview_id)
    [replaced] = updated_cards(bot, preview_id)
    assert "är skickad" in card_text(replaced)
    [(status_id, status)] = posted_cards(bot)
    # the @mentions go first as text; the status card goes alone, so its id is known
    announcement, card_message = bot.connector.sent()
    assert not announcement.get("attachments") and card_message["attachments"]
    mentioned = {e["mentioned"]["name"] for e in announcement["entities"]}
    assert mentioned == {ANNA.name, MALIN.name, KRISTIN.name, GABRIEL.name}
    assert "<at>Anna-Karin Hammar</at>" in announcement["text"]
    assert "0 av 4 har svarat" in card_text(status)
    assert "29 dagar kvar" in card_text(status)
    rows = await outbox_rows(bot)
    invites = [r for r in rows if r.kind == "questionnaire_invite"]
    assert {r.user_aad_id for r in invites} == {
        ANNA.aad_object_id,
        MALIN.aad_object_id,
        KRISTIN.aad_object_id,
        GABRIEL.aad_object_id,
    }
    async with bot.sessions() as session:
        questionnaire = await session.scalar(select(Questionnaire))
        assert questionnaire is not None
        assert questionnaire.status == QuestionnaireStatus.OPEN
        assert questionnaire.status_activity_id == status_id  # remembered via on_sent
        channel_pk = (await session.scalar(select(Questionnaire.group_id)),)
    for row in invites:
        assert row.fallback_conversation_pk is not None  # the channel, for guests
        assert row.group_id == channel_pk[0]
        assert [i["type"] for i in inputs(row.card)] == ["Input.Text"] * 4
    # A double click on Skicka sends nothing twice.
    bot.connector.clear()
    await click(bot, MARIE, button(preview, "Skicka"), preview_id)
    assert bot.connector.texts() == [f"Enkät {questionnaire.id} är redan skickad."]
    assert len(await outbox_rows(bot)) == len(rows)


async def test_two_organisations_answer_one_through_its_deputy_status_shows_two_of_four(
    bot: QuestionnaireBot,
) -> None:
    questionnaire_id, status_id = await _send(bot)
    rows = await outbox_rows(bot)
    anna_card = _invite_card(rows, ANNA.aad_object_id)
    await _answer_personally(
        bot, ANNA, anna_card, ["Plan antagen i KS", "Utsedd", "Påbörjat", "Info på APT"]
    )
    [receipt] = updated_cards(bot, "activity-p1")
    assert "Tack! Svaret för Gnesta kommun är inskickat." in card_text(receipt)
    # Helena is Trosa's deputy: she opens the questionnaire from the channel card (an
    # Action.Execute: the form is the answer to her click, shown to her only).
    bot.connector.clear()
    opened = await execute(
        bot,
        HELENA,
        {"action": "questionnaire_open", "questionnaire_id": questionnaire_id},
        status_id,
    )
    helena_card = opened["value"]
    assert "Svar för: Trosa kommun" in card_text(helena_card)
    answers = fill(helena_card, "Skicka svar", ["Ingen plan än", "Nej", "Nej", "Nej"])
    receipt = await execute(bot, HELENA, answers, status_id)
    assert "Svaret för Trosa kommun är inskickat" in card_text(receipt["value"])
    assert bot.connector.calls == []  # neither the form nor the receipt in the channel
    status_updates = [r for r in await outbox_rows(bot) if r.kind == "questionnaire_status"]
    assert [r.update_activity_id for r in status_updates] == [status_id, status_id]
    latest = card_text(status_updates[-1].card)
    assert "2 av 4 har svarat" in latest
    assert "✅ **Gnesta kommun** — besvarad av Anna-Karin Hammar tisdag 1/9" in latest
    assert "✅ **Trosa kommun** — besvarad av Helena Berg tisdag 1/9" in latest
    assert "⏳ **Nyköpings kommun** — inte besvarad än (Kristin Wirén)" in latest
    # Malin, Trosa's contact, sees that her deputy answered, and by whom.
    bot.connector.clear()
    await say(bot, MALIN, f"enkät svara {questionnaire_id}", scope="personal")
    [(_, malin_card)] = posted_cards(bot)
    assert "Besvarad för organisationen av Helena Berg tisdag 1/9" in card_text(malin_card)
    assert [i.get("value") for i in inputs(malin_card)] == ["Ingen plan än", "Nej", "Nej", "Nej"]
    async with bot.sessions() as session:
        responses = (await session.scalars(select(QuestionnaireResponse))).all()
        assert len(responses) == 2
        assert {r.answered_by_aad_id for r in responses} == {
            ANNA.aad_object_id,
            HELENA.aad_object_id,
        }
        assert all(r.status == ResponseStatus.SUBMITTED for r in responses)


async def test_double_click_and_redelivery_store_one_answer(bot: QuestionnaireBot) -> None:
    await _send(bot)
    card = _invite_card(await outbox_rows(bot), KRISTIN.aad_object_id)
    data = fill(card, "Skicka svar", ["a", "b", "c", "d"])
    for _ in range(3):
        await click(bot, KRISTIN, data, "activity-k", scope="personal")
    receipts = [card_text(c) for c in updated_cards(bot, "activity-k")]
    assert "inskickat" in receipts[0]
    assert all("redan inskickat med samma innehåll" in r for r in receipts[1:])
    async with bot.sessions() as session:
        responses = (await session.scalars(select(QuestionnaireResponse))).all()
        answers = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.action == "questionnaire.answer")
            )
        ).all()
    assert len(responses) == 1 and responses[0].revision == 1
    assert len(answers) == 1
    assert len([r for r in await outbox_rows(bot) if r.kind == "questionnaire_status"]) == 1


async def test_only_contact_deputy_or_process_leader_may_answer(bot: QuestionnaireBot) -> None:
    await _send(bot)
    card = _invite_card(await outbox_rows(bot), ANNA.aad_object_id)
    data = fill(card, "Skicka svar", ["x", "y", "z", "w"])
    # Malin (Trosa) replays Gnesta's card: refused, nothing stored.
    await click(bot, MALIN, data, "activity-m", scope="personal")
    assert "Bara kontaktpersonen och ersättaren för Gnesta kommun" in bot.connector.texts()[0]
    # Omar, Gnesta's deputy, may; so may Marie, the process leader.
    await click(bot, OMAR, data, "activity-o", scope="personal")
    # (her form is opened after Omar's answer: made against its revision)
    changed = dict(data, revision=1, **{inputs(card)[0]["id"]: "ändrat av processledaren"})
    await click(bot, MARIE, changed, "activity-pl", scope="personal")
    async with bot.sessions() as session:
        [response] = (await session.scalars(select(QuestionnaireResponse))).all()
    assert response.answered_by_aad_id == MARIE.aad_object_id
    assert "ändrat av processledaren" in response.answers.values()


async def test_draft_then_edit_until_the_deadline_then_locked(bot: QuestionnaireBot) -> None:
    questionnaire_id, _ = await _send(bot)
    card = _invite_card(await outbox_rows(bot), ANNA.aad_object_id)
    await click(
        bot, ANNA, fill(card, "Spara utkast", ["halvfärdigt", "", "", ""]), "p1", scope="personal"
    )
    assert "Utkastet är sparat" in bot.connector.texts()[-1]
    async with bot.sessions() as session:
        [draft] = (await session.scalars(select(QuestionnaireResponse))).all()
    assert draft.status == ResponseStatus.DRAFT and list(draft.draft.values()) == ["halvfärdigt"]
    assert [r for r in await outbox_rows(bot) if r.kind == "questionnaire_status"] == []
    # Submitting with required answers missing stores nothing and says which.
    await click(
        bot, ANNA, fill(card, "Skicka svar", ["klart", "", "c", "d"]), "p1", scope="personal"
    )
    assert "fråga 2 måste besvaras" in bot.connector.texts()[-1]
    await click(
        bot, ANNA, fill(card, "Skicka svar", ["klart", "b", "c", "d"]), "p1", scope="personal"
    )
    # Edit before the deadline: "Ändra svar" brings the form back with the answers.
    [receipt, *_] = [c for c in updated_cards(bot, "p1") if "Tack!" in card_text(c)]
    bot.connector.clear()
    await click(bot, ANNA, button(receipt, "Ändra svar"), "p1", scope="personal")
    [form] = updated_cards(bot, "p1")
    assert [i.get("value") for i in inputs(form)] == ["klart", "b", "c", "d"]
    await click(
        bot, ANNA, fill(form, "Skicka svar", ["klart", "b2", "c", "d"]), "p1", scope="personal"
    )
    async with bot.sessions() as session:
        [response] = (await session.scalars(select(QuestionnaireResponse))).all()
    assert response.revision == 2 and "b2" in response.answers.values()
    # After the deadline the given answer is final.
    bot.clock.advance(timedelta(days=30))
    bot.connector.clear()
    await click(
        bot, ANNA, fill(form, "Skicka svar", ["sent", "b", "c", "d"]), "p1", scope="personal"
    )
    assert bot.connector.texts() == [
        f"Sista svarsdagen för enkät {questionnaire_id} har passerat, så svaret kan inte ändras."
    ]


async def test_personal_number_in_an_answer_refuses_the_whole_submit(bot: QuestionnaireBot) -> None:
    await _send(bot)
    card = _invite_card(await outbox_rows(bot), ANNA.aad_object_id)
    answers = ["ok", "Barnet 121212-1212 har plan", "ok", "ok"]
    await click(bot, ANNA, fill(card, "Skicka svar", answers), "p1", scope="personal")
    [text] = bot.connector.texts()
    assert "personnummer" in text and "1212" not in text
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(QuestionnaireResponse)) == 0


async def test_typed_questions_long_questionnaire_pages_and_validation(
    bot: QuestionnaireBot,
) -> None:
    questions = "\n".join(
        [
            "Finns en plan? [ja/nej]",
            "Antal placerade barn [tal]",
            "Hur långt har ni kommit? [skala]",
            "Vem äger frågan? [val: Socialtjänsten | Skolan]",
            "Vilka har informerats? [flerval: Chefer | Medarbetare | Politiker]",
            "Kommentar (valfri) -- t.ex. hinder",
            "Antal genomförda hälsoundersökningar [tal]",
        ]
    )
    questionnaire_id, _ = await _send(bot, questions)
    card = _invite_card(await outbox_rows(bot), KRISTIN.aad_object_id)
    assert "Sida: 1 av 2" in card_text(card)
    assert [i["type"] for i in inputs(card)] == [
        "Input.ChoiceSet",
        "Input.Number",
        "Input.ChoiceSet",
        "Input.ChoiceSet",
        "Input.ChoiceSet",
    ]
    # An invalid number is refused and nothing is stored.
    await click(
        bot, KRISTIN, fill(card, "Nästa", ["yes", "många", "3", "0", "0,2"]), "k1", scope="personal"
    )
    assert "fråga 2 är inte giltigt" in bot.connector.texts()[-1]
    await click(
        bot, KRISTIN, fill(card, "Nästa", ["yes", "12", "3", "0", "0,2"]), "k1", scope="personal"
    )
    [page_two] = updated_cards(bot, "k1")
    assert "Sida: 2 av 2" in card_text(page_two)
    assert "t.ex. hinder" in card_text(page_two)
    await click(bot, KRISTIN, fill(page_two, "Skicka svar", ["", "10"]), "k1", scope="personal")
    async with bot.sessions() as session:
        [response] = (await session.scalars(select(QuestionnaireResponse))).all()
        questionnaire = await session.get(Questionnaire, questionnaire_id)
    assert response.status == ResponseStatus.SUBMITTED
    assert sorted(map(str, response.answers.values())) == sorted(
        ["True", "12", "3", "Socialtjänsten", "['Chefer', 'Politiker']", "10"]
    )
    assert questionnaire is not None


async def test_contact_and_deputy_can_be_changed_and_the_new_contact_is_invited(
    bot: QuestionnaireBot,
) -> None:
    await _send(bot)
    await say(bot, MARIE, "enkät kontakt Nyköpings kommun @Omar Haddad", mentions=(OMAR,))
    await say(bot, MARIE, "enkät ersättare Nyköpings kommun @Kristin Wirén", mentions=(KRISTIN,))
    assert bot.connector.texts() == [
        "Omar Haddad svarar nu för Nyköpings kommun.",
        "Kristin Wirén är nu ersättare för Nyköpings kommun.",
    ]
    async with bot.sessions() as session:
        target = await session.scalar(
            select(QuestionnaireTarget).where(QuestionnaireTarget.label == "Nyköpings kommun")
        )
    assert target is not None
    assert (target.contact_aad_id, target.deputy_aad_id) == (
        OMAR.aad_object_id,
        KRISTIN.aad_object_id,
    )
    invited = {r.user_aad_id for r in await outbox_rows(bot) if r.kind == "questionnaire_invite"}
    assert OMAR.aad_object_id in invited
    # Members cannot change contacts.
    await say(bot, ANNA, "enkät kontakt Nyköpings kommun @Anna-Karin Hammar", mentions=(ANNA,))
    assert "bara processledare och ordföranden" in bot.connector.texts()[-1]


async def test_named_people_instead_of_organisations(bot: QuestionnaireBot) -> None:
    await say(
        bot,
        MARIE,
        "enkät ny Hur går det? @Anna-Karin Hammar @Helena Berg",
        mentions=(ANNA, HELENA),
    )
    [(_, preview)] = posted_cards(bot)
    text = card_text(preview)
    assert "Mottagare: 2 organisationer (listade nedan)" in text
    assert "**Anna-Karin Hammar**: Anna-Karin Hammar" in text


async def test_copy_makes_a_new_round_with_the_same_questions_and_contacts(
    bot: QuestionnaireBot,
) -> None:
    first_id, _ = await _send(bot)
    await say(bot, MARIE, "enkät kontakt Gnesta kommun @Omar Haddad", mentions=(OMAR,))
    bot.connector.clear()
    await say(bot, MARIE, f"enkät kopiera {first_id}")
    [(_, preview)] = posted_cards(bot)
    text = card_text(preview)
    for line in ISSUE_QUESTIONS.split("\n"):
        assert line in text
    assert "**Gnesta kommun**: Omar Haddad" in text  # last round's contact
    async with bot.sessions() as session:
        copies = (await session.scalars(select(Questionnaire).order_by(Questionnaire.id))).all()
    assert [q.series_id for q in copies] == [first_id, first_id]
    assert copies[1].copied_from_id == first_id


async def test_bad_input_gets_clear_messages(bot: QuestionnaireBot) -> None:
    await say(bot, MARIE, "enkät ny Fråga ett? Fråga två [okänd]")
    await say(bot, MARIE, "enkät ny Deadline: 31/2 Fråga?")
    await say(bot, MARIE, "enkät ny Till: Flen kommun, Gnesta kommun Hur går det?")
    await say(bot, MARIE, "enkät kopiera 999")
    texts = bot.connector.texts()
    assert "känner inte igen markeringen [okänd] på rad 2" in texts[0]
    assert texts[1].startswith("Jag förstod inte sista svarsdagen")
    assert "Flen kommun" in texts[2] and "Gnesta kommun" in texts[2]
    assert "ingen enkät nummer 999" in texts[3]
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Questionnaire)) == 0


async def test_form_card_keeps_line_breaks(bot: QuestionnaireBot) -> None:
    await say(bot, MARIE, "enkät ny")
    [(form_id, form)] = posted_cards(bot)
    assert {b.get("id") for b in form["body"]} >= {"title", "intro", "deadline", "questions"}
    data = dict(button(form, "Förhandsgranska"))
    data.update(
        title="Hälsoundersökningar",
        intro="",
        deadline="2026-10-15",
        questions="Antal placerade barn [tal]\n- varav med hälsoundersökning [tal]",
    )
    bot.connector.clear()
    await click(bot, MARIE, data, form_id)
    [(_, preview)] = posted_cards(bot)
    text = card_text(preview)
    assert "Hälsoundersökningar" in text and "Sista svarsdag: torsdag 15/10" in text
    assert "1. Antal placerade barn _(tal)_" in text
    assert "1a. varav med hälsoundersökning _(tal)_" in text


async def test_forged_answer_payloads_change_nothing(bot: QuestionnaireBot) -> None:
    questionnaire_id, _ = await _send(bot)
    card = _invite_card(await outbox_rows(bot), ANNA.aad_object_id)
    good = fill(card, "Skicka svar", ["a", "b", "c", "d"])
    forged = [
        dict(good, role="ordförande"),  # unknown field
        dict(good, q999999="x"),  # a question of no questionnaire on this page
        dict(good, target_id=999),  # no such target
        dict(good, questionnaire_id=questionnaire_id + 1),
        dict(good, **{inputs(card)[0]["id"]: "x" * 5000}),
    ]
    for value in forged:
        await click(bot, ANNA, value, "f1", scope="personal")
    assert len(bot.connector.texts()) == len(forged)
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(QuestionnaireResponse)) == 0


async def test_answers_in_the_personal_chat_reach_the_personal_conversation(
    bot: QuestionnaireBot,
) -> None:
    """Without a card, a contact asks for it in the chat with the bot."""
    await _send(bot)
    await say(bot, KRISTIN, "enkät svara", scope="personal")
    [(_, card)] = posted_cards(bot)
    assert "Svar för: Nyköpings kommun" in card_text(card)
    [call] = [c for c in bot.connector.calls if c.method == "POST"]
    assert call.conversation_id == personal_conversation_id(KRISTIN)
    rows = await outbox_rows(bot)
    assert all(r.status == OutboxStatus.PENDING for r in rows)


async def test_contact_and_deputy_submitting_at_once_make_one_answer(bot: QuestionnaireBot) -> None:
    """Both forms were made against "no answer yet": exactly one submit wins, the other
    is refused and shown the winner's answer (nothing is silently lost)."""
    questionnaire_id, _ = await _send(bot)
    card = _invite_card(await outbox_rows(bot), ANNA.aad_object_id)
    await say(bot, OMAR, f"enkät svara {questionnaire_id}", scope="personal")
    [(_, omar_card)] = posted_cards(bot)
    bot.connector.clear()
    url = bot.connector.url
    activities = [
        teams.card_submit(
            "personal",
            fill(card, "Skicka svar", ["a", "b", "c", "d"]),
            ANNA,
            url,
            reply_to_id="activity-anna",
        ),
        teams.card_submit(
            "personal",
            fill(omar_card, "Skicka svar", ["e", "f", "g", "h"]),
            OMAR,
            url,
            reply_to_id="activity-omar",
        ),
    ]
    responses = await asyncio.gather(*(bot.post(a) for a in activities))
    assert [r.status for r in responses] == [201, 201]
    async with bot.sessions() as session:
        rows = (await session.scalars(select(QuestionnaireResponse))).all()
    assert len(rows) == 1 and rows[0].revision == 1
    winner = rows[0].answered_by_aad_id
    assert winner in (ANNA.aad_object_id, OMAR.aad_object_id)
    loser_card = "activity-omar" if winner == ANNA.aad_object_id else "activity-anna"
    [told] = updated_cards(bot, loser_card)
    assert "Ditt svar är inte sparat" in card_text(told)


async def test_a_stale_form_is_refused_with_the_newer_answer_shown(bot: QuestionnaireBot) -> None:
    """Anna's invitation was made before Omar, Gnesta's deputy, answered: her submit
    would silently replace his whole answer. It is refused, she reads who answered when
    and what, and can replace it explicitly."""
    questionnaire_id, _ = await _send(bot)
    anna_form = _invite_card(await outbox_rows(bot), ANNA.aad_object_id)
    await say(bot, OMAR, f"enkät svara {questionnaire_id}", scope="personal")
    [(_, omar_form)] = posted_cards(bot)
    await click(
        bot,
        OMAR,
        fill(omar_form, "Skicka svar", ["Plan antagen", "Utsedd", "Klart", "Info på APT"]),
        "activity-omar",
        scope="personal",
    )
    bot.connector.clear()
    await click(
        bot,
        ANNA,
        fill(anna_form, "Skicka svar", ["Ingen plan", "Nej", "Nej", "Nej"]),
        "activity-anna",
        scope="personal",
    )
    [refused] = updated_cards(bot, "activity-anna")
    text = card_text(refused)
    assert "Ditt svar är inte sparat. Omar" in text
    assert "skickade in ett svar för Gnesta kommun tisdagen den 1 september kl" in text
    assert "Plan antagen" in text and "Ingen plan" in text  # his answer, and hers unsaved
    async with bot.sessions() as session:
        [stored] = (await session.scalars(select(QuestionnaireResponse))).all()
    assert stored.answered_by_aad_id == OMAR.aad_object_id and stored.revision == 1
    assert "Plan antagen" in stored.answers.values()
    status_updates = [r for r in await outbox_rows(bot) if r.kind == "questionnaire_status"]
    assert len(status_updates) == 1  # the refused submit changed nothing to show
    # She chooses to replace it: now it is hers (a new revision), explicitly.
    bot.connector.clear()
    await click(
        bot, ANNA, button(refused, "Ersätt med mitt svar"), "activity-anna", scope="personal"
    )
    [receipt] = updated_cards(bot, "activity-anna")
    assert "Tack! Svaret för Gnesta kommun är inskickat." in card_text(receipt)
    async with bot.sessions() as session:
        [stored] = (
            await session.scalars(
                select(QuestionnaireResponse).execution_options(populate_existing=True)
            )
        ).all()
    assert stored.answered_by_aad_id == ANNA.aad_object_id and stored.revision == 2
    assert "Ingen plan" in stored.answers.values()
    # Her replace button is now stale too: replayed, it is refused, not applied twice.
    bot.connector.clear()
    await click(
        bot, OMAR, fill(omar_form, "Skicka svar", ["x", "y", "z", "w"]), "a-o2", scope="personal"
    )
    assert "Ditt svar är inte sparat. Anna-Karin Hammar" in card_text(updated_cards(bot, "a-o2")[0])


async def test_english_locale_gets_english_cards(bot: QuestionnaireBot) -> None:
    await say(bot, MARIE, f"questionnaire new\n{ISSUE_QUESTIONS}", locale="en-GB")
    [(_, preview)] = posted_cards(bot)
    text = card_text(preview)
    assert "Preview of questionnaire" in text and "Deadline: Wednesday 30 September" in text
    assert [a["title"] for a in preview["actions"]] == ["Send", "Cancel"]


async def test_delivered_by_the_dispatcher_and_status_card_updated_in_place(
    bot: QuestionnaireBot, database_url: str
) -> None:
    """Through the real outbox dispatcher and the loopback connector: invitations reach the
    contacts' personal chats, and an answer given there updates the channel's card."""
    _, status_id = await _send(bot)
    dispatcher = Dispatcher(make_settings(database_url), bot.sessions, bot.clock)
    try:
        await dispatcher.drain(max_seconds=20)
        invites = [c for c in bot.connector.calls if c.method == "POST" and c.activity_id]
        assert len(invites) == 4
        assert all("Du är kontaktperson för" in (c.body.get("text") or "") for c in invites)
        anna = next(r for r in await outbox_rows(bot) if r.user_aad_id == ANNA.aad_object_id)
        assert anna.status == OutboxStatus.SENT
        card = _invite_card(await outbox_rows(bot), ANNA.aad_object_id)
        await _answer_personally(bot, ANNA, card, ["a", "b", "c", "d"])
        bot.connector.clear()
        await dispatcher.drain(max_seconds=20)
        [update] = updated_cards(bot, status_id)
        assert "1 av 4 har svarat" in card_text(update)
        assert "✅ **Gnesta kommun** — besvarad av Anna-Karin Hammar" in card_text(update)
    finally:
        await dispatcher.close()


async def test_two_send_clicks_at_once_send_once(bot: QuestionnaireBot) -> None:
    preview_id, preview = await _preview(bot)
    url = bot.connector.url
    data = button(preview, "Skicka")
    clicks = [teams.card_submit("channel", data, MARIE, url, reply_to_id=preview_id)] * 2
    responses = await asyncio.gather(
        *(bot.post(dict(c, id=f"send-{i}")) for i, c in enumerate(clicks))
    )
    assert [r.status for r in responses] == [201, 201]
    status_cards = [c for _, c in posted_cards(bot) if "har svarat" in card_text(c)]
    assert len(status_cards) == 1
    assert any("är redan skickad" in text for text in bot.connector.texts())
    assert len([r for r in await outbox_rows(bot) if r.kind == "questionnaire_invite"]) == 4
