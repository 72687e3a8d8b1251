"""`python -m bot pii TEXT`: check a text with the personal identity number guard.

Lets administrators and testers see what the guard would reject without going through
Teams. Output is masked like everything else the guard produces, so it is safe in a
terminal log or a CI transcript.
"""

from __future__ import annotations

import argparse

from dialogs.text.pii import find_personal_numbers


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "pii",
        help="kontrollera om en text innehåller personnummer eller samordningsnummer",
        description=(
            "Kontrollerar texten med samma spärr som boten använder innan fritext sparas. "
            "Träffar visas maskerade. Slutkod 1 om något hittas, annars 0."
        ),
    )
    parser.add_argument("text", nargs="+", metavar="TEXT", help="texten som ska kontrolleras")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = " ".join(args.text)
    findings = find_personal_numbers(text)
    if not findings:
        print("Inga personnummer eller samordningsnummer hittades.")
        return 0
    for finding in findings:
        print(f"{finding.kind}\t{finding.masked}\tposition {finding.start}-{finding.end}")
    return 1
