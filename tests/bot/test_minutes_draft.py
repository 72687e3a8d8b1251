"""The minutes draft through HTTP on both databases: a meeting is called and answered,
`protokoll utkast` (and the kallelse's button) offers a .docx that opens in python-docx
with the group's shape (Närvarande by organisation with the substitute, numbered agenda,
the register's open entries), the secretary fills it in as in Word, and sending it back
through the minutes file flow finds the new decision and task, and nothing of the
register twice; a draft edited into nonsense gets a Swedish answer and stores nothing."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.decisions.models import Decision
from storage.directory.models import Member
from storage.meetings import attendance
from storage.meetings.attendance import Attendee
from storage.meetings.models import AttendanceSource, AttendanceStatus, Meeting
from tests.bot.decision_helpers import buttons
from tests.bot.graph_support import Graph
from tests.bot.poll_meeting_support import (
    ClockedBot,
    card_text,
    click,
    clocked_bot,
    install_team,
    posted_cards,
    say,
    show_card,
    submit_data,
    updated_cards,
)
from tests.bot.test_archive_export import assert_pdfa_2b
from tests.bot.test_meeting_cycle import close_poll_on_march
from tests.bot.test_minutes_files_http import FileServer, download_info, file_message
from tests.support import teams
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE

# Monday 30 November 2026, the week after the bot's clock starts (Monday 23/11).
CALL = "möte 30/11 kl 10-12 Stadshuset Nyköping"


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector) as running:
        await install_team(running)
        yield running


@pytest.fixture
async def file_host() -> AsyncIterator[FileServer]:
    """Where the personal chat's attachments are downloaded from (127.0.0.1)."""
    server = FileServer()
    await server.start()
    yield server
    assert server.server is not None
    await server.server.close()


async def _cycle(bot: ClockedBot) -> None:
    """Two open entries in the register, a meeting answered with a substitute, then the
    meeting is over."""
    await say(bot, KRISTIN, "beslut: Malin tar fram en gemensam rutin för SIP senast 27/11")
    await say(bot, KRISTIN, "beslut: Anna-Karin sammanställer statistiken")
    bot.connector.clear()
    await say(bot, KRISTIN, CALL)
    (activity_id, card), *_ = posted_cards(bot)
    await click(bot, ANNA, submit_data(card, "Kommer"), activity_id)
    substitute = submit_data(show_card(card, "Skickar ersättare"), "Skicka")
    await click(bot, MALIN, {**substitute, "substitute": "Per Olsson", "comment": ""}, activity_id)
    await click(bot, KRISTIN, submit_data(card, "Kommer inte"), activity_id)
    bot.clock.advance(timedelta(days=7, hours=4))  # Monday 30/11, 14.00
    bot.connector.clear()


async def _download(bot: ClockedBot, text: str, suffix: str) -> bytes:
    match = re.search(r"\[([^\]]+\." + suffix + r")\]\(([^)]*/downloads/[\w\-]+)\)", text)
    assert match, text
    url = match.group(2)
    response = await bot.http.get(bot.url + url[url.index("/downloads/") :])
    assert response.status == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    return await response.read()


