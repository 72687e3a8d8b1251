"""Teams meetings through Microsoft Graph (the loopback stand-in), end to end over HTTP
on both databases: the meeting gets an online meeting whose link goes on the kallelse,
the Outlook event and the calendar file; after the meeting its attendance report is
merged with the RSVPs and substitutes and the organiser corrects the list. Graph
refusing (403) or failing (503) tells the organiser clearly and the cycle goes on without
a link, which the organiser can then paste."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select

from bot.graph.client import GraphError
from storage.meetings.models import Meeting
from tests.bot.graph_support import Graph
from tests.bot.meeting_cycle_support import close_poll_on_march
from tests.bot.poll_meeting_support import (
    ClockedBot,
    card_text,
    click,
    posted_cards,
    say,
    show_card,
    submit_data,
    updated_cards,
)
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE

REDRAW_JOB = "dialogs.meetings.kallelse:redraw_started_meetings"


@pytest.fixture
def bot(graph_bot: ClockedBot) -> ClockedBot:
    return graph_bot


async def _sync(bot: ClockedBot) -> None:
    await bot.scheduler.run_service_now("outlook")
    assert bot.scheduler.failures == 0  # Graph trouble never escapes as a failed tick


async def _deliver(bot: ClockedBot) -> None:
    await bot.scheduler.run_service_now("outbox")


async def _meeting(bot: ClockedBot) -> Meeting:
    async with bot.sessions() as session:
        meeting = await session.scalar(select(Meeting))
    assert meeting is not None
    return meeting


def _open_urls(card: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.OpenUrl":
                found.append((node["title"], node["url"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return found


async def _download(bot: ClockedBot, link_text: str) -> bytes:
    url = link_text.split("](")[1].split(")")[0]
    response = await bot.http.get(bot.url + url[url.index("/downloads/") :])
    assert response.status == 200
    return await response.read()


async def test_teams_link_on_the_kallelse_and_the_report_merged_and_corrected(
    bot: ClockedBot, graph: Graph
) -> None:
    await say(bot, KRISTIN, "möte 9/12 kl 10-12")  # online only: no place given
    [(kallelse_id, card)] = posted_cards(bot)
    substitute = submit_data(show_card(card, "Skickar ersättare"), "Skicka")
    await click(bot, ANNA, {**substitute, "substitute": "Per Olsson"}, kallelse_id)
    await click(bot, MALIN, submit_data(card, "Kommer"), kallelse_id)
    await click(bot, MARIE, submit_data(card, "Kommer inte"), kallelse_id)
    await _sync(bot)

    [online] = graph.standin.online_meetings.values()
    meeting = await _meeting(bot)
    assert online["externalId"] == meeting.uid  # createOrGet: a retry makes no twin
    assert online["user"] == KRISTIN.aad_object_id  # the organiser's meeting
    assert (online["startDateTime"], online["endDateTime"]) == (
        "2026-12-09T09:00:00Z",
        "2026-12-09T11:00:00Z",
    )
    join_url = online["joinWebUrl"]
    assert meeting.online_join_url == join_url
    [event] = graph.standin.events.values()
    assert join_url in event["body"]["content"]  # the Outlook invitation carries it
    bot.connector.clear()
    await _deliver(bot)
    assert _open_urls(updated_cards(bot, kallelse_id)[-1]) == [("Anslut till mötet", join_url)]
    await _sync(bot)
    assert len(graph.standin.online_meetings) == 1

    # a new copy of the kallelse comes with a calendar file holding the link
    bot.connector.clear()
    await say(bot, MALIN, "kallelse")
    [link_text] = [text for text in bot.connector.texts() if "moten.ics" in text]
    [vevent] = Calendar.from_ical(await _download(bot, link_text)).walk("VEVENT")
    assert str(vevent["URL"]) == join_url

    # after the meeting: the report, read by the next sync
    graph.standin.add_attendance_report(
        online["id"],
        "2026-12-09T09:00:00Z",
        "2026-12-09T11:00:00Z",
        [
            {
                "identity": {"id": MALIN.aad_object_id, "displayName": MALIN.name},
                "emailAddress": None,
                "totalAttendanceInSeconds": 7000,
                "role": "Attendee",
            },
            {
                "identity": {"id": KRISTIN.aad_object_id, "displayName": KRISTIN.name},
                "emailAddress": None,
                "totalAttendanceInSeconds": 7200,
                "role": "Organizer",
            },
            # joined by her e-mail address, for 40 of 120 minutes, after saying no
            {
                "identity": {"displayName": "Marie S"},
                "emailAddress": "marie.skarfors@example.se",
                "totalAttendanceInSeconds": 2400,
                "role": "Attendee",
            },
            {
                "identity": {"displayName": "Per  Olsson"},
                "emailAddress": None,
                "totalAttendanceInSeconds": 7100,
                "role": "Attendee",
            },
        ],
    )
    bot.clock.now = datetime(2026, 12, 9, 11, 30, tzinfo=UTC)
    await _sync(bot)
    await bot.scheduler.run_now(REDRAW_JOB)  # the meeting is over: the card's other face
    bot.connector.clear()
    await _deliver(bot)
    after = updated_cards(bot, kallelse_id)[-1]
    assert submit_data(after, "Protokollsutkast (.docx)") == {
        "action": "minutes_draft",
        "meeting_id": meeting.id,
    }
    assert "Kommer" not in [a["title"] for a in after["actions"]]

    bot.connector.clear()
    await click(bot, KRISTIN, submit_data(after, "Närvaro"), kallelse_id)
    [(attendance_id, attendance)] = posted_cards(bot)
    text = card_text(attendance)
    present, absent = text.split("Ej närvarande")
    assert "Gnesta kommun\nMalin Palmér, Per Olsson (ersättare för Anna-Karin Hammar)" in present
    assert "Region Sörmland\nKristin Wirén" in present
    assert "Trosa kommun\nMarie Skarfors (del av mötet)" in present
    assert "Gnesta kommun\nAnna-Karin Hammar (ersatt av Per Olsson)" in absent
    assert "Utan angiven organisation\nGabriel Billing (inget svar)" in absent
    assert "Bygger på Teams närvarorapport" in text

    # the organiser's corrections: Gabriel was in the room, Marie stayed all along
    form = show_card(attendance, "Rätta närvaron")
    present_input, partial_input, *_ = form["body"]
    [gabriel] = [c["value"] for c in present_input["choices"] if c["title"] == GABRIEL.name]
    [marie] = [c["value"] for c in present_input["choices"] if c["title"] == MARIE.name]
    assert partial_input["value"] == marie  # ticked as there for part of the meeting
    correction = {
        **submit_data(form, "Spara närvaron"),
        "present": f"{present_input['value']},{gabriel}",
        "partial": "",
    }
    await click(bot, MARIE, correction, attendance_id)  # not the organiser
    assert "Bara den som kallat till mötet" in bot.connector.texts()[-1]
    bot.connector.clear()
    await click(bot, KRISTIN, correction, attendance_id)
    assert bot.connector.texts() == ["Närvaron är rättad (2 ändringar)."]
    corrected = card_text(updated_cards(bot, attendance_id)[-1])
    present, absent = corrected.split("Ej närvarande")
    assert "Trosa kommun\nMarie Skarfors\n" in present
    assert "Utan angiven organisation\nGabriel Billing" in present
    graph.standin.graph_calls.clear()
    await _sync(bot)  # a stored report is not read again
    assert not [path for _, path in graph.standin.graph_calls if "attendance" in path]
    present_again = (await _attendance_card(bot)).split("Ej närvarande")[0]
    assert "Utan angiven organisation\nGabriel Billing" in present_again


async def _attendance_card(bot: ClockedBot) -> str:
    bot.connector.clear()
    await say(bot, KRISTIN, "möte närvaro")
    [(_, card)] = posted_cards(bot)
    return card_text(card)


@pytest.mark.parametrize(
    ("status", "times", "message", "retried"),
    [
        (403, 1, "appen saknar behörighet i Microsoft Graph", False),
        (503, 4, "kunde inte skapas just nu", True),
    ],
)
async def test_graph_refusing_or_failing_tells_the_organiser_and_the_cycle_goes_on(
    bot: ClockedBot, graph: Graph, status: int, times: int, message: str, retried: bool
) -> None:
    await say(bot, KRISTIN, "möte 9/12 kl 10-12 Stadshuset")
    [(kallelse_id, card)] = posted_cards(bot)
    graph.standin.fail_next(status, times=times)
    await _sync(bot)
    assert graph.standin.online_meetings == {}
    assert len(graph.standin.events) == 1  # the Outlook invitation is made all the same
    meeting = await _meeting(bot)
    assert meeting.online_join_url is None
    bot.connector.clear()
    await _deliver(bot)
    [told] = [text for text in bot.connector.texts() if "Teams-mötet" in text]
    assert message in told and "möte länk https://" in told
    await _sync(bot)
    assert (len(graph.standin.online_meetings) == 1) is retried  # a refusal is not retried
    await _deliver(bot)
    assert len([t for t in bot.connector.texts() if "Teams-mötet" in t]) == 1  # told once

    if retried:
        return
    # without Graph's link the organiser pastes one; a bad one is refused
    bot.connector.clear()
    await say(bot, KRISTIN, "möte länk http://teams.example/x")
    assert bot.connector.texts() == [
        "Det där ser inte ut som en möteslänk. Klistra in hela adressen som börjar med "
        "https://, t.ex. från Teams-mötets inbjudan."
    ]
    pasted = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_pasted"
    await say(bot, MARIE, f"möte länk {pasted}")
    assert "Bara den som kallat till mötet" in bot.connector.texts()[-1]
    assert (await _meeting(bot)).online_join_url is None
    bot.connector.clear()
    await say(bot, KRISTIN, f"möte länk {pasted}")
    assert bot.connector.texts()[0] == "Länken finns nu på kallelsen (knappen Anslut till mötet)."
    assert _open_urls(updated_cards(bot, kallelse_id)[-1]) == [("Anslut till mötet", pasted)]
    assert _open_urls(card) == []


async def test_without_the_report_permission_the_list_rests_on_the_answers(
    bot: ClockedBot, graph: Graph
) -> None:
    await say(bot, KRISTIN, "möte 9/12 kl 10-12")
    [(kallelse_id, card)] = posted_cards(bot)
    await click(bot, MALIN, submit_data(card, "Kommer"), kallelse_id)
    await _sync(bot)
    assert len(graph.standin.online_meetings) == 1
    bot.clock.now = datetime(2026, 12, 9, 11, 30, tzinfo=UTC)
    graph.standin.fail_next(403, path="/attendanceReports")  # no OnlineMeetingArtifact.Read.All
    await _sync(bot)
    bot.connector.clear()
    await _deliver(bot)
    [told] = [text for text in bot.connector.texts() if "Närvarorapporten" in text]
    assert "OnlineMeetingArtifact.Read.All" in told and "bygger därför på svaren" in told
    text = await _attendance_card(bot)
    assert "Gnesta kommun\nMalin Palmér" in text.split("Ej närvarande")[0]
    assert "Bygger på svaren på kallelsen (ingen närvarorapport från Teams)" in text


async def test_a_closed_poll_becomes_a_teams_meeting_on_its_kallelse(
    bot: ClockedBot, graph: Graph
) -> None:
    await say(bot, GABRIEL, "beslut: Malin sammanställer enkätsvaren senast 1/3")
    kallelse_id, kallelse = await close_poll_on_march(bot)
    assert "B-2026-001" in card_text(kallelse)
    await _sync(bot)
    [online] = graph.standin.online_meetings.values()
    assert online["user"] == ANNA.aad_object_id  # she proposed the dates and closed
    assert online["startDateTime"] == "2027-03-09T08:00:00Z"
    bot.connector.clear()
    await _deliver(bot)
    redrawn = updated_cards(bot, kallelse_id)[-1]
    assert _open_urls(redrawn) == [("Anslut till mötet", online["joinWebUrl"])]
    assert "B-2026-001" in card_text(redrawn)  # the same kallelse, now with its link


async def test_bad_corrections_are_refused_and_change_nothing(
    bot: ClockedBot, graph: Graph
) -> None:
    await say(bot, KRISTIN, "möte 9/12 kl 10-12 Stadshuset")
    [(kallelse_id, card)] = posted_cards(bot)
    await click(bot, MALIN, submit_data(card, "Kommer"), kallelse_id)
    bot.clock.now = datetime(2026, 12, 9, 11, 30, tzinfo=UTC)
    before = await _attendance_card(bot)
    [(attendance_id, attendance)] = posted_cards(bot)
    form = show_card(attendance, "Rätta närvaron")
    present_input, _, _, substitute_for = form["body"]
    [malin] = [c["value"] for c in substitute_for["choices"] if c["title"] == MALIN.name]
    base = {**submit_data(form, "Spara närvaron"), "present": present_input["value"]}
    for value, refusal in (
        ({"substitute_name": "Per Olsson"}, "Välj vem ersättaren ersätter."),
        ({"substitute_name": "Per 120315-1234", "substitute_for": malin}, "personnummer"),
        ({"substitute_name": "P" * 121, "substitute_for": malin}, "högst 120 tecken"),
    ):
        bot.connector.clear()
        await click(bot, KRISTIN, {**base, **value}, attendance_id)
        assert refusal in bot.connector.texts()[-1]
    assert await _attendance_card(bot) == before
    bot.connector.clear()
    await click(
        bot,
        KRISTIN,
        {**base, "substitute_name": "Per Olsson", "substitute_for": malin},
        attendance_id,
    )
    assert "Gnesta kommun\nMalin Palmér, Per Olsson (ersättare för Malin Palmér)" in card_text(
        updated_cards(bot, attendance_id)[-1]
    )


def _record(name: str, seconds: int, aad_object_id: str | None = None) -> dict[str, Any]:
    identity: dict[str, Any] = {"displayName": name}
    if aad_object_id:
        identity["id"] = aad_object_id
    return {
        "identity": identity,
        "emailAddress": None,
        "totalAttendanceInSeconds": seconds,
        "role": "Attendee",
    }


async def _meeting_over_with_report(bot: ClockedBot, graph: Graph) -> str:
    """A meeting 9/12 kl 10-12 with its Teams meeting; its report in Graph (5 joiners,
    three pages of two), the clock after the meeting. Returns the Teams meeting's id."""
    await say(bot, KRISTIN, "möte 9/12 kl 10-12")
    [(kallelse_id, card)] = posted_cards(bot)
    await click(bot, ANNA, submit_data(card, "Kommer inte"), kallelse_id)
    await _sync(bot)
    [online] = graph.standin.online_meetings.values()
    graph.standin.add_attendance_report(
        online["id"],
        "2026-12-09T09:00:00Z",
        "2026-12-09T11:00:00Z",
        [
            _record(KRISTIN.name, 7200, KRISTIN.aad_object_id),
            _record(MALIN.name, 7000, MALIN.aad_object_id),
            _record(MARIE.name, 7100, MARIE.aad_object_id),
            _record(GABRIEL.name, 2000, GABRIEL.aad_object_id),
            _record("Lisa Gäst", 6000),
        ],
    )
    graph.standin.page_size = 2
    graph.standin.graph_calls.clear()
    bot.clock.now = datetime(2026, 12, 9, 11, 30, tzinfo=UTC)
    return str(online["id"])


