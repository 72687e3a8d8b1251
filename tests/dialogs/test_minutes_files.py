"""Reading minutes files (dialogs/text/minutes_files.py) and `python -m bot minutes FILE`.

The .docx and .pdf fixtures are made from the real text minutes by
tests/fixtures/minutes/make_fixtures.py (python-docx, LibreOffice); the test holds them to
the same extract as their text. The PDF wraps long lines where the page ends (DejaVu Sans
is wider than the text's original font), so its text differs line by line; today's
extraction gives identical JSON regardless, and the test says so exactly.
"""

from __future__ import annotations

import argparse
import io
import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from bot.cli import minutes as cli_minutes
from cards.i18n import t
from dialogs.text.minutes import extract_minutes
from dialogs.text.minutes_files import (
    MAX_BYTES,
    MinutesFileError,
    MinutesFileProblem,
    read_minutes_file,
)

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "minutes"
BAD = FIXTURES / "bad"
REAL = REPO.parent / "shared" / "fixtures" / "minutes"
NAMES = ("bgb-sodra-2022-01-24", "samverkansgruppen-vastmanland-2021-05-21")
TODAY = date(2031, 6, 30)

needs_real_fixtures = pytest.mark.skipif(
    not REAL.is_dir(), reason="../shared/fixtures/minutes is not beside the repo"
)


def _json(text: str) -> dict[str, object]:
    return extract_minutes(text, today=TODAY).to_json()


def _read(path: Path) -> str:
    return read_minutes_file(path.name, path.read_bytes()).text


@needs_real_fixtures
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_word_and_pdf_give_the_same_extract_as_the_text(name: str, suffix: str) -> None:
    text = (REAL / f"{name}.txt").read_text(encoding="utf-8")
    expected = _json(text)
    got = _json(_read(FIXTURES / f"{name}{suffix}"))
    assert got == expected
    # Not vacuous: there is a meeting date and attendance to compare, and decisions in BGB.
    meeting = expected["meeting"]
    assert isinstance(meeting, dict) and meeting["date"] and meeting["present"]
    if name.startswith("bgb"):
        assert expected["decisions"] and expected["proposed_dates"]


@needs_real_fixtures
@pytest.mark.parametrize("name", NAMES)
def test_word_gives_back_every_line_with_its_list_marker(name: str) -> None:
    text = (REAL / f"{name}.txt").read_text(encoding="utf-8")
    wanted = [line.strip() for line in text.splitlines() if line.strip()]
    got = [line.strip() for line in _read(FIXTURES / f"{name}.docx").splitlines() if line.strip()]
    # Agenda items are Heading 2, "• …" lines real Word bullets: the text is the same.
    assert got == wanted


@needs_real_fixtures
def test_pdf_keeps_the_reading_order() -> None:
    text = _read(FIXTURES / "bgb-sodra-2022-01-24.pdf")
    order = ["1. Föregående", "2. Reflektioner", "3. VITS", "Beslut;", "10. Övriga frågor"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_word_numbered_and_bulleted_lists_become_lines(tmp_path: Path) -> None:
    document = Document()
    document.add_heading("Minnesanteckningar 2024-02-06", level=1)
    document.add_paragraph("Inledning", style="List Number")
    document.add_paragraph("Rapporter", style="List Number")
    document.add_paragraph("Anna skickar ut rapporten", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Närvarande"
    table.rows[0].cells[1].text = "Anna Lund, Bengt Ström"
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_minutes_file("anteckningar.docx", buffer.getvalue()).text
    assert text.splitlines() == [
        "Minnesanteckningar 2024-02-06",
        "1. Inledning",
        "2. Rapporter",
        "• Anna skickar ut rapporten",
        "Närvarande | Anna Lund, Bengt Ström",
    ]


def test_text_files_in_utf8_and_windows_1252() -> None:
    text = "Minnesanteckningar\nBeslut: Åsa skickar ut rapporten.\n"
    assert read_minutes_file("a.txt", text.encode("utf-8")).text == text.strip()
    assert read_minutes_file("a.md", text.encode("cp1252")).text == text.strip()
    assert read_minutes_file("a.txt", b"\xef\xbb\xbf" + text.encode()).text == text.strip()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.docx", (BAD / "empty.docx").read_bytes(), MinutesFileProblem.EMPTY),
        ("blank.txt", b"  \r\n\n ", MinutesFileProblem.EMPTY),
        ("password.pdf", (BAD / "password.pdf").read_bytes(), MinutesFileProblem.ENCRYPTED),
        ("password.docx", (BAD / "password.docx").read_bytes(), MinutesFileProblem.ENCRYPTED),
        ("scanned.pdf", (BAD / "scanned.pdf").read_bytes(), MinutesFileProblem.IMAGE_ONLY),
        ("truncated.docx", (BAD / "truncated.docx").read_bytes(), MinutesFileProblem.CORRUPT),
        ("cut.pdf", (FIXTURES / f"{NAMES[0]}.pdf").read_bytes()[:900], MinutesFileProblem.CORRUPT),
        ("photo.png", PNG, MinutesFileProblem.UNSUPPORTED),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            MinutesFileProblem.UNSUPPORTED,
        ),
        ("binary.txt", b"Beslut\x00\x01", MinutesFileProblem.UNSUPPORTED),
        ("huge.txt", b"a" * (MAX_BYTES + 1), MinutesFileProblem.TOO_LARGE),
    ],
)
def test_bad_files_get_their_own_message(
    name: str, data: bytes, problem: MinutesFileProblem
) -> None:
    with pytest.raises(MinutesFileError) as raised:
        read_minutes_file(name, data)
    assert raised.value.problem is problem
    assert t(raised.value.key, "sv") and t(raised.value.key, "en")


def test_a_spreadsheet_is_not_minutes() -> None:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    with pytest.raises(MinutesFileError) as raised:
        read_minutes_file("protokoll.xlsx", buffer.getvalue())
    assert raised.value.problem is MinutesFileProblem.UNSUPPORTED


# ---- the CLI --------------------------------------------------------------------------------
def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bot")
    cli_minutes.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_cli_reads_word_and_pdf(suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        _run_cli(["minutes", str(FIXTURES / f"{NAMES[0]}{suffix}"), "--today", "2022-02-01"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["meeting"]["date"] == "2022-01-24"
    assert data["decisions"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.docx", "Filen är tom"),
        ("password.pdf", "lösenordsskyddad"),
        ("password.docx", "lösenordsskyddad"),
        ("scanned.pdf", "bara bilder"),
        ("truncated.docx", "skadad eller ofullständig"),
    ],
)
def test_cli_bad_files_exit_2_with_a_swedish_message(
    name: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_cli(["minutes", str(BAD / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert "Traceback" not in captured.err
