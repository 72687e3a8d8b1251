"""`påminnelser`, snooze and the weekly digest through HTTP into /api/messages, with
what the bot posts read from the loopback connector (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.outbox.dispatcher import Dispatcher
from bot.scheduler import Scheduler
from cards.i18n import Language
from dialogs.reminders import catalogue
from dialogs.text.working_time import next_office_time
from storage.db import unit_of_work
from storage.decisions.models import DecisionKind, DecisionSource
from storage.decisions.operations import NewDecision, create_decision
from storage.directory.models import Group, Member
from storage.meetings.operations import create_meeting
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxMessage, OutboxStatus
from storage.polls.operations import OptionSpec, create_poll
from storage.questionnaires.models import QuestionKind
from storage.questionnaires.operations import NewQuestion, NewTarget, create, open_draft
from storage.reminders.settings import group_settings, personal_nudges_on
from tests.conftest import RunningBot, make_settings
from tests.support import teams
from tests.support.reminders_world import MovableClock
from tests.support.teams import ANNA, GABRIEL, MALIN, TEAM_ID, TENANT, USERS

MONDAY_08 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 08.00 in Stockholm


async def install_team(bot: RunningBot) -> Group:
    bot.connector.members[TEAM_ID] = [u.member() for u in USERS]
    await bot.post(teams.installation_update("channel", "add", GABRIEL, bot.connector.url))
    bot.connector.clear()
    async with bot.sessions() as session:
        group = await session.scalar(select(Group))
    assert group is not None
    return group


async def say(bot: RunningBot, text: str, user: teams.User = GABRIEL, **kw: Any) -> list[str]:
    bot.connector.clear()
    scope = kw.pop("scope", "channel")
    await bot.post(teams.message(scope, text, user, bot.connector.url, **kw))
    return bot.connector.texts()


async def queue(bot: RunningBot, group: Group, **fields: Any) -> None:
    values: dict[str, Any] = {"tenant_id": TENANT, "group_id": group.id}
    values.update(fields)
    async with unit_of_work(bot.sessions) as session:
        assert await outbox.enqueue(session, **values)


@pytest.fixture
async def dispatcher_for(database_url: str) -> AsyncIterator[Any]:
    made: list[Dispatcher] = []

    def make(bot: RunningBot, clock: Any) -> Dispatcher:
        made.append(Dispatcher(make_settings(database_url), bot.sessions, clock))
        return made[-1]

    yield make
    for dispatcher in made:
        await dispatcher.close()


async def test_overview_lists_what_is_scheduled_for_the_group(bot: RunningBot) -> None:
    group = await install_team(bot)
    due = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # måndag 7/12 kl 08.00
    for person in (ANNA, MALIN):
        await queue(
            bot,
            group,
            key=f"poll:1:closing_soon:{person.aad_object_id}",
            kind="poll_closing_soon",
            due_at=due,
            user_aad_id=person.aad_object_id,
            text="t",
        )
    await queue(
        bot,
        group,
        key="digest",
        kind="custom_thing",
        due_at=due + timedelta(days=1),
        conversation_pk=group.conversation_pk,
        text="t",
    )
    await say(bot, "påminnelser")
    [card] = bot.connector.cards()
    text = str(card)
    assert "Påminnelser för Samverkansgruppen Sörmland" in text
    assert "måndag 7/12 kl 08.00: Datumförslaget stänger snart (2 mottagare)" in text
    assert "tisdag 8/12 kl 08.00: custom thing (1 mottagare)" in text
    assert "kl 08–17 på arbetsdagar" in text and "veckans läge" in text


async def test_overview_in_english(bot: RunningBot) -> None:
    group = await install_team(bot)
    await queue(
        bot,
        group,
        key="k",
        kind="questionnaire_nudge",
        due_at=datetime(2026, 12, 7, 7, 0, tzinfo=UTC),
        user_aad_id=ANNA.aad_object_id,
        text="t",
    )
    await say(bot, "reminders", locale="en-GB")
    [card] = bot.connector.cards()
    assert "Monday 7 December 08:00: Questionnaire reminder (1 recipients)" in str(card)


async def test_only_chair_or_secretary_can_pause_and_resume(bot: RunningBot) -> None:
    group = await install_team(bot)
    assert await say(bot, "påminnelser paus", ANNA) == [
        "Bara gruppens ordförande eller sekreterare kan ändra gruppens påminnelser."
    ]
    async with bot.sessions() as session:
        assert not (await group_settings(session, group.id)).paused
    assert "är pausade" in (await say(bot, "påminnelser paus", GABRIEL))[0]
    assert await say(bot, "påminnelser paus", GABRIEL) == ["Gruppens påminnelser är redan pausade."]
    async with bot.sessions() as session:
        assert (await group_settings(session, group.id)).paused
    await say(bot, "roll @Anna-Karin Hammar sekreterare", GABRIEL, mentions=(ANNA,))
    assert await say(bot, "påminnelser återuppta", ANNA) == ["Gruppens påminnelser är på igen."]
    async with bot.sessions() as session:
        assert not (await group_settings(session, group.id)).paused


async def test_pause_in_a_personal_chat_is_explained(bot: RunningBot) -> None:
    await install_team(bot)
    assert await say(bot, "påminnelser paus", GABRIEL, scope="personal") == [
        "Det gör du i gruppens kanal eller gruppchatt, där påminnelserna hör hemma."
    ]


async def test_personal_opt_out_and_back_in(bot: RunningBot) -> None:
    await install_team(bot)
    assert (
        "inga personliga påminnelser"
        in (await say(bot, "påminnelser av", ANNA, scope="personal"))[0]
    )
    async with bot.sessions() as session:
        assert not await personal_nudges_on(session, TENANT, ANNA.aad_object_id)
        assert await personal_nudges_on(session, TENANT, MALIN.aad_object_id)
    assert await say(bot, "påminnelser av", ANNA, scope="personal") == [
        "Dina personliga påminnelser är redan avstängda."
    ]
    await say(bot, "påminnelser", ANNA, scope="personal")
    [card] = bot.connector.cards()
    assert "Dina personliga påminnelser" in str(card) and "'value': 'av'" in str(card)
    assert await say(bot, "påminnelser på", ANNA, scope="personal") == [
        "Klart: du får personliga påminnelser igen."
    ]
    async with bot.sessions() as session:
        assert await personal_nudges_on(session, TENANT, ANNA.aad_object_id)


async def test_office_hours_and_rules_are_set_by_the_organiser_and_validated(
    bot: RunningBot,
) -> None:
    group = await install_team(bot)
    assert await say(bot, "påminnelser kontorstid 9-15") == [
        "Gruppens påminnelser skickas nu kl 09–15 på arbetsdagar."
    ]
    for bad in (
        "påminnelser kontorstid 15-9",
        "påminnelser kontorstid 8-25",
        "påminnelser kontorstid snart",
    ):
        assert "Ange kontorstiden" in (await say(bot, bad))[0]
    assert "Bara gruppens" in (await say(bot, "påminnelser kontorstid 7-18", MALIN))[0]
    assert await say(bot, "påminnelser regel veckans läge av") == [
        "Regeln veckans läge är nu avstängd."
    ]
    assert (
        "Det finns ingen påminnelseregel som heter"
        in (await say(bot, "påminnelser regel okänd av"))[0]
    )
    async with bot.sessions() as session:
        settings = await group_settings(session, group.id)
    assert (settings.office_start_hour, settings.office_end_hour) == (9, 15)
    assert settings.rule("veckans_lage", default_lead_days=0).enabled is False
    assert "Så här:" in (await say(bot, "påminnelser något konstigt"))[0]


async def test_snooze_reschedules_the_nudge_for_its_owner_only(
    bot: RunningBot, dispatcher_for: Any
) -> None:
    group = await install_team(bot)
    await say(bot, "hjälp", ANNA, scope="personal")  # Anna's personal chat is known
    await queue(
        bot,
        group,
        key="poll:1:closing_soon:anna",
        kind="poll_closing_soon",
        due_at=MONDAY_08,
        user_aad_id=ANNA.aad_object_id,
        fallback_conversation_pk=group.conversation_pk,
        text="Stänger i morgon.",
    )
    bot.connector.clear()
    # Deliver now, whatever the real time of day: the clock says Monday 10.00.
    dispatcher = dispatcher_for(bot, MovableClock(MONDAY_08 + timedelta(hours=2)))
    assert await dispatcher.run_once() == 1
    [card] = bot.connector.cards(teams.personal_conversation_id(ANNA))
    [_, button] = card["actions"]  # "Påminn mig i morgon", "Påminn mig om 2 dagar"
    payload = button["data"]

    # Someone else replays the payload in the channel: refused, nothing changes.
    bot.connector.clear()
    await bot.post(teams.card_submit("channel", payload, MALIN, bot.connector.url))
    assert bot.connector.texts() == [
        "Den här påminnelsen gäller någon annan, så bara den personen kan skjuta upp den."
    ]
    async with bot.sessions() as session:
        row = await outbox.find(session, "poll:1:closing_soon:anna")
    assert row is not None and row.status == OutboxStatus.SENT

    bot.connector.clear()
    await bot.post(teams.card_submit("personal", payload, ANNA, bot.connector.url))
    [answer] = bot.connector.texts()
    async with bot.sessions() as session:
        row = await outbox.find(session, "poll:1:closing_soon:anna")
    assert row is not None and row.status == OutboxStatus.PENDING and row.attempts == 0
    expected = next_office_time(datetime.now(UTC) + timedelta(days=2))
    assert abs((row.due_at - expected).total_seconds()) < 120
    assert answer.startswith("Okej, jag påminner dig igen ") and " kl " in answer

    # A forged payload for a row that does not exist, or with extra fields, changes nothing.
    bot.connector.clear()
    await bot.post(
        teams.card_submit("personal", {**payload, "message_id": 999999}, ANNA, bot.connector.url)
    )
    await bot.post(teams.card_submit("personal", {**payload, "days": 400}, ANNA, bot.connector.url))
    await bot.post(teams.card_submit("personal", {**payload, "user": "x"}, ANNA, bot.connector.url))
    texts = bot.connector.texts()
    assert texts[0] == "Den påminnelsen är inte längre aktuell."
    assert len(texts) == 3 and all("Okej" not in text for text in texts)


async def test_snooze_of_a_cancelled_nudge_is_refused(bot: RunningBot) -> None:
    group = await install_team(bot)
    await queue(
        bot,
        group,
        key="poll:1:closing_soon:anna",
        kind="poll_closing_soon",
        due_at=MONDAY_08,
        user_aad_id=ANNA.aad_object_id,
        text="t",
    )
    async with unit_of_work(bot.sessions) as session:
        await outbox.cancel(session, key_prefix="poll:1:closing_soon:")
        row = await outbox.find(session, "poll:1:closing_soon:anna")
        assert row is not None
    payload = {"action": "reminders_snooze", "message_id": row.id, "days": 2}
    await say(bot, "hjälp", ANNA, scope="personal")
    bot.connector.clear()
    await bot.post(teams.card_submit("personal", payload, ANNA, bot.connector.url))
    assert bot.connector.texts() == ["Den påminnelsen är inte längre aktuell."]
    async with bot.sessions() as session:
        row = await outbox.find(session, "poll:1:closing_soon:anna")
    assert row is not None and row.status == OutboxStatus.CANCELLED


async def test_weekly_digest_through_the_scheduler_once_per_week(
    bot: RunningBot, dispatcher_for: Any
) -> None:
    group = await install_team(bot)
    await queue(
        bot,
        group,
        key="q:1:nudge",
        kind="questionnaire_nudge",
        due_at=datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
        user_aad_id=ANNA.aad_object_id,
        text="t",
    )
    await queue(
        bot,
        group,
        key="next-week",
        kind="questionnaire_nudge",
        due_at=datetime(2026, 12, 2, 8, 0, tzinfo=UTC),
        user_aad_id=ANNA.aad_object_id,
        text="t",
    )

    async def decisions_section(
        session: AsyncSession, group: Group, now: datetime, language: Language
    ) -> list[str]:
        return ["2 beslut förfaller denna vecka", "Sara 19121212-1212 ringer"]

    declared = catalogue.installed()
    catalogue.install(
        catalogue.ReminderCatalogue.of(
            declared.rules.values(),
            (*declared.sections, catalogue.DigestSection("Beslut", decisions_section)),
        )
    )
    clock = MovableClock(MONDAY_08)
    scheduler = Scheduler(bot.sessions, clock=clock)
    try:
        await scheduler.run_now("dialogs.reminders.flows:weekly_digest")
        await scheduler.run_now(
            "dialogs.reminders.flows:weekly_digest"
        )  # a second tick: nothing new
    finally:
        catalogue.install(declared)
    assert scheduler.failures == 0
    async with bot.sessions() as session:
        digests = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "weekly_digest")
            )
        ).all()
    [digest] = digests
    assert digest.key == f"digest:{group.id}:2026-W48" and digest.due_at == MONDAY_08
    assert await dispatcher_for(bot, clock).run_once() == 1
    [card] = bot.connector.cards(TEAM_ID)
    text = str(card)
    assert "Veckans läge – Samverkansgruppen Sörmland" in text and "Vecka 48" in text
    assert "onsdag 25/11 kl 09.00: Påminnelse om enkät (1)" in text
    assert "2/12" not in text  # next week's reminder is not this week's
    assert "2 beslut förfaller denna vecka" in text
    assert "19121212" not in text  # a line with a personal identity number is left out


async def test_weekly_digest_respects_pause_and_the_rule(bot: RunningBot) -> None:
    group = await install_team(bot)
    await say(bot, "påminnelser regel veckans läge av")
    scheduler = Scheduler(bot.sessions, clock=MovableClock(MONDAY_08))
    await scheduler.run_now("dialogs.reminders.flows:weekly_digest")
    await say(bot, "påminnelser regel veckans läge på")
    await say(bot, "påminnelser paus")
    await scheduler.run_now("dialogs.reminders.flows:weekly_digest")
    async with bot.sessions() as session:
        count = await session.scalar(select(func.count(OutboxMessage.id)))
    assert count == 0 and scheduler.failures == 0
    await say(bot, "påminnelser återuppta")
    await scheduler.run_now("dialogs.reminders.flows:weekly_digest")
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count(OutboxMessage.id))) == 1
    assert group.id


async def test_outbox_purge_keeps_pending_and_dead_letters(bot: RunningBot) -> None:
    group = await install_team(bot)
    for key in ("old-sent", "old-failed", "old-pending"):
        await queue(
            bot,
            group,
            key=key,
            kind="poll_result",
            due_at=MONDAY_08,
            conversation_pk=group.conversation_pk,
            text="t",
        )
    async with unit_of_work(bot.sessions) as session:
        for key, status in (("old-sent", OutboxStatus.SENT), ("old-failed", OutboxStatus.FAILED)):
            row = await outbox.find(session, key)
            assert row is not None
            row.status = status
    scheduler = Scheduler(bot.sessions, clock=MovableClock(datetime.now(UTC) + timedelta(days=31)))
    await scheduler.run_now("dialogs.reminders.flows:purge_outbox")
    async with bot.sessions() as session:
        keys = set((await session.scalars(select(OutboxMessage.key))).all())
    assert keys == {"old-failed", "old-pending"}


def test_kind_labels_cover_feature_kinds_by_prefix() -> None:
    from cards.reminders.reminder_cards import kind_label

    assert kind_label("decision_reminder_overdue", "sv") == "Påminnelse om beslut"
    assert kind_label("questionnaire_reminder_contact", "en") == "Questionnaire reminder"
    assert kind_label("poll_closing_soon", "sv") == "Datumförslaget stänger snart"
    assert kind_label("something_new", "sv") == "something new"


async def test_personal_overview_lists_what_waits_for_me_in_my_groups(bot: RunningBot) -> None:
    """`påminnelser` in Anna's personal chat names her overdue task, the questionnaire she
    answers for her organisation, the poll and the meeting she has not answered, each with
    the group's name; Malin, who owns and answers nothing, sees none of them."""
    group = await install_team(bot)
    now = datetime.now(UTC)
    async with unit_of_work(bot.sessions) as session:
        members = {
            m.aad_object_id: m
            for m in (await session.scalars(select(Member).where(Member.group_id == group.id)))
        }
        anna, gabriel = members[ANNA.aad_object_id], members[GABRIEL.aad_object_id]
        stored = await session.get(Group, group.id)
        assert stored is not None
        await create_decision(
            session,
            tenant_id=TENANT,
            group_id=group.id,
            new=NewDecision(
                text="Skicka kartläggningen till förvaltningarna",
                owner_member_ids=[anna.id],
                due=(now - timedelta(days=3)).date(),
                kind=DecisionKind.TASK,
            ),
            source=DecisionSource.TEXT,
            logged_by=gabriel,
            year=now.year,
            now=now,
        )
        questionnaire = await create(
            session,
            tenant_id=TENANT,
            group_id=group.id,
            title="Uppföljning implementering HT",
            intro=None,
            deadline_at=now + timedelta(days=10),
            created_by_aad_id=GABRIEL.aad_object_id,
            questions=[NewQuestion("1", "Hur ser planen ut?", QuestionKind.TEXT, True, None, ())],
            targets=[NewTarget("org:gnesta", "Gnesta kommun", contact_aad_id=ANNA.aad_object_id)],
            now=now,
        )
        assert await open_draft(session, questionnaire.id, now)
        await create_poll(
            session,
            group=stored,
            organiser=gabriel,
            title="Höstmöte",
            options=[OptionSpec(now + timedelta(days=20), None, False)],
            deadline_at=now + timedelta(days=5),
            hide_answers=False,
            language="sv",
            now=now,
        )
        await create_meeting(
            session,
            group=stored,
            title="Samverkansmöte",
            location=None,
            starts_at=now + timedelta(days=14),
            ends_at=None,
            has_time=True,
            organiser_member_id=gabriel.id,
            language="sv",
            now=now,
        )

    await say(bot, "påminnelser", ANNA, scope="personal")
    [card] = bot.connector.cards(teams.personal_conversation_id(ANNA))
    text = str(card)
    assert "Väntar på dig" in text
    assert f"Uppgift i {group.name}: Skicka kartläggningen" in text
    assert "skulle ha varit klar" in text
    assert f"Enkät i {group.name}: Uppföljning implementering HT, svara för Gnesta kommun" in text
    assert f"Datumförslag i {group.name}: Höstmöte" in text
    assert f"Möte i {group.name}: Samverkansmöte" in text
    assert "Dina personliga påminnelser" in text  # the settings are still there

    await say(bot, "påminnelser", MALIN, scope="personal")
    [card] = bot.connector.cards(teams.personal_conversation_id(MALIN))
    text = str(card)
    assert "Uppgift i" not in text and "Enkät i" not in text
    assert f"Datumförslag i {group.name}: Höstmöte" in text  # Malin has not answered either

    await say(bot, "reminders", ANNA, scope="personal", locale="en-US")
    [card] = bot.connector.cards(teams.personal_conversation_id(ANNA))
    assert f"Task in {group.name}: Skicka kartläggningen" in str(card)