async def test_an_attendance_report_in_pages_is_read_to_its_last_page(
    bot: ClockedBot, graph: Graph
) -> None:
    await _meeting_over_with_report(bot, graph)
    await _sync(bot)
    record_pages = [path for _, path in graph.standin.graph_calls if "attendanceRecords" in path]
    assert len(record_pages) == 3  # 2 + 2 + 1, each page asked for once
    assert set(graph.standin.hosts) == {f"127.0.0.1:{graph.standin.port}"}
    text = await _attendance_card(bot)
    present, absent = text.split("Ej närvarande")
    assert "Region Sörmland\nKristin Wirén" in present
    assert "Gnesta kommun\nMalin Palmér" in present  # first pages
    assert "Trosa kommun\nMarie Skarfors" in present
    assert "Gabriel Billing (del av mötet)" in present  # second page
    assert "Lisa Gäst" in present  # the last page, one record
    assert "Gnesta kommun\nAnna-Karin Hammar" in absent
    assert "Bygger på Teams närvarorapport" in text


async def test_a_next_page_link_to_another_host_is_not_followed(
    bot: ClockedBot, graph: Graph
) -> None:
    await _meeting_over_with_report(bot, graph)
    # the same stand-in under another name: were the link followed, its Host would show
    graph.standin.next_link_base = f"https://localhost:{graph.standin.port}/v1.0"
    await _sync(bot)
    assert set(graph.standin.hosts) == {f"127.0.0.1:{graph.standin.port}"}
    bot.connector.clear()
    await _deliver(bot)
    [told] = [text for text in bot.connector.texts() if "Närvarorapporten" in text]
    assert "kunde inte hämtas just nu" in told
    # nothing of the first page is stored as who was there
    text = await _attendance_card(bot)
    assert "Bygger på svaren på kallelsen (ingen närvarorapport från Teams)" in text
    assert "Lisa Gäst" not in text and "Malin Palmér (inget svar)" in text

    # once Graph's links are its own again, the next sync reads the whole report
    graph.standin.next_link_base = None
    await _sync(bot)
    assert "Lisa Gäst" in (await _attendance_card(bot)).split("Ej närvarande")[0]


