"""Date polls through HTTP: propose, answer, card totals, organisations, hidden answers,
close with two dates, the .ics download, and the deadline job."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.meetings.models import Meeting
from storage.polls.models import Poll, PollAnswer, PollChoice, PollOption, PollStatus
from tests.bot.poll_meeting_support import (
    ClockedBot,
    card_text,
    click,
    clocked_bot,
    install_team,
    posted_cards,
    refresh,
    say,
    show_card,
    submit_data,
    updated_cards,
)
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE, User

PROPOSAL = "föreslå datum Vårens möten: 7/3, 21/4 och 16/5 kl 9-12"
MARCH = "söndag 7/3 2027 kl 09.00–12.00"
APRIL = "onsdag 21/4 2027 kl 09.00–12.00"
MAY = "söndag 16/5 2027 kl 09.00–12.00"


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector) as running:
        await install_team(running)
        yield running


async def _propose(
    bot: ClockedBot, text: str = PROPOSAL, user: User = ANNA
) -> tuple[str, dict[str, Any]]:
    await say(bot, user, text)
    (activity_id, card), *_ = posted_cards(bot)  # then the day-off warning (7/3 is a Sunday)
    bot.connector.clear()
    return activity_id, card


def _answer(card: dict[str, Any], label: str, choice: str) -> dict[str, Any]:
    return submit_data(card, choice, near=label)


async def _own_view(
    bot: ClockedBot, user: User, card: dict[str, Any], activity_id: str
) -> dict[str, Any]:
    """The card as Teams shows it to `user`: the answer to the card's refresh invoke."""
    body = await refresh(bot, user, card, activity_id)
    assert body["type"] == "application/vnd.microsoft.card.adaptive", body
    view: dict[str, Any] = body["value"]
    return view


async def test_proposal_creates_a_poll_card_with_three_choices_per_date(bot: ClockedBot) -> None:
    _, card = await _propose(bot)
    text = card_text(card)
    assert "Vårens möten" in text
    assert "Arrangör: Anna-Karin Hammar" in text
    assert "Svara senast måndagen den 30 november kl 10.00" in text
    for label in (MARCH, APRIL, MAY):
        assert label in text
        for choice in ("Ja", "Om det behövs", "Nej"):
            assert _answer(card, label, choice)["action"] == "poll_answer"
    assert (
        "Har inte svarat på alla datum: Anna-Karin Hammar, Gabriel Billing, Kristin Wirén, "
        "Malin Palmér och Marie Skarfors" in text
    )
    async with bot.sessions() as session:
        poll = await session.scalar(select(Poll))
        assert poll is not None and poll.activity_id is not None  # remembered for updates
        assert poll.title == "Vårens möten" and poll.status == PollStatus.OPEN
        assert await session.scalar(select(func.count()).select_from(PollOption)) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("föreslå datum 32/3", "”32/3” är inget datum: dag 32 finns inte i någon månad."),
        ("föreslå datum tisdag 7/3", "7 mars 2027 är en söndag"),
        ("föreslå datum 7/3 svara senast 8/3", "före det första föreslagna datumet"),
        ("föreslå datum 1/11/2026", "1/11 har redan varit"),
        ("föreslå datum Barn 121212-1212: 7/3", "personnummer"),
        ("propose dates 32/3", "is not a date: no month has a day 32"),
    ],
)
async def test_bad_proposals_are_explained_and_nothing_is_stored(
    bot: ClockedBot, text: str, expected: str
) -> None:
    locale = "en-GB" if text.startswith("propose") else "sv-SE"
    await say(bot, ANNA, text, locale=locale)
    [reply] = bot.connector.texts()
    assert expected in reply
    assert bot.connector.cards() == []
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Poll)) == 0


async def test_three_members_answer_and_the_card_shows_totals_and_organisations(
    bot: ClockedBot,
) -> None:
    activity_id, card = await _propose(bot)
    await click(bot, ANNA, _answer(card, MARCH, "Ja"), activity_id)
    await click(bot, MALIN, _answer(card, MARCH, "Om det behövs"), activity_id)  # same org
    await click(bot, KRISTIN, _answer(card, MARCH, "Nej"), activity_id)
    await click(bot, KRISTIN, _answer(card, APRIL, "Ja"), activity_id)
    await click(bot, MARIE, _answer(card, APRIL, "Om det behövs"), activity_id)
    updates = updated_cards(bot, activity_id)
    assert len(updates) == 5  # every click replaced the card in place; nothing new posted
    assert posted_cards(bot) == []
    last = card_text(updates[-1])
    march = last.split(MARCH)[1].split(APRIL)[0]
    april = last.split(APRIL)[1].split(MAY)[0]
    assert "Ja 1 · Om det behövs 1 · Nej 1" in march
    # Gnesta kommun counts once although two of its members can come
    assert "Organisationer som kan: 1 av 3 (Gnesta kommun)" in march
    assert "Ja: Anna-Karin Hammar" in march and "Nej: Kristin Wirén" in march
    assert "Ja 1 · Om det behövs 1 · Nej 0" in april
    assert "Organisationer som kan: 2 av 3 (Region Sörmland och Trosa kommun)" in april
    assert "Organisationer som kan: 0 av 3" in last.split(MAY)[1]
    assert (
        "Har inte svarat på alla datum: Anna-Karin Hammar (svarat på 1 av 3), Gabriel "
        "Billing, Kristin Wirén (svarat på 2 av 3), Malin Palmér (svarat på 1 av 3) och "
        "Marie Skarfors (svarat på 1 av 3)" in last
    )


