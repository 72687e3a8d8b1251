"""`gdpr export --user X` holds X's data and identifies nobody else: rows shared with other
people (a questionnaire target with a deputy, a decision with several owners, a poll
others answered, audit events by others) come out with the others masked."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import gdpr
from tests.bot.poll_meeting_support import submit_data
from tests.bot.questionnaire_support import (
    HELENA,
    ISSUE_QUESTIONS,
    OMAR,
    QuestionnaireBot,
    button,
    click,
    install_group,
    posted_cards,
    questionnaire_bot,
    say,
)
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE

OTHERS = (OMAR, GABRIEL, KRISTIN, MALIN, MARIE, HELENA)


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[QuestionnaireBot]:
    async with questionnaire_bot(database_url, connector) as running:
        await install_group(running)
        yield running


async def test_export_masks_everyone_but_its_subject(bot: QuestionnaireBot) -> None:
    # A questionnaire: Anna-Karin answers for Gnesta, Omar is her deputy.
    await say(bot, MARIE, f"enkät ny Deadline: 30/9\n{ISSUE_QUESTIONS}")
    [(preview_id, preview)] = posted_cards(bot)
    await click(bot, MARIE, button(preview, "Skicka"), preview_id)
    bot.connector.clear()
    # A poll both she and Kristin answer; a decision she logs for herself and Gabriel.
    await say(bot, GABRIEL, "föreslå datum Höstmöten: 12/10, 19/10 kl 9-12 svara senast 29/9")
    [(poll_id, poll_card)] = posted_cards(bot)
    await click(bot, ANNA, submit_data(poll_card, "Ja"), poll_id)
    await click(bot, KRISTIN, submit_data(poll_card, "Nej"), poll_id)
    await say(bot, ANNA, "beslut: Anna-Karin Hammar och Gabriel Billing tar fram en tidplan")

    async with bot.sessions() as session:
        exported = await gdpr.export_person(session, ANNA.aad_object_id)
    tables = exported["tables"]
    dumped = json.dumps(exported, ensure_ascii=False)
    for other in OTHERS:
        assert other.aad_object_id not in dumped, other.name
        assert other.teams_id not in dumped, other.name
        assert other.name not in dumped, other.name

    # Her own data is all there, with her own identifiers.
    assert [m["name"] for m in tables["members"]] == [ANNA.name]
    [target] = tables["questionnaire_targets"]
    assert target["contact_aad_id"] == ANNA.aad_object_id
    assert target["deputy_aad_id"] == gdpr.OTHER_PERSON
    assert len(tables["poll_answers"]) == 1  # hers, not Kristin's
    [decision] = tables["decisions"]
    assert decision["logged_by_aad_id"] == ANNA.aad_object_id
    assert decision["text"] == f"{ANNA.name} och {gdpr.OTHER_PERSON} tar fram en tidplan"
    assert len(tables["decision_owners"]) == 1  # her ownership, not Gabriel's
    # Audit events are hers only: Gabriel's and Marie's actions do not come along.
    assert {e["actor_aad_id"] for e in tables["audit_events"]} == {ANNA.aad_object_id}