async def _paged_records(graph: Graph) -> str:
    """A Teams meeting with a report of five records in pages of two; the records' path."""
    organiser = KRISTIN.aad_object_id
    online = await graph.client.request(
        "POST",
        f"/users/{organiser}/onlineMeetings/createOrGet",
        json={"externalId": "paging-test", "subject": "Möte"},
    )
    graph.standin.add_attendance_report(
        online["id"], "", "", [_record(f"Deltagare {n}", 60) for n in range(5)]
    )
    graph.standin.page_size = 2
    graph.standin.graph_calls.clear()
    return (
        f"/users/{organiser}/onlineMeetings/{online['id'].replace('=', '%3D')}"
        "/attendanceReports/report-1/attendanceRecords"
    )


async def test_a_collection_longer_than_the_page_cap_is_refused(graph: Graph) -> None:
    path = await _paged_records(graph)
    assert len(await graph.client.collect(path, max_pages=3)) == 5
    graph.standin.graph_calls.clear()
    with pytest.raises(GraphError) as refused:
        await graph.client.collect(path, max_pages=2)
    assert refused.value.code == "too_many_pages"
    assert len(graph.standin.graph_calls) == 2  # the third page is never asked for


@pytest.mark.parametrize(
    "link_base",
    [
        "https://localhost:{port}/v1.0",  # another host name
        "https://graph-user@127.0.0.1:{port}/v1.0",  # credentials in the authority
        "https://127.0.0.1:{port}/v1.0/../v1.0",  # out of the version path and back
        "https://127.0.0.1:{port}/v1.0/%2E%2E/v1.0",
        "https://127.0.0.1:{port}/v1.0beta",  # a sibling path, not below /v1.0/
    ],
)
async def test_only_next_links_under_the_configured_graph_url_are_followed(
    graph: Graph, link_base: str
) -> None:
    path = await _paged_records(graph)
    graph.standin.next_link_base = link_base.format(port=graph.standin.port)
    with pytest.raises(GraphError) as refused:
        await graph.client.collect(path)
    assert refused.value.code == "foreign_next_link"
    assert len(graph.standin.graph_calls) == 1  # the first page only


