"""`python -m bot minutes FILE`: show what the bot would extract from a set of minutes.

For secretaries and testers: the same extraction the bot proposes in Teams, as JSON, so a
new layout of minutes can be tried before anyone relies on it. Files exported on older
Windows machines are often cp1252 rather than UTF-8, so both are accepted; Word (.docx)
and PDF files with a text layer are read as the bot reads them in Teams
(dialogs/text/minutes_files.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from cards.i18n import t
from dialogs.text.minutes import extract_minutes
from dialogs.text.minutes_files import (
    MAX_BYTES,
    MinutesFileError,
    MinutesFileProblem,
    read_minutes_file,
)


class _UnreadableFile(Exception):
    pass


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "minutes",
        help="läs ut beslut, datum och deltagare ur minnesanteckningar (JSON)",
        description=(
            "Läser minnesanteckningar som Word-fil (.docx), PDF med text, eller textfil "
            "(.txt/.md, UTF-8 eller Windows-1252) och skriver "
            "ut mötesdatum, plats, deltagare, beslut, tidsfrister, föreslagna datum och "
            "nästa möte som JSON. Slutkod 2 om filen inte kan läsas."
        ),
    )
    parser.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="filen med minnesanteckningar (.docx, .pdf, .txt, .md)",
    )
    parser.add_argument(
        "--today",
        type=_iso_date,
        default=None,
        metavar="ÅÅÅÅ-MM-DD",
        help="dagens datum för årtal som saknas i rubriken (standard: i dag)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        data = _read_bytes(path)
        text = read_minutes_file(path.name, data).text
    except _UnreadableFile as exc:
        print(f"Kunde inte läsa {path}: {exc}", file=sys.stderr)
        return 2
    except MinutesFileError as exc:
        print(f"Kunde inte läsa {path}: {t(exc.key, 'sv')}", file=sys.stderr)
        return 2
    extract = extract_minutes(text, today=args.today or date.today())
    print(json.dumps(extract.to_json(), ensure_ascii=False, indent=2))
    return 0


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES and path.is_file():
            raise MinutesFileError(MinutesFileProblem.TOO_LARGE)
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise _UnreadableFile("filen finns inte") from exc
    except IsADirectoryError as exc:
        raise _UnreadableFile("det är en katalog, inte en fil") from exc
    except OSError as exc:
        raise _UnreadableFile(exc.strerror or "okänt fel") from exc


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ogiltigt datum {value!r}, skriv ÅÅÅÅ-MM-DD") from exc
