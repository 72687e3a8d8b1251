"""Replay proof (issue #9): every privileged card action, captured from the card the bot
really posted for the person allowed to use it, replayed by a plain member of the group
and by a user of another tenant. Both are refused with a message, and the database is
unchanged (every row of every table but the directory's self-healing rows, and the
group's members' roles, organisations and guest flags).

Covered privileged card actions (who may use them):
- decision_status: decision status buttons (owners, chair, secretary)
- decision_minutes_confirm: save decisions from pasted minutes (the paster, chair,
  secretary)
- poll_close, poll_deadline, poll_reveal: close a date poll, change its deadline, show
  hidden answers (the poll's organiser, chair, secretary)
- questionnaire_create, questionnaire_send, questionnaire_cancel: create from the form,
  send or cancel a draft (process leaders, chair)
- questionnaire_results: results and exports (process leaders, chair, secretary)
- questionnaire_close: close an open questionnaire from the organiser's own view of the
  status card (process leaders, chair)
- questionnaire_open (with a target), questionnaire_answer: open or submit an
  organisation's answer (its contact and deputy, process leaders, chair)
- reminders_snooze: move a nudge (only the person it is for)
- agenda_remove, attendance_correct: remove a point from a meeting's agenda, correct its
  attendance list (the meeting's organiser, chair, secretary; removal also process leader)

Card actions that are not privileged (any member acts for themself, or a read within
the sender's own group) are listed in NOT_PRIVILEGED with the reason. Meeting close,
RSVP administration, reminder pause/settings and role changes are text commands, not
card actions, so no card payload exists to replay (their role checks have their own
tests). A new card action or invoke in the routing table fails
`test_every_routed_action_is_classified` until it is added here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.outbox.dispatcher import Dispatcher
from bot.routing.router import CARD_ACTIONS, INVOKES
from storage.db import unit_of_work
from storage.directory.models import Group, Member
from storage.outbox import operations as outbox
from storage.schema import metadata
from tests.bot.questionnaire_support import (
    ISSUE_QUESTIONS,
    QuestionnaireBot,
    click,
    install_group,
    outbox_rows,
    posted_cards,
    questionnaire_bot,
    say,
)
from tests.conftest import make_settings
from tests.support import teams
from tests.support.clocked_bot import execute, refresh
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, MALIN, MARIE, User

EVE = User("Eve Främling", "22222222-bbbb-4ccc-8ddd-000000000001")  # of OTHER_TENANT
MINUTES = Path("/work/shared/fixtures/minutes/bgb-sodra-2022-01-24.txt").read_text(encoding="utf-8")

NOT_PRIVILEGED = {
    "command": "runs a text command, whose handler checks the sender's role itself",
    "decision_show": "reads a decision of the sender's own group",
    "decision_form": "any member logs a decision in their own group",
    "decision_list_more": "reads the sender's own group's decisions",
    "decision_search_more": "searches the sender's own group's decisions",
    "decision_minutes_paste": "any member may paste minutes for a preview",
    "decision_minutes_page": "redraws a pending preview (paster, chair, secretary); stores nothing",
    "decision_minutes_group": "opens the preview its own sender prepared; stores nothing",
    "poll_answer": "every member answers for themself",
    "poll_view": "the card's refresh: the sender's own view of a poll of their own group",
    "decision_view": "the card's refresh: the sender's own view of a decision of their group",
    "questionnaire_view": "the status card's refresh: the sender's own view, buttons by role",
    "meeting_rsvp": "every member answers for themself",
    "poll_propose": "any member proposes dates in their own group (the form of föreslå datum)",
    "agenda_add": "any member adds a point to the agenda of their own group's next meeting",
    "attendance_show": "reads the attendance list of a meeting of the sender's own group",
    "minutes_draft": "any member gets the minutes draft of a meeting of their own group",
}
INVOKES_NOT_PRIVILEGED = {
    "composeExtension/fetchTask:logDecision": "opens the decision form",
    "composeExtension/submitAction:logDecision": "any member logs a decision",
}


@dataclass(frozen=True)
class Captured:
    """A payload as Teams would send it when the allowed person clicks (inputs filled)."""

    payload: dict[str, Any]
    reply_to_id: str
    # What a plain member reads instead (a fragment of the refusal).
    member_refusal: str


Capture = Callable[[QuestionnaireBot, Any], Awaitable[Captured]]


def card_actions(node: Any) -> list[dict[str, Any]]:
    """The data of every button in a card, depth first (an Action.Execute's Action.Submit
    fallback carries the same data, so it is not counted twice)."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if str(node.get("type", "")).startswith("Action.") and isinstance(node.get("data"), dict):
            found.append(dict(node["data"]))
        for key, value in node.items():
            if key != "fallback":
                found.extend(card_actions(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(card_actions(item))
    return found


def posted_action(bot: QuestionnaireBot, name: str) -> tuple[dict[str, Any], str]:
    """The last posted card's button with this action, and the card's activity id."""
    for activity_id, card in reversed(posted_cards(bot)):
        for data in card_actions(card):
            if data.get("action") == name:
                return data, activity_id
    raise AssertionError(f"no posted card carries {name!r}")


# ---- capturing the allowed person's payloads --------------------------------------------


async def _decision_status(bot: QuestionnaireBot, _: Any) -> Captured:
    await say(bot, GABRIEL, "beslut: Gabriel kontaktar samordnarna senast 15/3")
    data, card_id = posted_action(bot, "decision_status")
    return Captured(data, card_id, "ändras av den som är ansvarig för det")


async def _minutes_confirm(bot: QuestionnaireBot, _: Any) -> Captured:
    await say(bot, GABRIEL, "protokoll")
    paste, paste_id = posted_action(bot, "decision_minutes_paste")
    await click(bot, GABRIEL, {**paste, "minutes": MINUTES}, paste_id)
    data, card_id = posted_action(bot, "decision_minutes_confirm")
    return Captured({**data, "include_0": "true"}, card_id, "sparas av den som klistrade in")


async def _poll(bot: QuestionnaireBot, name: str, inputs: dict[str, str]) -> Captured:
    """The organiser's buttons are on the organiser's own view of the poll card (the
    answer to the card's refresh, Universal Actions), not on the shared message."""
    await say(bot, GABRIEL, "föreslå datum 7/10 och 14/10 dolda svar")
    card_id, card = posted_cards(bot)[-1]
    assert all(d.get("action") != name for d in card_actions(card))
    own_view = await refresh(bot, GABRIEL, card, card_id)
    # (each Action.Execute carries the same data again in its Action.Submit fallback)
    data = next(d for d in card_actions(own_view["value"]) if d.get("action") == name)
    return Captured({**data, **inputs}, card_id, "Bara arrangören, ordföranden och sekreteraren")


async def _poll_close(bot: QuestionnaireBot, _: Any) -> Captured:
    return await _poll(bot, "poll_close", {"chosen": "1"})


async def _poll_deadline(bot: QuestionnaireBot, _: Any) -> Captured:
    return await _poll(
        bot, "poll_deadline", {"deadline_date": "2026-09-20", "deadline_time": "12:00"}
    )


async def _poll_reveal(bot: QuestionnaireBot, _: Any) -> Captured:
    return await _poll(bot, "poll_reveal", {})


async def _poll_move_date(bot: QuestionnaireBot, _: Any) -> Captured:
    # Sunday 11/10: the warning card offers Monday 12/10 to the organiser
    await say(bot, GABRIEL, "föreslå datum 11/10 och 14/10")
    data, card_id = posted_action(bot, "poll_move_date")
    return Captured(data, card_id, "Bara arrangören, ordföranden och sekreteraren")


async def _meeting_move(bot: QuestionnaireBot, _: Any) -> Captured:
    await say(bot, GABRIEL, "möte 11 oktober kl 10-12 Stadshuset")
    data, card_id = posted_action(bot, "meeting_move")
    return Captured(data, card_id, "Bara arrangören, ordföranden och sekreteraren")


def choice_values(node: Any, input_id: str) -> list[str]:
    """The values offered by the Input.ChoiceSet `input_id` anywhere in a card."""
    if isinstance(node, dict):
        if node.get("type") == "Input.ChoiceSet" and node.get("id") == input_id:
            return [str(choice["value"]) for choice in node["choices"]]
        return [v for value in node.values() for v in choice_values(value, input_id)]
    if isinstance(node, list):
        return [v for item in node for v in choice_values(item, input_id)]
    return []


async def _agenda_remove(bot: QuestionnaireBot, _: Any) -> Captured:
    await say(bot, GABRIEL, "möte 11 oktober kl 10-12 Stadshuset")
    await say(bot, MALIN, "punkt: Budget för hösten")
    await say(bot, GABRIEL, "kallelse")  # a copy, with the removal form for its points
    data, card_id = posted_action(bot, "agenda_remove")
    [item] = choice_values(posted_cards(bot)[-1][1], "item")
    return Captured({**data, "item": item}, card_id, "Bara den som kallat till mötet")


async def _attendance_correct(bot: QuestionnaireBot, _: Any) -> Captured:
    await say(bot, GABRIEL, "möte 11 oktober kl 10-12 Stadshuset")
    await say(bot, GABRIEL, "möte närvaro")
    data, card_id = posted_action(bot, "attendance_correct")
    [member, *_] = choice_values(posted_cards(bot)[-1][1], "substitute_for")
    inputs = {"present": "", "substitute_name": "Per Olsson", "substitute_for": member}
    return Captured({**data, **inputs}, card_id, "Bara den som kallat till mötet")


async def _questionnaire_create(bot: QuestionnaireBot, _: Any) -> Captured:
    await say(bot, MARIE, "enkät ny")
    data, card_id = posted_action(bot, "questionnaire_create")
    filled = {**data, "title": "Implementering HT", "questions": ISSUE_QUESTIONS}
    return Captured(filled, card_id, "bara processledare och ordföranden")


async def _draft(bot: QuestionnaireBot, name: str) -> Captured:
    await say(bot, MARIE, f"enkät ny Titel: Implementering HT\n{ISSUE_QUESTIONS}")
    data, card_id = posted_action(bot, name)
    return Captured(data, card_id, "bara processledare och ordföranden")


async def _questionnaire_send(bot: QuestionnaireBot, _: Any) -> Captured:
    return await _draft(bot, "questionnaire_send")


async def _questionnaire_cancel(bot: QuestionnaireBot, _: Any) -> Captured:
    return await _draft(bot, "questionnaire_cancel")


async def _sent_questionnaire(bot: QuestionnaireBot) -> None:
    send, preview_id = (await _draft(bot, "questionnaire_send")).payload, posted_cards(bot)[-1][0]
    await click(bot, MARIE, send, preview_id)


async def _questionnaire_results(bot: QuestionnaireBot, _: Any) -> Captured:
    await _sent_questionnaire(bot)
    data, card_id = posted_action(bot, "questionnaire_results")
    return Captured(data, card_id, "Resultaten visas för processledare")


async def _questionnaire_close(bot: QuestionnaireBot, _: Any) -> Captured:
    """On the process leader's own view of the status card (its refresh), never on the
    shared message."""
    await _sent_questionnaire(bot)
    card_id, card = next(
        (i, c) for i, c in reversed(posted_cards(bot)) if c.get("refresh") is not None
    )
    assert all(d.get("action") != "questionnaire_close" for d in card_actions(card))
    own_view = await refresh(bot, MARIE, card, card_id)
    close = "questionnaire_close"
    data = next(d for d in card_actions(own_view["value"]) if d.get("action") == close)
    return Captured(data, card_id, "bara processledare och ordföranden")


async def _trosa_answer(bot: QuestionnaireBot) -> dict[str, Any]:
    """Malin (Trosa kommun's contact) fills in her invitation."""
    await _sent_questionnaire(bot)
    [invite] = [
        r
        for r in await outbox_rows(bot)
        if r.kind == "questionnaire_invite" and r.user_aad_id == MALIN.aad_object_id
    ]
    [submit] = [d for d in card_actions(invite.card) if d.get("step") == "submit"]
    answers = ["Plan antagen", "Utsedd", "Påbörjat", "Info på APT"]
    question_inputs = [b["id"] for b in invite.card["body"] if str(b["type"]).startswith("Input.")]
    return {**submit, **dict(zip(question_inputs, answers, strict=True))}


async def _questionnaire_answer(bot: QuestionnaireBot, _: Any) -> Captured:
    return Captured(await _trosa_answer(bot), "activity-invite", "Bara kontaktpersonen")


async def _questionnaire_open(bot: QuestionnaireBot, _: Any) -> Captured:
    answer = await _trosa_answer(bot)
    payload = {
        "action": "questionnaire_open",
        "questionnaire_id": answer["questionnaire_id"],
        "target_id": answer["target_id"],
    }
    return Captured(payload, "activity-receipt", "Bara kontaktpersonen")


async def _reminders_snooze(bot: QuestionnaireBot, database_url: Any) -> Captured:
    await say(bot, GABRIEL, "hjälp", scope="personal")  # his personal chat is known
    async with unit_of_work(bot.sessions) as session:
        group = await session.scalar(select(Group))
        assert group is not None
        await outbox.enqueue(
            session,
            key="poll:1:closing_soon:gabriel",
            tenant_id=teams.TENANT,
            group_id=group.id,
            kind="poll_closing_soon",
            due_at=bot.clock.now,
            user_aad_id=GABRIEL.aad_object_id,
            text="Omröstningen stänger i morgon.",
        )
    dispatcher = Dispatcher(make_settings(database_url), bot.sessions, bot.clock)
    try:
        assert await dispatcher.run_once() == 1
    finally:
        await dispatcher.close()
    data, card_id = posted_action(bot, "reminders_snooze")
    return Captured(data, card_id, "gäller någon annan")


PRIVILEGED: dict[str, Capture] = {
    "decision_status": _decision_status,
    "decision_minutes_confirm": _minutes_confirm,
    "poll_close": _poll_close,
    "poll_deadline": _poll_deadline,
    "poll_reveal": _poll_reveal,
    "poll_move_date": _poll_move_date,
    "meeting_move": _meeting_move,
    "agenda_remove": _agenda_remove,
    "attendance_correct": _attendance_correct,
    "questionnaire_create": _questionnaire_create,
    "questionnaire_send": _questionnaire_send,
    "questionnaire_cancel": _questionnaire_cancel,
    "questionnaire_results": _questionnaire_results,
    "questionnaire_close": _questionnaire_close,
    "questionnaire_open": _questionnaire_open,
    "questionnaire_answer": _questionnaire_answer,
    "reminders_snooze": _reminders_snooze,
}


# ---- the database before and after --------------------------------------------------------

# Rows any turn may add or refresh: the conversation reference, and for a sender from
# another tenant, their own new group and membership. Compared separately below.
_DIRECTORY = {"conversations", "groups", "members"}


async def fingerprint(bot: QuestionnaireBot, group_id: int) -> dict[str, Any]:
    async with bot.sessions() as session:
        tables: dict[str, Any] = {}
        for table in metadata.sorted_tables:
            if table.name in _DIRECTORY:
                continue
            rows = await session.execute(text(f"SELECT * FROM {table.name} ORDER BY 1"))
            tables[table.name] = [tuple(map(str, row)) for row in rows.all()]
        members = await session.execute(
            select(
                Member.id, Member.role, Member.active, Member.guest, Member.organisation_id
            ).where(Member.group_id == group_id)
        )
        tables["members of the group"] = sorted(members.all())
        return tables


# ---- the tests ----------------------------------------------------------------------------


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[QuestionnaireBot]:
    async with questionnaire_bot(database_url, connector) as running:
        await install_group(running)
        yield running


def test_every_routed_action_is_classified() -> None:
    """A new card action or invoke must be added to PRIVILEGED (with a replay) or to
    NOT_PRIVILEGED (with a reason): this list is the proof's scope."""
    assert set(PRIVILEGED).isdisjoint(NOT_PRIVILEGED)
    assert set(CARD_ACTIONS) == set(PRIVILEGED) | set(NOT_PRIVILEGED)
    assert set(INVOKES) == set(INVOKES_NOT_PRIVILEGED)


@pytest.mark.parametrize("action", sorted(PRIVILEGED))
async def test_a_member_replaying_the_payload_is_refused_and_nothing_changes(
    bot: QuestionnaireBot, database_url: str, action: str
) -> None:
    captured = await PRIVILEGED[action](bot, database_url)
    assert captured.payload["action"] == action
    await _replay_is_refused(bot, captured, ANNA, tenant=teams.TENANT)
    assert captured.member_refusal in "\n".join(bot.connector.texts())


@pytest.mark.parametrize("action", sorted(PRIVILEGED))
async def test_a_user_of_another_tenant_replaying_the_payload_is_refused(
    bot: QuestionnaireBot, database_url: str, action: str
) -> None:
    captured = await PRIVILEGED[action](bot, database_url)
    await _replay_is_refused(bot, captured, EVE, tenant=teams.OTHER_TENANT)


async def _replay_is_refused(
    bot: QuestionnaireBot, captured: Captured, user: User, *, tenant: str
) -> None:
    async with bot.sessions() as session:
        group_id = await session.scalar(select(Group.id).order_by(Group.id))
    assert group_id is not None
    bot.clock.advance(timedelta(minutes=1))
    before = await fingerprint(bot, group_id)
    bot.connector.clear()
    activity = teams.card_submit(
        "channel",
        captured.payload,
        user,
        bot.connector.url,
        reply_to_id=captured.reply_to_id,
        tenant=tenant,
    )
    response = await bot.post(activity)
    assert response.status == 201
    texts = bot.connector.texts()
    assert len(texts) == 1 and texts[0], "the replay must be answered with one message"
    assert bot.connector.updates() == [], "a refused replay must not replace any card"
    assert posted_cards(bot) == []
    assert await fingerprint(bot, group_id) == before


# ---- the same replays as Action.Execute (Universal Actions: `adaptiveCard/action`) ------


@pytest.mark.parametrize("action", sorted(PRIVILEGED))
async def test_a_member_replaying_the_payload_as_action_execute_is_refused(
    bot: QuestionnaireBot, database_url: str, action: str
) -> None:
    """The invoke's data goes through the same model and role check as a submit; the
    refusal is the invoke's answer (a message, never a card), and nothing changes."""
    captured = await PRIVILEGED[action](bot, database_url)
    answer = await _execute_replay_is_refused(bot, captured, ANNA, tenant=teams.TENANT)
    assert captured.member_refusal in answer["value"]


@pytest.mark.parametrize("action", sorted(PRIVILEGED))
async def test_a_user_of_another_tenant_replaying_as_action_execute_is_refused(
    bot: QuestionnaireBot, database_url: str, action: str
) -> None:
    captured = await PRIVILEGED[action](bot, database_url)
    await _execute_replay_is_refused(bot, captured, EVE, tenant=teams.OTHER_TENANT)


@pytest.mark.parametrize(
    "forge",
    [
        {"member": "11111111-aaaa-4bbb-8ccc-000000000001"},  # an unknown field
        {"poll": "1; drop table polls"},  # a wrong type
        {"action": "poll_close_all"},  # no such action
    ],
)
async def test_a_forged_action_execute_payload_is_refused_by_the_model(
    bot: QuestionnaireBot, database_url: str, forge: dict[str, Any]
) -> None:
    captured = await _poll_close(bot, None)
    forged = Captured({**captured.payload, **forge}, captured.reply_to_id, "")
    answer = await _execute_replay_is_refused(bot, forged, GABRIEL, tenant=teams.TENANT)
    assert "går inte att använda längre" in answer["value"]


async def _execute_replay_is_refused(
    bot: QuestionnaireBot, captured: Captured, user: User, *, tenant: str
) -> dict[str, Any]:
    async with bot.sessions() as session:
        group_id = await session.scalar(select(Group.id).order_by(Group.id))
    assert group_id is not None
    bot.clock.advance(timedelta(minutes=1))
    before = await fingerprint(bot, group_id)
    bot.connector.clear()
    activity = teams.invoke(
        "channel",
        "adaptiveCard/action",
        {
            "action": {
                "type": "Action.Execute",
                "verb": str(captured.payload.get("action")),
                "data": captured.payload,
            }
        },
        user,
        bot.connector.url,
        tenant=tenant,
    )
    activity["replyToId"] = captured.reply_to_id
    response = await bot.post(activity)
    answer: dict[str, Any] = await response.json()
    if tenant == teams.TENANT:
        assert response.status == 200
        assert answer["type"] == "application/vnd.microsoft.activity.message", answer
        assert answer["value"]
    else:
        assert answer.get("type") != "application/vnd.microsoft.card.adaptive"
    assert bot.connector.sent() == [], "a refused Execute must post nothing"
    assert bot.connector.updates() == [], "a refused Execute must not replace any card"
    assert await fingerprint(bot, group_id) == before
    return answer


@pytest.mark.parametrize(
    ("action", "owner"), [("decision_status", GABRIEL), ("poll_close", GABRIEL)]
)
async def test_control_the_allowed_person_sending_the_same_payload_changes_the_database(
    bot: QuestionnaireBot, database_url: str, action: str, owner: User
) -> None:
    """The fingerprint sees a real change, so an unchanged one above means something."""
    captured = await PRIVILEGED[action](bot, database_url)
    async with bot.sessions() as session:
        group_id = await session.scalar(select(Group.id))
    assert group_id is not None
    before = await fingerprint(bot, group_id)
    await click(bot, owner, captured.payload, captured.reply_to_id)
    assert await fingerprint(bot, group_id) != before


async def test_control_the_allowed_person_executing_the_same_payload_changes_the_database(
    bot: QuestionnaireBot, database_url: str
) -> None:
    captured = await PRIVILEGED["poll_close"](bot, database_url)
    async with bot.sessions() as session:
        group_id = await session.scalar(select(Group.id))
    assert group_id is not None
    before = await fingerprint(bot, group_id)
    answer = await execute(bot, GABRIEL, captured.payload, captured.reply_to_id)
    assert answer["type"] == "application/vnd.microsoft.card.adaptive"
    assert await fingerprint(bot, group_id) != before
