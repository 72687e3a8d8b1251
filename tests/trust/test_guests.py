"""Guests (issue #9) through HTTP on both backends: Teams' member list marks a guest; a
guest may not answer for an organisation until the chair allows it with `roll gäst`;
members and process leaders cannot allow it; revoking refuses again; the date poll
counts a guest's Ja as the organisation's only with the permission."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.audit_models import AuditEvent
from storage.directory.models import GuestPermission, Member
from storage.questionnaires.models import (
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireTarget,
)
from tests.bot.questionnaire_support import (
    ISSUE_QUESTIONS,
    QuestionnaireBot,
    button,
    card_text,
    click,
    execute,
    fill,
    install_group,
    posted_cards,
    questionnaire_bot,
    say,
)
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, MARIE, TEAM_ID, User

SOFIA = User("Sofia Lindqvist", "99999999-eeee-4fff-8aaa-000000000001")
NILS = User("Nils Åkerlund", "99999999-eeee-4fff-8aaa-000000000002")


def guest_member(user: User) -> dict[str, Any]:
    """A B2B guest as Teams' member list returns one."""
    return {
        **user.member(),
        "userRole": "guest",
        "userPrincipalName": f"{user.aad_object_id[:8]}_partner.se#EXT#@sormland.onmicrosoft.com",
    }


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[QuestionnaireBot]:
    async with questionnaire_bot(database_url, connector) as running:
        await install_group(running)
        # Sofia, a consultant working for Trosa kommun, is invited into the team as a guest.
        running.connector.members[TEAM_ID].append(guest_member(SOFIA))
        url = running.connector.url
        await running.post(
            teams.conversation_update("channel", GABRIEL, url, added=[SOFIA.account()])
        )
        await say(running, SOFIA, "organisation Trosa kommun")
        running.connector.clear()
        yield running


async def _member(bot: QuestionnaireBot, user: User) -> Member:
    async with bot.sessions() as session:
        member = await session.scalar(
            select(Member).where(Member.aad_object_id == user.aad_object_id)
        )
        assert member is not None
        return member


async def _make_sofia_trosa_deputy(bot: QuestionnaireBot) -> list[str]:
    bot.connector.clear()
    await say(bot, MARIE, "enkät ersättare Trosa kommun @Sofia Lindqvist", mentions=(SOFIA,))
    return bot.connector.texts()


async def _send_questionnaire(bot: QuestionnaireBot) -> tuple[int, str]:
    await say(bot, MARIE, f"enkät ny Titel: Implementering HT\n{ISSUE_QUESTIONS}")
    [(preview_id, preview)] = posted_cards(bot)
    await click(bot, MARIE, button(preview, "Skicka"), preview_id)
    status_id = posted_cards(bot)[-1][0]
    async with bot.sessions() as session:
        questionnaire_id = await session.scalar(select(Questionnaire.id))
    assert questionnaire_id is not None
    bot.connector.clear()
    return questionnaire_id, status_id


async def _open_as(bot: QuestionnaireBot, user: User, questionnaire_id: int, status_id: str) -> str:
    bot.connector.clear()
    await click(
        bot, user, {"action": "questionnaire_open", "questionnaire_id": questionnaire_id}, status_id
    )
    return "\n".join(bot.connector.texts())


async def _responses(bot: QuestionnaireBot) -> int:
    async with bot.sessions() as session:
        return int(
            await session.scalar(select(func.count()).select_from(QuestionnaireResponse)) or 0
        )


async def _audit_actions(bot: QuestionnaireBot) -> list[str]:
    async with bot.sessions() as session:
        rows = await session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.action.startswith("guest."))
            .order_by(AuditEvent.id)
        )
        return list(rows.all())


async def test_teams_member_list_marks_guests_on_join_and_on_first_turn(
    bot: QuestionnaireBot,
) -> None:
    assert (await _member(bot, SOFIA)).guest
    assert not (await _member(bot, ANNA)).guest
    # Nils was never announced: his first message adds him, then Teams is asked about him.
    bot.connector.members[TEAM_ID].append(guest_member(NILS))
    await say(bot, NILS, "hjälp")
    assert (await _member(bot, NILS)).guest
    [lookup] = [c.path for c in bot.connector.calls if c.method == "GET"]
    assert lookup.endswith(f"/members/{NILS.teams_id}")
    # A known member's turns ask Teams nothing.
    bot.connector.clear()
    await say(bot, NILS, "hjälp")
    assert [c for c in bot.connector.calls if c.method == "GET"] == []