async def test_a_member_changes_an_answer_until_the_deadline(bot: ClockedBot) -> None:
    activity_id, card = await _propose(bot)
    await click(bot, ANNA, _answer(card, MARCH, "Ja"), activity_id)
    await click(bot, ANNA, _answer(card, MARCH, "Nej"), activity_id)
    async with bot.sessions() as session:
        answers = (await session.scalars(select(PollAnswer))).all()
    assert [a.choice for a in answers] == [PollChoice.NO]
    assert "Ja 0 · Om det behövs 0 · Nej 1" in card_text(updated_cards(bot)[-1])
    bot.clock.advance(timedelta(days=8))  # past the default one-week deadline
    await click(bot, ANNA, _answer(card, MARCH, "Ja"), activity_id)
    assert bot.connector.texts()[-1] == "Svarstiden har gått ut, så svaret sparades inte."
    async with bot.sessions() as session:
        assert (await session.scalar(select(PollAnswer.choice))) == PollChoice.NO


async def test_hidden_answers_show_counts_only_until_the_organiser_reveals_them(
    bot: ClockedBot,
) -> None:
    activity_id, card = await _propose(bot, "föreslå datum 7/3 och 21/4 dolda svar")
    label = "söndag 7/3 2027"
    await click(bot, MALIN, _answer(card, label, "Ja"), activity_id)
    hidden = updated_cards(bot)[-1]
    text = card_text(hidden)
    assert "Ja 1 · Om det behövs 0 · Nej 0" in text
    assert "Ja: Malin Palmér" not in text and "(Gnesta kommun)" not in text
    assert "inte visa vem som svarat vad" in text
    assert "Visa svar" not in str(hidden)  # the shared card has no organiser buttons
    organiser_view = (await refresh(bot, ANNA, hidden, activity_id))["value"]
    reveal = submit_data(organiser_view, "Visa svar")
    await click(bot, MALIN, reveal, activity_id)  # not the organiser
    assert (
        bot.connector.texts()[-1] == "Bara arrangören, ordföranden och sekreteraren kan göra det."
    )
    await click(bot, ANNA, reveal, activity_id)
    shown = card_text(updated_cards(bot)[-1])
    assert "Ja: Malin Palmér" in shown and "(Gnesta kommun)" in shown
    organiser_view = (await refresh(bot, ANNA, updated_cards(bot)[-1], activity_id))["value"]
    await click(bot, ANNA, submit_data(organiser_view, "Dölj svar"), activity_id)
    assert "Ja: Malin Palmér" not in card_text(updated_cards(bot)[-1])


async def test_organiser_closes_with_two_dates_and_gets_meetings_and_an_ics(
    bot: ClockedBot,
) -> None:
    activity_id, card = await _propose(bot)
    await click(bot, KRISTIN, _answer(card, MARCH, "Ja"), activity_id)
    close_form = show_card(await _own_view(bot, ANNA, card, activity_id), "Stäng och välj datum")
    [choice_set] = close_form["body"]
    assert choice_set["isMultiSelect"] is True
    values = {c["title"].split(" (")[0]: c["value"] for c in choice_set["choices"]}
    # the counts are said in words, not as "(0/0)"
    assert f"{MARCH} (1 ja, 0 om det behövs)" in [c["title"] for c in choice_set["choices"]]
    chosen = f"{values[MARCH]},{values[MAY]}"
    form = {**submit_data(close_form, "Stäng omröstningen"), "chosen": chosen}
    await click(bot, MARIE, form, activity_id)  # an ordinary member may not close
    assert (
        bot.connector.texts()[-1] == "Bara arrangören, ordföranden och sekreteraren kan göra det."
    )
    bot.connector.clear()
    await click(bot, GABRIEL, form, activity_id)  # the chair may
    final = card_text(updated_cards(bot, activity_id)[-1])
    assert f"{MARCH} — ✅ Valt datum" in final and f"{MAY} — ✅ Valt datum" in final
    assert f"{APRIL} — ✅" not in final
    assert "Datum är valda." in final
    posted = posted_cards(bot)
    assert len(posted) == 3  # the announcement and one invitation per meeting
    announcement = card_text(posted[0][1])
    assert "Nu är det bestämt: Vårens möten" in announcement
    assert MARCH in announcement and MAY in announcement
    assert all("Kallelse: Vårens möten" in card_text(c) for _, c in posted[1:])
    [link_text] = [t for t in bot.connector.texts() if "moten.ics" in t]
    url = link_text.split("](")[1].split(")")[0]
    download = await bot.http.get(bot.url + url[url.index("/downloads/") :])
    assert download.status == 200
    assert download.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(await download.read())
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Vårens möten", "Vårens möten"]
    assert [e.decoded("DTSTART").isoformat() for e in events] == [
        "2027-03-07T09:00:00+01:00",
        "2027-05-16T09:00:00+02:00",
    ]
    async with bot.sessions() as session:
        meetings = (await session.scalars(select(Meeting).order_by(Meeting.starts_at))).all()
        poll = await session.scalar(select(Poll))
    assert [f"{m.uid}@samverkansboten" for m in meetings] == [str(e["UID"]) for e in events]
    assert poll is not None and poll.status == PollStatus.DECIDED
    # closing again (a replayed submit) changes nothing
    bot.connector.clear()
    await click(bot, ANNA, form, activity_id)
    assert bot.connector.texts() == ["Datum är redan valda för den omröstningen."]
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Meeting)) == 2


