"""`python -m bot dates TEXT`: try the Swedish date parser from a shell.

Lets testers and administrators see exactly which dates the bot reads from a phrase,
with the same messages users get, without going through Teams. `--today` pins the
reference day so that "7/3" and "i morgon" give reproducible answers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, datetime

from cards.swedish_format import STOCKHOLM
from dialogs.text.dates import DateParseError, find_dates, parse_dates

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "dates",
        help="visa vilka datum och tider boten läser ut ur en text",
        description=(
            "Tolkar texten som ett datumuttryck (som efter 'föreslå datum') och skriver ut "
            'JSON: {"dates": [{"start": ..., "end": ...}]}. Slutkod 2 om texten inte går '
            "att tolka; meddelandet skrivs då till standard error."
        ),
    )
    parser.add_argument("text", nargs="+", metavar="TEXT", help="texten som ska tolkas")
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        default=None,
        help="dagen som datum utan år räknas från (standard: i dag i Europe/Stockholm)",
    )
    parser.add_argument(
        "--find",
        action="store_true",
        help="leta datum i löptext (protokoll, beslut) i stället för att tolka ett datumuttryck",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        today = _reference_day(getattr(args, "today", None))
    except ValueError:
        print(
            f"Ogiltigt --today {args.today!r}: ange ett datum som ÅÅÅÅ-MM-DD.",
            file=sys.stderr,
        )
        return 2
    text = " ".join(args.text)
    parse = find_dates if getattr(args, "find", False) else parse_dates
    try:
        spans = parse(text, today=today)
    except DateParseError as error:
        print(error.message_sv, file=sys.stderr)
        return 2
    print(json.dumps({"dates": [span.to_json() for span in spans]}, ensure_ascii=False))
    return 0


def _reference_day(text: str | None) -> date:
    if text is None:
        return datetime.now(STOCKHOLM).date()
    # fromisoformat alone would also accept "20260410" and week dates; the help promises one form.
    if not _ISO_DAY.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)