async def test_the_outlook_invitation_follows_a_later_link_and_the_agenda(
    bot: ClockedBot, graph: Graph
) -> None:
    await say(bot, KRISTIN, "möte 9/12 kl 10-12 Stadshuset")
    graph.standin.fail_next(403, path="/onlineMeetings")  # no Teams meeting from Graph
    await _sync(bot)
    [event] = graph.standin.events.values()
    content = event["body"]["content"]
    assert "teams.microsoft.com" not in content
    assert "<p><b>Dagordning</b></p><ol><li>Föregående minnesanteckningar</li>" in content
    await _sync(bot)
    assert graph.standin.event_updates == []  # nothing changed, nothing sent

    # the organiser pastes a link and a member adds a point: one update of the body alone
    pasted = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_pasted?a=1&b=2"
    await say(bot, KRISTIN, f"möte länk {pasted}")
    await say(bot, MALIN, "punkt: Gemensam rutin för SIP & skola")
    await _sync(bot)
    [(event_id, update)] = graph.standin.event_updates
    assert event_id == event["id"] and list(update) == ["body"]
    content = update["body"]["content"]
    assert (
        '<a href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_pasted?a=1&amp;b=2">'
        "Anslut till mötet</a>"
    ) in content
    assert "<li>Uppföljning av beslut</li><li>Gemensam rutin för SIP &amp; skola</li>" in content
    assert graph.standin.events[event_id]["transactionId"] == (await _meeting(bot)).uid
    await _sync(bot)
    assert len(graph.standin.event_updates) == 1

    # a point removed is an update too; Outlook failing it is tried again on the next sync
    await say(bot, KRISTIN, "punkt bort 3")
    graph.standin.fail_next(404, path="/events/", method="PATCH")
    await _sync(bot)
    assert len(graph.standin.event_updates) == 1
    assert [method for method, _ in graph.standin.graph_calls[-2:]] == ["GET", "PATCH"]
    await _sync(bot)
    [_, (_, removed)] = graph.standin.event_updates
    assert "SIP" not in removed["body"]["content"]

    # after the start the invitation is left as it was
    bot.clock.now = datetime(2026, 12, 9, 9, 5, tzinfo=UTC)
    await say(bot, MALIN, "punkt: Sent tillägg")
    await _sync(bot)
    assert len(graph.standin.event_updates) == 2
