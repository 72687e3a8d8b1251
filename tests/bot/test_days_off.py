"""Proposed dates and meetings on a weekend or a Swedish holiday, through HTTP on both
databases: the warning posted with the poll or invitation, the button that moves the date
to the nearest working day (organisers only, only while unanswered, replays harmless),
and a default answer time that never ends on a day off."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from dialogs.polls.proposal import default_deadline
from dialogs.text.days_off import days_off
from storage.meetings.models import Meeting
from storage.polls.models import Poll, PollOption
from tests.bot.poll_meeting_support import (
    ClockedBot,
    card_text,
    click,
    clocked_bot,
    install_team,
    posted_cards,
    say,
    submit_data,
    updated_cards,
)
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN

MARCH = "söndag 7/3 2027 kl 09.00–12.00"


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector) as running:
        await install_team(running)
        yield running


async def _option_days(bot: ClockedBot) -> list[date]:
    async with bot.sessions() as session:
        options = (await session.scalars(select(PollOption).order_by(PollOption.position))).all()
    return [o.starts_at.astimezone(UTC).date() for o in options]


async def test_sunday_and_whitsunday_are_warned_about_and_moved_by_the_organiser(
    bot: ClockedBot,
) -> None:
    await say(bot, ANNA, "föreslå datum 7/3, 21/4 och 16/5 kl 9-12")
    [(poll_id, poll_card), (_, warning)] = posted_cards(bot)
    text = card_text(warning)
    assert "Söndag 7/3 är ingen arbetsdag. Närmaste arbetsdag är måndag 8/3." in text
    assert "Söndag 16/5 är pingstdagen, ingen arbetsdag. Närmaste arbetsdag är måndag 17/5." in (
        text
    )
    assert "21/4" not in text  # a Wednesday: nothing to say
    move_march = submit_data(warning, "Byt 7/3 till måndag 8/3")
    move_may = submit_data(warning, "Byt 16/5 till måndag 17/5")
    bot.connector.clear()

    # A member who is not the organiser, chair or secretary may not move it.
    await click(bot, KRISTIN, move_march, "warning")
    assert bot.connector.texts() == ["Bara arrangören, ordföranden och sekreteraren kan göra det."]
    assert await _option_days(bot) == [date(2027, 3, 7), date(2027, 4, 21), date(2027, 5, 16)]

    # A forged target (a Saturday, or three weeks away) is refused.
    bot.connector.clear()
    await click(bot, ANNA, {**move_march, "to": "2027-03-06"}, "warning")
    await click(bot, ANNA, {**move_march, "to": "2027-03-29"}, "warning")
    await click(bot, ANNA, {**move_march, "extra": 1}, "warning")
    texts = bot.connector.texts()
    assert texts[:2] == ["Det datumet kan jag inte byta till."] * 2 and len(texts) == 3

    bot.connector.clear()
    await click(bot, ANNA, move_march, "warning")
    assert bot.connector.texts() == ["Klart: söndag 7/3 är bytt till måndag 8/3 i omröstningen."]
    assert await _option_days(bot) == [date(2027, 3, 8), date(2027, 4, 21), date(2027, 5, 16)]
    refreshed_card = updated_cards(bot, poll_id)[-1]
    refreshed = card_text(refreshed_card)
    assert "måndag 8/3 2027 kl 09.00–12.00" in refreshed and MARCH not in refreshed
    # A double click changes nothing more.
    bot.connector.clear()
    await click(bot, ANNA, move_march, "warning")
    assert await _option_days(bot) == [date(2027, 3, 8), date(2027, 4, 21), date(2027, 5, 16)]

    # Once someone has answered for 16/5, it stays: their answer was about that day.
    await click(bot, MALIN, submit_data(refreshed_card, "Ja", near="söndag 16/5 2027"), poll_id)
    bot.connector.clear()
    await click(bot, GABRIEL, move_may, "warning")  # the chair may, but it is answered
    assert bot.connector.texts() == [
        "Datumet kan inte bytas längre: någon har redan svarat för den dagen, eller "
        "omröstningen är stängd. Föreslå nya datum om det behövs."
    ]
    assert await _option_days(bot) == [date(2027, 3, 8), date(2027, 4, 21), date(2027, 5, 16)]
    assert poll_card  # the poll itself was posted first, as before


async def test_working_days_get_no_warning(bot: ClockedBot) -> None:
    await say(bot, ANNA, "föreslå datum 8/3 och 21/4")
    [(_, card)] = posted_cards(bot)
    assert "Närmaste arbetsdag" not in card_text(card)


async def test_meeting_on_midsummer_eve_is_warned_about_and_moved(bot: ClockedBot) -> None:
    await say(bot, KRISTIN, "möte 25/6 kl 10-12 Stadshuset")
    [(rsvp_id, _), (_, warning)] = posted_cards(bot)
    assert (
        "Fredag 25/6 är midsommarafton, ingen arbetsdag. Närmaste arbetsdag är torsdag 24/6."
        in card_text(warning)
    )
    move = submit_data(warning, "Flytta mötet till torsdag 24/6")
    bot.connector.clear()
    await click(bot, ANNA, move, "warning")  # not the organiser
    assert bot.connector.texts() == ["Bara arrangören, ordföranden och sekreteraren kan göra det."]
    await click(bot, KRISTIN, move, "warning")
    assert bot.connector.texts()[-1] == "Klart: mötet är flyttat till torsdag 24/6."
    async with bot.sessions() as session:
        meeting = await session.scalar(select(Meeting))
    assert meeting is not None
    assert meeting.starts_at == datetime(2027, 6, 24, 8, 0, tzinfo=UTC)  # 10.00 summer time
    assert meeting.ends_at == datetime(2027, 6, 24, 10, 0, tzinfo=UTC)
    assert meeting.sequence == 1
    assert "torsdagen den 24 juni 2027 kl 10.00–12.00" in card_text(updated_cards(bot, rsvp_id)[-1])


async def test_answered_meeting_is_not_moved(bot: ClockedBot) -> None:
    await say(bot, KRISTIN, "möte 9 oktober kl 10-12 Hotell Malmköping")  # a Saturday
    [(rsvp_id, rsvp), (_, warning)] = posted_cards(bot)
    assert "Lördag 9/10 är ingen arbetsdag. Närmaste arbetsdag är fredag 8/10." in card_text(
        warning
    )
    await click(bot, ANNA, submit_data(rsvp, "Kommer"), rsvp_id)
    bot.connector.clear()
    await click(bot, KRISTIN, submit_data(warning, "Flytta mötet till fredag 8/10"), "warning")
    assert "Mötet kan inte flyttas längre" in bot.connector.texts()[0]
    async with bot.sessions() as session:
        meeting = await session.scalar(select(Meeting))
    assert meeting is not None and meeting.starts_at.day == 9


def test_nearest_working_day_skips_taken_and_past_days() -> None:
    today = date(2026, 11, 23)
    [sunday] = days_off([date(2027, 3, 7)], today=today, taken=[date(2027, 3, 8)])
    assert sunday.alternative == date(2027, 3, 5)  # Monday is already proposed
    [christmas_eve] = days_off([date(2026, 12, 24)], today=today)
    assert christmas_eve.holiday == "Julafton" and christmas_eve.alternative == date(2026, 12, 23)
    [saturday] = days_off([date(2026, 11, 28)], today=date(2026, 11, 27))
    assert saturday.alternative == date(2026, 11, 30)  # Friday 27/11 is today


def test_default_deadline_moves_off_new_years_eve() -> None:
    # Thursday 24/12 10.00: a week later is Nyårsafton, so Wednesday 30/12 10.00 instead.
    now = datetime(2026, 12, 24, 9, 0, tzinfo=UTC)
    deadline = default_deadline(now, datetime(2027, 3, 8, 8, 0, tzinfo=UTC))
    assert deadline == datetime(2026, 12, 30, 9, 0, tzinfo=UTC)
    # Friday 20/11 09.00: a week later is a Friday too, kept as it is.
    friday = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert default_deadline(friday, datetime(2027, 3, 8, 8, 0, tzinfo=UTC)) == datetime(
        2026, 11, 27, 8, 0, tzinfo=UTC
    )


async def test_poll_row_unchanged_for_working_days(bot: ClockedBot) -> None:
    await say(bot, ANNA, "föreslå datum 8/3")
    async with bot.sessions() as session:
        poll = await session.scalar(select(Poll))
    assert poll is not None and poll.deadline_at == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
