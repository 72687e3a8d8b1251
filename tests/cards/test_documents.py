"""The documents the bot writes, without the bot: the minutes draft (.docx) opens, has the
group's shape in both languages, and reads back through the minutes reader exactly (the
participants from its table, a decision ended by its Word paragraph, nothing new from an
untouched draft, `python -m bot minutes` too); the archival PDF is PDF/A-2b also when
empty or many pages long, with åäö as text."""

from __future__ import annotations

import argparse
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from bot.cli import minutes as cli_minutes
from cards.documents.archive_pdf import ArchiveEntry, ArchiveEvent, archive_pdf
from cards.documents.minutes_draft import (
    DraftOpenItem,
    DraftPerson,
    MinutesDraft,
    minutes_draft_docx,
)
from dialogs.text.minutes import extract_minutes
from dialogs.text.minutes_files import read_minutes_file
from tests.bot.test_archive_export import assert_pdfa_2b

PEOPLE = (
    DraftPerson("Nyköpings kommun", "Gabriel Billing", True),
    DraftPerson("Nyköpings kommun", "Anna-Maria Ringgren", True, partial=True),
    DraftPerson("Trosa kommun", "Carolina Wolper", True, substitute_for="Malin Palmér Andersson"),
    DraftPerson("Trosa kommun", "Malin Palmér Andersson", False),
    DraftPerson(None, "Eva Lönnelid", False),
)
KNOWN = [person.name for person in PEOPLE]
DRAFT = MinutesDraft(
    group_name="BGB Södra",
    meeting_title="Samverkansmöte",
    starts_at=datetime(2026, 1, 26, 9, 0, tzinfo=UTC),
    ends_at=datetime(2026, 1, 26, 11, 0, tzinfo=UTC),
    has_time=True,
    place="Stadshuset, Nyköping",
    online_join_url=None,
    people=PEOPLE,
    agenda=("Föregående minnesanteckningar", "Uppföljning av beslut", "VITS", "Övriga frågor"),
    open_items=(
        DraftOpenItem(
            "B-2026-003",
            "Gabriel kontaktar samordnarna i VITS-grupperna senast 23/1",
            "Gabriel Billing",
            "pågår",
            date(2026, 1, 23),
        ),
        DraftOpenItem("B-2026-004", "Samtliga ser över rutinerna för SIP", "", "öppen"),
    ),
    follow_up_position=1,
    next_meeting=datetime(2026, 2, 23, 9, 0, tzinfo=UTC),
)


def _text(data: bytes) -> str:
    return read_minutes_file("utkast.docx", data).text