def _open(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def _is_heading(paragraph: Paragraph) -> bool:
    return paragraph.style is not None and paragraph.style.name.startswith("Heading")


def _table_rows(document: DocxDocument) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def _fill_in(document: DocxDocument) -> bytes:
    """What a secretary does in Word: notes, a decision and a task under the follow-up
    item, and the next meeting."""
    paragraphs = document.paragraphs
    for index, paragraph in enumerate(paragraphs):
        if paragraph.text == "3. Övriga frågor":
            notes = paragraphs[index + 1]
            notes.text = "Skolans elevhälsa vill vara med i arbetet."
            after = paragraphs[index + 2]
            after.insert_paragraph_before("Beslut: Gabriel kontaktar skolan senast 7/12")
            after.insert_paragraph_before("Marie skickar underlaget till alla senast 14/12.")
        if paragraph.text.startswith("Nästa möte"):
            paragraph.text = "Nästa möte: måndag 14 december kl 10"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def _send_file(bot: ClockedBot, file_host: FileServer, name: str, data: bytes) -> None:
    file_host.files[name] = data
    attachment = download_info(name, file_host.url(f"/f/{name}"))
    response = await bot.post(file_message("personal", KRISTIN, bot.connector.url, attachment))
    assert response.status == 201


async def _decisions(bot: ClockedBot) -> list[Decision]:
    async with bot.sessions() as session:
        return list((await session.scalars(select(Decision).order_by(Decision.id))).all())


async def test_draft_has_the_groups_shape_and_round_trips_through_the_import(
    bot: ClockedBot, file_host: FileServer
) -> None:
    await _cycle(bot)
    await say(bot, KRISTIN, "protokoll utkast")
    [text] = bot.connector.texts()
    assert "utkastet till minnesanteckningar för **Samverkansmöte**" in text
    assert "minnesanteckningar-utkast-2026-11-30.docx" in text
    document = _open(await _download(bot, text, "docx"))

    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "Minnesanteckningar – Samverkansmöte"
    assert "Datum: måndag 30 november 2026" in lines
    assert "Tid: kl 10.00–12.00" in lines
    assert "Plats: Stadshuset Nyköping" in lines
    headings = [p.text for p in document.paragraphs if _is_heading(p)]
    assert headings == [
        "Närvarande",
        "Frånvarande",
        "1. Föregående minnesanteckningar",
        "2. Uppföljning av beslut",
        "3. Övriga frågor",
    ]
    rows = _table_rows(document)
    assert ["Gnesta kommun", "Anna-Karin Hammar", ""] in rows
    assert ["", "Per Olsson", "ersätter Malin Palmér"] in rows
    assert "Kristin Wirén, Region Sörmland" in lines
    open_rows = [row for row in rows if row[0].startswith("B-2026-")]
    assert [row[0] for row in open_rows] == ["B-2026-001", "B-2026-002"]
    assert open_rows[0][1] == "Malin tar fram en gemensam rutin för SIP senast 27/11"
    assert open_rows[0][3:] == ["öppen", "fredag 27/11 2026"]
    # An empty paragraph under every item for the notes.
    for heading, following in zip(headings[2:], [*headings[3:], "Nästa möte:"], strict=True):
        assert "" in lines[lines.index(heading) + 1 : lines.index(following)]

    # Back through the minutes import, as a file in the personal chat.
    await _send_file(bot, file_host, "minnesanteckningar.docx", _fill_in(document))
    assert [text for text in bot.connector.texts() if text][-1] == (
        "Nästa möte enligt minnesanteckningarna: måndag 14/12. Kalla till det med "
        "**möte 14/12 kl 10** när tid och plats är bestämda."
    )
    preview = posted_cards(bot)[-1][1]
    preview_text = card_text(preview)
    assert "Gabriel kontaktar skolan senast 7/12" in preview_text
    assert "Marie skickar underlaget till alla senast 14/12." in preview_text
    assert "Malin tar fram en gemensam rutin" not in preview_text
    confirm = buttons(preview)["Spara markerade beslut"]
    preview_id = bot.connector.calls[-1].activity_id
    assert preview_id is not None
    await bot.post(
        teams.card_submit("personal", confirm, KRISTIN, bot.connector.url, reply_to_id=preview_id)
    )
    stored = await _decisions(bot)
    assert [d.reference for d in stored] == ["B-2026-001", "B-2026-002", "B-2026-003", "B-2026-004"]
    new = {d.text: d for d in stored[2:]}
    assert set(new) == {
        "Gabriel kontaktar skolan senast 7/12",
        "Marie skickar underlaget till alla senast 14/12.",
    }
    assert {d.meeting_date for d in new.values()} == {date(2026, 11, 30)}
    assert new["Gabriel kontaktar skolan senast 7/12"].due == date(2026, 12, 7)

    # The next day, the same draft sent again: everything is in the register already
    # ("30/11" on 1/12 is the day before, not next year).
    bot.clock.advance(timedelta(days=1))
    bot.connector.clear()
    await _send_file(bot, file_host, "igen.docx", _fill_in(_open(await _draft_again(bot))))
    assert len(await _decisions(bot)) == 4

    # The meeting's decisions for the diarium: the two taken there, not the older ones.
    bot.connector.clear()
    await say(bot, KRISTIN, "beslut arkiv 30/11")
    pdf = await _download(bot, bot.connector.texts()[-1], "pdf")
    assert_pdfa_2b(pdf)
    archived = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Beslut från mötet 2026-11-30" in archived
    assert "B-2026-003" in archived and "B-2026-004" in archived
    assert "B-2026-001" not in archived
    assert "Mötesdatum 2026-11-30" in archived


async def _draft_again(bot: ClockedBot) -> bytes:
    await say(bot, KRISTIN, "protokoll utkast 30/11")
    return await _download(bot, bot.connector.texts()[-1], "docx")


async def test_kallelse_button_gives_the_draft_and_a_foreign_meeting_is_refused(
    bot: ClockedBot,
) -> None:
    await _cycle(bot)
    # After the start, the kallelse (a copy posted with `kallelse`) has the button.
    await say(bot, KRISTIN, "kallelse 30/11")
    (kallelse_id, kallelse), *_ = posted_cards(bot)
    button = submit_data(kallelse, "Protokollsutkast (.docx)")
    await click(bot, MARIE, button, kallelse_id)
    document = _open(await _download(bot, bot.connector.texts()[-1], "docx"))
    assert document.paragraphs[0].text == "Minnesanteckningar – Samverkansmöte"
    bot.connector.clear()
    async with bot.sessions() as session:
        meeting = await session.scalar(select(Meeting))
    assert meeting is not None and button["meeting_id"] == meeting.id
    await click(bot, KRISTIN, {"action": "minutes_draft", "meeting_id": meeting.id + 99}, "k-2")
    [refusal] = bot.connector.texts()
    assert "/downloads/" not in refusal


async def test_no_meeting_gets_a_swedish_answer(bot: ClockedBot) -> None:
    await say(bot, KRISTIN, "protokoll utkast")
    [answer] = bot.connector.texts()
    assert answer.startswith("Gruppen har inget möte att skriva minnesanteckningar för än.")


async def test_minutes_draft_in_english(bot: ClockedBot) -> None:
    await _cycle(bot)
    await say(bot, KRISTIN, "minutes draft", locale="en-GB")
    [text] = bot.connector.texts()
    assert text.startswith("Here is the minutes draft for **Samverkansmöte**.")
    document = _open(await _download(bot, text, "docx"))
    # The document is in the meeting's language (Swedish: it was called in Swedish).
    assert document.paragraphs[0].text == "Minnesanteckningar – Samverkansmöte"


def _nonsense(document: DocxDocument) -> bytes:
    """Headings deleted, garbage typed, the open-items table torn into loose lines, and
    one real decision left in the rubble."""
    body = document.element.body
    for paragraph in document.paragraphs:
        if _is_heading(paragraph) or paragraph.text.startswith("Datum"):
            body.remove(paragraph._p)
    for table in document.tables[1:]:
        for row in table.rows:
            for cell in row.cells:
                document.add_paragraph(cell.text)
        body.remove(table._tbl)
    document.add_paragraph("ö#¤%&/ qwerty asdf ))) ((( 1234")
    document.add_paragraph("Beslut: Gabriel kontaktar skolan senast 7/12")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def test_a_draft_edited_into_nonsense_imports_what_it_can_and_says_what_not(
    bot: ClockedBot, file_host: FileServer
) -> None:
    await _cycle(bot)
    await say(bot, KRISTIN, "protokoll utkast")
    document = _open(await _download(bot, bot.connector.texts()[-1], "docx"))
    bot.connector.clear()
    await _send_file(bot, file_host, "trasig.docx", _nonsense(document))
    texts = bot.connector.texts()
    said = "\n".join(t for t in texts if t)
    assert "mötesdatum" in said and "numrerade" in said
    preview_text = card_text(posted_cards(bot)[-1][1])
    assert "Gabriel kontaktar skolan senast 7/12" in preview_text
    # The torn-up table's rows are the register's open entries, not new ones.
    assert "Malin tar fram en gemensam rutin" not in preview_text
    assert len(await _decisions(bot)) == 2


async def test_the_teams_report_and_link_are_in_the_draft(bot: ClockedBot) -> None:
    """What Graph read after the meeting (stored as H3's attendance report) is what the
    draft lists: who joined for part of it, who came after all, a guest; and the link."""
    await _cycle(bot)
    async with bot.sessions() as session, session.begin():
        meeting = await session.scalar(select(Meeting))
        assert meeting is not None
        ids = {m.name: m.id for m in (await session.scalars(select(Member))).all()}
        await attendance.set_join_url(
            session, meeting, "https://teams.microsoft.com/l/meetup-join/abc", "graph-id-1"
        )
        await attendance.replace_attendance(
            session,
            meeting_id=meeting.id,
            source=AttendanceSource.GRAPH,
            people=[
                Attendee(
                    "Anna-Karin Hammar", AttendanceStatus.PRESENT, ids[ANNA.name], partial=True
                ),
                Attendee("Kristin Wirén", AttendanceStatus.PRESENT, ids[KRISTIN.name]),
                Attendee("Eva Extern", AttendanceStatus.PRESENT),
            ],
            now=bot.clock(),
        )
    await say(bot, KRISTIN, "protokoll utkast")
    document = _open(await _download(bot, bot.connector.texts()[-1], "docx"))
    lines = [p.text for p in document.paragraphs]
    assert "Teamsmöte: https://teams.microsoft.com/l/meetup-join/abc" in lines
    rows = _table_rows(document)
    assert ["Gnesta kommun", "Anna-Karin Hammar", "del av mötet"] in rows
    assert ["Region Sörmland", "Kristin Wirén", ""] in rows
    assert ["Övriga", "Eva Extern", ""] in rows
    assert "Kristin Wirén, Region Sörmland" not in lines  # no longer absent


def _attendee(user: teams.User | None, name: str, seconds: int) -> dict[str, Any]:
    identity = (
        {"id": user.aad_object_id, "displayName": user.name} if user else {"displayName": name}
    )
    return {
        "identity": identity,
        "emailAddress": None,
        "totalAttendanceInSeconds": seconds,
        "role": "Attendee",
    }


async def test_the_whole_cycle_from_a_closed_poll_to_the_imported_minutes(
    graph_bot: ClockedBot, graph: Graph, file_host: FileServer
) -> None:
    """Issue #17's cycle on both databases: the register's open entries, a poll closed
    into a meeting with a member's point, the Teams meeting made through Graph, the
    attendance report merged with the RSVPs, the kallelse's draft button, the draft
    filled in and imported back: the new entries once, nothing of the register twice."""
    bot = graph_bot
    await say(bot, GABRIEL, "beslut: Anna-Karin tar fram en tidplan senast 1/3")
    await say(bot, GABRIEL, "beslut: Malin sammanställer enkätsvaren")
    bot.connector.clear()
    kallelse_id, kallelse = await close_poll_on_march(bot)
    await say(bot, MALIN, "punkt: Gemensam rutin för SIP")
    substitute = submit_data(show_card(kallelse, "Skickar ersättare"), "Skicka")
    await click(bot, KRISTIN, {**substitute, "substitute": "Per Olsson"}, kallelse_id)
    await click(bot, MALIN, submit_data(kallelse, "Kommer"), kallelse_id)
    await bot.scheduler.run_service_now("outlook")
    [online] = graph.standin.online_meetings.values()

    # Tuesday 9/3 2027, 9-12 in Stockholm: Malin leaves after an hour, Per stands in.
    graph.standin.add_attendance_report(
        online["id"],
        "2027-03-09T08:00:00Z",
        "2027-03-09T11:00:00Z",
        [
            _attendee(ANNA, "", 10800),
            _attendee(MALIN, "", 3600),
            _attendee(None, "Per Olsson", 10700),
        ],
    )
    bot.clock.now = datetime(2027, 3, 9, 11, 30, tzinfo=UTC)
    await bot.scheduler.run_service_now("outlook")
    await bot.scheduler.run_now("dialogs.meetings.kallelse:redraw_started_meetings")
    bot.connector.clear()
    await bot.scheduler.run_service_now("outbox")
    after = updated_cards(bot, kallelse_id)[-1]
    await click(bot, KRISTIN, submit_data(after, "Protokollsutkast (.docx)"), kallelse_id)
    document = _open(await _download(bot, bot.connector.texts()[-1], "docx"))

    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "Minnesanteckningar – Vårens möten"
    assert "Datum: tisdag 9 mars 2027" in lines
    assert f"Teamsmöte: {online['joinWebUrl']}" in lines
    rows = _table_rows(document)
    assert ["Gnesta kommun", "Anna-Karin Hammar", ""] in rows
    assert ["", "Malin Palmér", "del av mötet"] in rows
    assert ["Region Sörmland", "Per Olsson", "ersätter Kristin Wirén"] in rows
    assert "Kristin Wirén, Region Sörmland" in lines
    headings = [p.text for p in document.paragraphs if _is_heading(p)]
    assert headings[2:] == [
        "1. Föregående minnesanteckningar",
        "2. Uppföljning av beslut",
        "3. Gemensam rutin för SIP",
        "4. Övriga frågor",
    ]
    assert [row[0] for row in rows if row[0].startswith("B-")] == ["B-2026-001", "B-2026-002"]

    for index, paragraph in enumerate(document.paragraphs):
        if paragraph.text == "3. Gemensam rutin för SIP":
            after_heading = document.paragraphs[index + 1]
            after_heading.text = "Beslut: Malin skickar ut rutinen senast 26/3"
    out = io.BytesIO()
    document.save(out)
    await _send_file(bot, file_host, "minnesanteckningar.docx", out.getvalue())
    preview = posted_cards(bot)[-1][1]
    assert "Malin skickar ut rutinen senast 26/3" in card_text(preview)
    preview_id = bot.connector.calls[-1].activity_id
    assert preview_id is not None
    confirm = buttons(preview)["Spara markerade beslut"]
    await bot.post(
        teams.card_submit("personal", confirm, KRISTIN, bot.connector.url, reply_to_id=preview_id)
    )
    stored = await _decisions(bot)
    assert [(d.reference, d.text) for d in stored] == [
        ("B-2026-001", "Anna-Karin tar fram en tidplan senast 1/3"),
        ("B-2026-002", "Malin sammanställer enkätsvaren"),
        ("B-2027-001", "Malin skickar ut rutinen senast 26/3"),
    ]
    assert stored[-1].meeting_date == date(2027, 3, 9)
    assert stored[-1].due == date(2027, 3, 26)


async def test_a_day_without_a_year_after_the_meeting_is_the_meeting_that_has_been(
    bot: ClockedBot,
) -> None:
    """On 1 December, "30/11" read forwards is next year; attendance, kallelse and draft
    asked for the day before find the meeting that was held."""
    await _cycle(bot)
    bot.clock.advance(timedelta(days=1))
    for command in ("möte närvaro 30/11", "kallelse 30/11", "protokoll utkast 30/11"):
        bot.connector.clear()
        await say(bot, KRISTIN, command)
        answer = " ".join(bot.connector.texts()) + " ".join(
            card_text(card) for _, card in posted_cards(bot)
        )
        assert "Jag hittar inget möte" not in answer, (command, answer)
        assert "Samverkansmöte" in answer or "/downloads/" in answer, (command, answer)
    bot.connector.clear()
    await say(bot, KRISTIN, "möte närvaro 29/11")
    assert bot.connector.texts() == ["Jag hittar inget möte 29/11."]