async def test_guest_is_refused_until_the_chair_allows_then_refused_again_after_revoke(
    bot: QuestionnaireBot,
) -> None:
    questionnaire_id, status_id = await _send_questionnaire(bot)
    async with bot.sessions() as session:
        targets_before = (await session.scalars(select(QuestionnaireTarget.deputy_aad_id))).all()
    # Neither the default contacts nor the organiser make a guest answer for Trosa unasked.
    assert SOFIA.aad_object_id not in targets_before
    [refused_deputy] = await _make_sofia_trosa_deputy(bot)
    assert refused_deputy.startswith(
        "Sofia Lindqvist är gäst och får inte svara för Trosa kommun ännu."
    )
    async with bot.sessions() as session:
        assert (await session.scalars(select(QuestionnaireTarget.deputy_aad_id))).all() == (
            targets_before
        )

    refusal = await _open_as(bot, SOFIA, questionnaire_id, status_id)
    # Not made deputy, she is not asked for Trosa's answer at all.
    assert "Du är inte kontaktperson eller ersättare i enkät 1" in refusal
    assert posted_cards(bot) == []

    # Nobody but the chair can allow it, not even a process leader.
    for user in (ANNA, MARIE):
        bot.connector.clear()
        await say(
            bot, user, "roll gäst @Sofia Lindqvist får svara för Trosa kommun", mentions=(SOFIA,)
        )
        assert bot.connector.texts() == [
            "Bara ordföranden kan låta en gäst svara för en organisation."
        ]
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(GuestPermission)) == 0

    bot.connector.clear()
    await say(
        bot, GABRIEL, "roll gäst @Sofia Lindqvist får svara för trosa KOMMUN", mentions=(SOFIA,)
    )
    assert bot.connector.texts() == [
        "Sofia Lindqvist (gäst) får nu svara för Trosa kommun i enkäter och datumförslag."
    ]
    bot.connector.clear()
    await say(bot, ANNA, "medlemmar")
    assert "Sofia Lindqvist (gäst, svarar för Trosa kommun)" in str(bot.connector.cards())
    [deputy_set] = await _make_sofia_trosa_deputy(bot)
    assert "Sofia Lindqvist" in deputy_set

    # Allowed, she opens the form from the channel card (an Action.Execute: the form is
    # the answer to her click only) and answers from it.
    open_data = {"action": "questionnaire_open", "questionnaire_id": questionnaire_id}
    opened = await execute(bot, SOFIA, open_data, status_id)
    card, card_id = opened["value"], status_id
    assert "Svar för: Trosa kommun" in card_text(card)
    answer = fill(card, "Skicka svar", ["Plan på gång", "Ja", "Nej", "Ja"])
    await execute(bot, SOFIA, answer, card_id)
    assert await _responses(bot) == 1

    await say(
        bot,
        GABRIEL,
        "roll gäst @Sofia Lindqvist får inte svara för Trosa kommun",
        mentions=(SOFIA,),
    )
    assert "Sofia Lindqvist (gäst) får inte längre svara för Trosa kommun." in (
        bot.connector.texts()
    )
    # Replaying her own earlier submit (a new text) changes nothing now.
    bot.connector.clear()
    async with bot.sessions() as session:
        before = await session.scalar(select(QuestionnaireResponse.answers))
    changed = fill(card, "Skicka svar", ["Ändrat", "Nej", "Nej", "Nej"])
    await click(bot, SOFIA, changed, card_id)
    assert "Du är gäst i gruppen" in "\n".join(bot.connector.texts())
    async with bot.sessions() as session:
        assert await session.scalar(select(QuestionnaireResponse.answers)) == before
    assert await _audit_actions(bot) == ["guest.allow", "guest.revoke"]


async def test_english_words_and_clear_errors(bot: QuestionnaireBot) -> None:
    await say(bot, GABRIEL, "role guest @Sofia Lindqvist may answer for Gotham", mentions=(SOFIA,))
    await say(
        bot, GABRIEL, "roll gäst @Anna-Karin Hammar får svara för Trosa kommun", mentions=(ANNA,)
    )
    await say(bot, GABRIEL, "roll gäst Sofia")
    texts = bot.connector.texts()
    assert texts[0].startswith("Jag hittar ingen organisation som heter så i gruppen.")
    assert "Trosa kommun" in texts[0]
    assert texts[1] == "Anna-Karin Hammar är inte gäst i gruppen och behöver inget tillstånd."
    assert texts[2].startswith("Skriv **roll gäst @namn får svara för")
    assert await _audit_actions(bot) == []


async def test_a_guests_yes_counts_for_the_organisation_only_with_permission(
    bot: QuestionnaireBot,
) -> None:
    await say(bot, MARIE, "föreslå datum 7/10 och 14/10")
    [(poll_id, poll)] = posted_cards(bot)
    yes = next(
        a["data"]
        for a in _actions(poll)
        if a.get("data", {}).get("action") == "poll_answer" and a["data"].get("choice") == "yes"
    )
    await click(bot, SOFIA, dict(yes), poll_id)
    assert "Trosa kommun" not in _able_line(bot)
    await say(
        bot, GABRIEL, "roll gäst @Sofia Lindqvist får svara för Trosa kommun", mentions=(SOFIA,)
    )
    await click(bot, SOFIA, {**yes, "choice": "if_needed"}, poll_id)
    assert "Trosa kommun" in _able_line(bot)


def _actions(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if str(node.get("type", "")).startswith("Action."):
            found.append(node)
        for value in node.values():
            found.extend(_actions(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_actions(item))
    return found


def _able_line(bot: QuestionnaireBot) -> str:
    latest = bot.connector.updated_cards()[-1]
    return next(line for line in card_text(latest).split("\n") if "Organisationer som kan" in line)
