"""Outlook calendar sync through Microsoft Graph, against loopback Entra ID and Graph
stand-ins: msal's client-credentials flow with a cached token, the event created once,
Outlook answers merged without overwriting newer Teams answers or substitutes, and Graph
errors (429 with Retry-After, 5xx, 401) that never lose RSVP state."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.graph.client import GraphError
from storage.directory.models import Member
from storage.meetings.models import (
    Meeting,
    MeetingCalendarEvent,
    MeetingResponse,
    RsvpSource,
    RsvpStatus,
)
from tests.bot.graph_support import Graph
from tests.bot.poll_meeting_support import (
    START,
    ClockedBot,
    click,
    posted_cards,
    say,
    show_card,
    submit_data,
)
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE


@pytest.fixture
def bot(graph_bot: ClockedBot) -> ClockedBot:
    return graph_bot


async def _meeting_with_teams_answers(bot: ClockedBot) -> None:
    await say(bot, KRISTIN, "möte 9/12 kl 10-12 Stadshuset")
    [(activity_id, card)] = posted_cards(bot)
    substitute = submit_data(show_card(card, "Skickar ersättare"), "Skicka")
    await click(bot, ANNA, {**substitute, "substitute": "Per Olsson"}, activity_id)
    await click(bot, MALIN, submit_data(card, "Kommer"), activity_id)


async def _sync(bot: ClockedBot, graph: Graph) -> None:
    await bot.scheduler.run_service_now("outlook")
    assert bot.scheduler.failures == 0  # Graph trouble never escapes as a failed tick


async def _responses(bot: ClockedBot) -> dict[str, tuple[RsvpStatus, RsvpSource, str | None]]:
    async with bot.sessions() as session:
        rows = (
            await session.execute(
                select(Member.name, MeetingResponse).join(
                    Member, Member.id == MeetingResponse.member_id
                )
            )
        ).all()
    return {name: (r.status, r.source, r.substitute_name) for name, r in rows}


async def test_token_is_cached_and_fetched_again_when_about_to_expire(graph: Graph) -> None:
    graph.standin.events["event-x"] = {"id": "event-x", "mailbox": "a@example.se", "attendees": []}
    for _ in range(3):
        await graph.client.request("GET", "/users/a@example.se/events/event-x")
    assert graph.standin.token_requests == 1
    graph.standin.revoke_tokens()
    graph.standin.expires_in = 120  # inside msal's five-minute refresh margin
    await graph.client.request("GET", "/users/a@example.se/events/event-x")  # 401 -> new token
    assert graph.standin.token_requests == 2
    await graph.client.request("GET", "/users/a@example.se/events/event-x")
    assert graph.standin.token_requests == 3  # the short-lived token was not reused


async def test_meeting_becomes_an_outlook_event_and_answers_merge(
    bot: ClockedBot, graph: Graph
) -> None:
    await _meeting_with_teams_answers(bot)
    await _sync(bot, graph)
    [event] = graph.standin.events.values()
    async with bot.sessions() as session:
        meeting = await session.scalar(select(Meeting))
    assert meeting is not None
    assert event["mailbox"] == "kristin.wirén@example.se"  # the organiser's calendar
    assert event["transactionId"] == meeting.uid
    assert event["start"] == {
        "dateTime": "2026-12-09T10:00:00",
        "timeZone": "W. Europe Standard Time",
    }
    assert event["end"]["dateTime"] == "2026-12-09T12:00:00"
    assert event["location"] == {"displayName": "Stadshuset"}
    attendees = sorted(a["emailAddress"]["name"] for a in event["attendees"])
    assert attendees == sorted(u.name for u in (GABRIEL, ANNA, MALIN, MARIE))
    later = "2026-11-23T12:00:00.0000000"  # after the Teams answers (09:00 UTC)
    earlier = "2026-11-23T08:00:00Z"
    graph.standin.answer(event["id"], "marie.skarfors@example.se", "accepted", later)
    graph.standin.answer(event["id"], "anna-karin.hammar@example.se", "declined", later)
    graph.standin.answer(event["id"], "malin.palmér@example.se", "declined", earlier)
    graph.standin.answer(event["id"], "gabriel.billing@example.se", "tentativelyAccepted", later)
    await _sync(bot, graph)
    assert len(graph.standin.events) == 1  # created once
    assert await _responses(bot) == {
        MARIE.name: (RsvpStatus.COMING, RsvpSource.OUTLOOK, None),
        # declining the Outlook invitation keeps the substitute sent through Teams
        ANNA.name: (RsvpStatus.SUBSTITUTE, RsvpSource.TEAMS, "Per Olsson"),
        # an older Outlook answer never overwrites a newer Teams answer
        MALIN.name: (RsvpStatus.COMING, RsvpSource.TEAMS, None),
    }


async def test_graph_errors_are_retried_or_recorded_without_losing_rsvp_state(
    bot: ClockedBot, graph: Graph
) -> None:
    await _meeting_with_teams_answers(bot)
    graph.standin.fail_next(429, retry_after=7)
    graph.standin.fail_next(502)
    await _sync(bot, graph)
    assert graph.sleeps[0] == 7  # Retry-After honoured
    assert len(graph.sleeps) == 2 and graph.sleeps[1] <= 60
    assert len(graph.standin.events) == 1
    before = await _responses(bot)
    [event] = graph.standin.events.values()
    graph.standin.answer(
        event["id"], "marie.skarfors@example.se", "accepted", "2026-11-23T12:00:00Z"
    )
    graph.standin.fail_next(503, times=4)  # more than the client's attempts
    await _sync(bot, graph)  # does not raise; the unit of work commits
    assert await _responses(bot) == before
    async with bot.sessions() as session:
        row = await session.scalar(select(MeetingCalendarEvent))
    assert row is not None and row.last_error == "fault503"
    graph.standin.revoke_tokens()  # the next call gets 401 and fetches a new token
    await _sync(bot, graph)
    assert (await _responses(bot))[MARIE.name][0] == RsvpStatus.COMING
    async with bot.sessions() as session:
        row = await session.scalar(select(MeetingCalendarEvent))
    assert row is not None and row.last_error is None and row.synced_at == START


async def test_a_permanent_graph_error_is_raised_with_its_code_only(graph: Graph) -> None:
    with pytest.raises(GraphError) as caught:
        await graph.client.request("GET", "/users/nobody@example.se/events/missing")
    assert (caught.value.status, caught.value.code) == (404, "ErrorItemNotFound")
