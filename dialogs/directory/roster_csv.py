"""Read a group roster from CSV (as exported from a spreadsheet), validating every row.

Columns (Swedish or English headers, any order): namn/name, e-post/email,
aad_object_id/aad, organisation, roll/role. A person is identified by AAD object id or,
failing that, by e-mail address matched against members Teams already told us about.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from dialogs.directory.role_words import ROLE_WORDS
from dialogs.text.pii import contains_personal_number
from storage.directory.models import Role

HEADER_ALIASES = {
    "namn": "name",
    "name": "name",
    "e-post": "email",
    "epost": "email",
    "email": "email",
    "mail": "email",
    "aad_object_id": "aad_object_id",
    "aad": "aad_object_id",
    "objekt-id": "aad_object_id",
    "organisation": "organisation",
    "organization": "organisation",
    "huvudman": "organisation",
    "roll": "role",
    "role": "role",
}
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
MAX_ROWS = 2000


@dataclass(frozen=True)
class RosterEntry:
    line: int
    name: str
    email: str | None
    aad_object_id: str | None
    organisation: str | None
    role: Role | None


@dataclass(frozen=True)
class RosterProblem:
    line: int
    message: str


def parse_roster(text: str) -> tuple[list[RosterEntry], list[RosterProblem]]:
    sample = text[:2048]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = list(reader)
    if not rows:
        return [], [RosterProblem(1, "the file is empty")]
    columns = [HEADER_ALIASES.get(h.strip().casefold().lstrip("\ufeff")) for h in rows[0]]
    if "name" not in columns and "email" not in columns and "aad_object_id" not in columns:
        return [], [RosterProblem(1, "header needs name/namn, email/e-post or aad_object_id")]
    entries: list[RosterEntry] = []
    problems: list[RosterProblem] = []
    for line, row in enumerate(rows[1 : MAX_ROWS + 1], start=2):
        if not any(cell.strip() for cell in row):
            continue
        fields = {col: cell.strip() for col, cell in zip(columns, row, strict=False) if col}
        entry, problem = _entry(line, fields)
        if problem:
            problems.append(problem)
        elif entry:
            entries.append(entry)
    if len(rows) - 1 > MAX_ROWS:
        problems.append(RosterProblem(MAX_ROWS + 2, f"more than {MAX_ROWS} rows; rest ignored"))
    return entries, problems


def _entry(line: int, fields: dict[str, str]) -> tuple[RosterEntry | None, RosterProblem | None]:
    if any(contains_personal_number(value) for value in fields.values()):
        # Never echo the value: say only where.
        return None, RosterProblem(line, "contains a personal identity number; row skipped")
    aad = fields.get("aad_object_id") or None
    if aad and not _GUID.match(aad):
        return None, RosterProblem(line, "aad_object_id is not a GUID")
    email = fields.get("email") or None
    if email and "@" not in email:
        return None, RosterProblem(line, "email is not an e-mail address")
    if not aad and not email:
        return None, RosterProblem(line, "needs aad_object_id or email to identify the person")
    role_word = (fields.get("role") or "").casefold()
    role = ROLE_WORDS.get(role_word) if role_word else None
    if role_word and role is None:
        return None, RosterProblem(
            line, "unknown role (use ordförande, sekreterare, processledare, ledamot or ersättare)"
        )
    organisation = fields.get("organisation") or None
    if organisation and len(organisation) > 128:
        return None, RosterProblem(line, "organisation name longer than 128 characters")
    return (
        RosterEntry(
            line=line,
            name=fields.get("name") or (email or ""),
            email=email,
            aad_object_id=aad,
            organisation=organisation,
            role=role,
        ),
        None,
    )