async def test_forged_payloads_are_refused(bot: ClockedBot) -> None:
    activity_id, card = await _propose(bot)
    data = _answer(card, MARCH, "Ja")
    for value in (
        {**data, "choice": "maybe"},
        {**data, "member": "someone-else"},
        {**data, "poll": "1; drop table polls"},
    ):
        await click(bot, MALIN, value, activity_id)
    await click(bot, MALIN, {**data, "option": 999_999}, activity_id)
    await click(bot, MALIN, {**data, "poll": 999_999}, activity_id)
    assert bot.connector.texts() == [
        "Den knappen går inte att använda längre. Skriv **hjälp** för att börja om.",
    ] * 3 + [
        "Det datumet finns inte i omröstningen.",
        "Jag hittar inte den omröstningen i den här gruppen.",
    ]
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(PollAnswer)) == 0


async def test_organiser_changes_the_deadline_on_the_card(bot: ClockedBot) -> None:
    activity_id, card = await _propose(bot)
    form = show_card(await _own_view(bot, ANNA, card, activity_id), "Ändra svarstid")
    data = submit_data(form, "Spara svarstid")
    await click(
        bot, ANNA, {**data, "deadline_date": "2027-02-26", "deadline_time": "12:00"}, activity_id
    )
    assert bot.connector.texts()[-1] == "Ny svarstid: fredagen den 26 februari kl 12.00."
    assert "Svara senast fredagen den 26 februari kl 12.00" in card_text(updated_cards(bot)[-1])
    await click(bot, ANNA, {**data, "deadline_date": "2027-04-01"}, activity_id)
    assert "före det första föreslagna datumet" in bot.connector.texts()[-1]
    await click(bot, ANNA, {**data, "deadline_date": "2026-11-01"}, activity_id)
    assert bot.connector.texts()[-1] == "Svarstiden måste ligga framåt i tiden."


async def test_deadline_job_closes_the_poll_and_queues_the_result(bot: ClockedBot) -> None:
    from storage.outbox.models import OutboxMessage  # the reminders engineer's outbox

    activity_id, card = await _propose(bot)
    await click(bot, KRISTIN, _answer(card, MARCH, "Ja"), activity_id)
    await bot.scheduler.run_now("dialogs.polls.flows:close_due_polls")
    async with bot.sessions() as session:
        assert (await session.scalar(select(Poll.status))) == PollStatus.OPEN
    bot.clock.advance(timedelta(days=7, minutes=1))
    await bot.scheduler.run_now("dialogs.polls.flows:close_due_polls")
    await bot.scheduler.run_now("dialogs.polls.flows:close_due_polls")  # a second tick: no repeats
    assert bot.scheduler.failures == 0
    async with bot.sessions() as session:
        poll = await session.scalar(select(Poll))
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    assert poll is not None and poll.status == PollStatus.CLOSED and poll.closed_by == "deadline"
    assert [r.kind for r in rows] == ["poll_closed_card", "poll_result"]
    assert rows[0].update_activity_id == activity_id
    # the outbox dispatcher delivers both: the card in place, the result as a new message
    bot.connector.clear()
    await bot.scheduler.run_service_now("outbox")
    closed = card_text(updated_cards(bot, activity_id)[-1])
    assert "Svarstiden gick ut måndagen den 30 november kl 10.00" in closed
    [(result_id, result)] = posted_cards(bot)
    result_text = card_text(result)
    assert "Resultat: Vårens möten" in result_text
    assert f"Flest kan: {MARCH}" in result_text
    # answers are refused now
    await click(bot, ANNA, _answer(card, MARCH, "Ja"), activity_id)
    assert bot.connector.texts()[-1] == "Omröstningen är stängd, så svaret sparades inte."
    # the organiser chooses on the result card; both cards show the outcome
    form = show_card(result, "Välj datum")
    [choice_set] = form["body"]
    march = next(c["value"] for c in choice_set["choices"] if c["title"].startswith(MARCH))
    bot.connector.clear()
    await click(bot, ANNA, {**submit_data(form, "Stäng omröstningen"), "chosen": march}, result_id)
    for target in (activity_id, result_id):
        assert f"{MARCH} — ✅ Valt datum" in card_text(updated_cards(bot, target)[-1])
    assert "Nu är det bestämt: Vårens möten" in card_text(posted_cards(bot)[0][1])