def _filled(data: bytes) -> bytes:
    document = Document(io.BytesIO(data))
    paragraphs = document.paragraphs
    for index, paragraph in enumerate(paragraphs):
        if paragraph.text == "3. VITS":
            paragraphs[index + 1].text = "Gabriel berättade om läget i grupperna."
            after = paragraphs[index + 2]
            after.insert_paragraph_before("Beslut: Gabriel kontaktar skolan senast 7/2")
            after.insert_paragraph_before("Carolina skickar underlaget till alla senast 20/2.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_draft_opens_with_the_groups_shape() -> None:
    document = Document(io.BytesIO(minutes_draft_docx(DRAFT, "sv")))
    lines = [p.text for p in document.paragraphs]
    assert lines[:6] == [
        "Minnesanteckningar – Samverkansmöte",
        "Grupp: BGB Södra",
        "Datum: måndag 26 januari 2026",
        "Tid: kl 10.00–12.00",
        "Plats: Stadshuset, Nyköping",
        lines[5],  # the hint
    ]
    assert "Beslut:" in lines[5]
    present, follow_up = document.tables
    assert [[c.text for c in row.cells] for row in present.rows] == [
        ["Organisation", "Namn", "Anmärkning"],
        ["Nyköpings kommun", "Anna-Maria Ringgren", "del av mötet"],
        ["", "Gabriel Billing", ""],
        ["Trosa kommun", "Carolina Wolper", "ersätter Malin Palmér Andersson"],
    ]
    assert [[c.text for c in row.cells] for row in follow_up.rows][1:] == [
        [
            "B-2026-003",
            "Gabriel kontaktar samordnarna i VITS-grupperna senast 23/1",
            "Gabriel Billing",
            "påbörjad",
            "fredag 23/1 2026",
        ],
        ["B-2026-004", "Samtliga ser över rutinerna för SIP", "–", "öppen", ""],
    ]
    assert "Malin Palmér Andersson, Trosa kommun" in lines
    assert "Eva Lönnelid, Övriga" in lines
    assert "Nästa möte: måndag 23 februari 2026 kl 10.00" in lines
    assert lines[-1] == "Vid minnesanteckningarna"


def test_the_english_draft_has_english_labels() -> None:
    document = Document(io.BytesIO(minutes_draft_docx(DRAFT, "en")))
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "Minutes – Samverkansmöte"
    assert "Date: Monday 26 January 2026" in lines
    assert "Present" in lines and "Absent" in lines
    assert [row.cells[2].text for row in document.tables[0].rows][1] == "part of the meeting"


def test_nobody_present_and_no_open_entries_still_make_a_draft() -> None:
    empty = MinutesDraft(
        group_name="G",
        meeting_title="M",
        starts_at=DRAFT.starts_at,
        ends_at=None,
        has_time=False,
        place=None,
        online_join_url=None,
        people=(),
        agenda=("Föregående minnesanteckningar", "Uppföljning av beslut", "Övriga frågor"),
        open_items=(),
        follow_up_position=1,
    )
    document = Document(io.BytesIO(minutes_draft_docx(empty, "sv")))
    lines = [p.text for p in document.paragraphs]
    assert "Ingen har anmält sig." in lines
    assert "Inga öppna beslut eller uppgifter i beslutsloggen." in lines
    assert "Nästa möte:" in lines
    assert not document.tables


def test_an_untouched_draft_reads_back_with_nothing_new() -> None:
    extract = extract_minutes(
        _text(minutes_draft_docx(DRAFT, "sv")), today=date(2026, 1, 27), known_people=KNOWN
    )
    assert extract.meeting_date == date(2026, 1, 26)
    assert extract.place == "Stadshuset, Nyköping"
    assert set(extract.present) == {"Gabriel Billing", "Anna-Maria Ringgren", "Carolina Wolper"}
    assert set(extract.absent) == {"Malin Palmér Andersson", "Eva Lönnelid"}
    assert extract.agenda_items[:2] == (
        "1. Föregående minnesanteckningar",
        "2. Uppföljning av beslut",
    )
    assert extract.decisions == () and extract.actions == ()
    assert extract.next_meeting == datetime(2026, 2, 23, 10, 0)


def test_a_filled_in_draft_reads_back_each_entry_on_its_own() -> None:
    extract = extract_minutes(
        _text(_filled(minutes_draft_docx(DRAFT, "sv"))),
        today=date(2026, 1, 27),
        known_people=KNOWN,
    )
    [decision] = extract.decisions
    assert decision.text == "Gabriel kontaktar skolan senast 7/2"
    assert decision.item == "3. VITS" and decision.due == date(2026, 2, 7)
    assert decision.people[0].matches == ("Gabriel Billing",)
    [task] = extract.actions
    assert task.text == "Carolina skickar underlaget till alla senast 20/2."
    assert task.people[0].matches == ("Carolina Wolper",)


def test_the_cli_reads_a_filled_in_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "utkast.docx"
    path.write_bytes(_filled(minutes_draft_docx(DRAFT, "sv")))
    parser = argparse.ArgumentParser(prog="bot")
    cli_minutes.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["minutes", str(path), "--today", "2026-01-27"])
    assert args.func(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["meeting"]["date"] == "2026-01-26"
    assert [d["text"] for d in data["decisions"]] == ["Gabriel kontaktar skolan senast 7/2"]


ENTRY = ArchiveEntry(
    reference="B-2026-003",
    kind="task",
    text="Gabriel kontaktar Åsa och Örjan på förskolan " + "och går igenom rutinerna " * 30,
    owners="Gabriel Billing",
    status="klar",
    due=date(2026, 2, 7),
    meeting_date=date(2026, 1, 26),
    item="3. VITS",
    history=(
        ArchiveEvent(datetime(2026, 1, 26, 10, tzinfo=UTC), "öppen", "Kristin Wirén"),
        ArchiveEvent(datetime(2026, 2, 3, 8, tzinfo=UTC), "klar", None),
    ),
)


def test_the_archive_is_pdfa_with_every_field_over_several_pages() -> None:
    data = archive_pdf(
        "sv",
        group_name="BGB Södra",
        title="Beslutslogg",
        entries=[ENTRY] * 40,
        made_at=datetime(2026, 12, 3, 15, tzinfo=UTC),
    )
    assert_pdfa_2b(data)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) > 3
    text = reader.pages[0].extract_text()
    assert "Grupp: BGB Södra" in text and "Utskriven: 2026-12-03 16.00" in text
    assert "B-2026-003 · Uppgift" in text and "Åsa och Örjan" in text
    assert "Mötesdatum 2026-01-26" in text and "Dagordningspunkt 3. VITS" in text
    assert "2026-01-26 11.00 öppen (Kristin Wirén)" in text
    assert "2026-02-03 09.00 klar" in text


def test_an_empty_archive_is_still_pdfa() -> None:
    data = archive_pdf(
        "en", group_name="G", title="Decision register", entries=[], made_at=datetime.now(UTC)
    )
    assert_pdfa_2b(data)
    assert (
        "No decisions or tasks are registered."
        in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    )
