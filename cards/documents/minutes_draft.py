"""The minutes draft (.docx): the group's own minutes with what the bot already knows
filled in, for the secretary to finish in Word and send back.

The shape follows the minutes the groups write (tests/fixtures of real minutes): a title,
"Datum:", "Tid:", "Plats:" lines, "Närvarande" by organisation with substitutes and who
was there for part of the meeting, "Frånvarande", then the agenda as numbered headings
("1. Föregående minnesanteckningar") with an empty paragraph under each for the notes.

Everything here is written so that the minutes import reads it back
(dialogs/text/minutes.py): the labels are the ones it knows, item numbers are typed text
rather than Word's automatic numbering (which lives in the styles and is easily lost),
and the register's open decisions and tasks are a table whose rows start with their
number (B-2026-014), never with a name or "Beslut:", so a returned draft does not offer
them again as new entries. The import also skips any entry naming a number the register
holds (dialogs/decisions/minutes_import.py).

Limits: the English draft carries English labels, which the (Swedish) import does not
read; its decisions and tasks are still found, but not the meeting date and attendance.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from cards.i18n import Language, t
from cards.swedish_format import clock, local, month_name, short_day, weekday_name

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class DraftPerson:
    """One line of the attendance: who, for which organisation, and how."""

    organisation: str | None
    name: str
    present: bool
    substitute_for: str | None = None
    partial: bool = False


@dataclass(frozen=True)
class DraftOpenItem:
    """An open decision or task of the register, as the follow-up item lists it."""

    reference: str  # "B-2026-014"
    text: str
    owners: str  # already worded ("Anna och Gabriel"), "" when nobody
    status: str  # the stored value, e.g. "öppen"
    due: date | None = None


@dataclass(frozen=True)
class MinutesDraft:
    group_name: str
    meeting_title: str
    starts_at: datetime  # UTC
    ends_at: datetime | None
    has_time: bool
    place: str | None
    online_join_url: str | None
    people: tuple[DraftPerson, ...]
    agenda: tuple[str, ...]
    open_items: tuple[DraftOpenItem, ...]
    # The agenda position (0-based) under which the open items are listed: the
    # follow-up item, else the previous minutes; None lists them under the first item.
    follow_up_position: int | None = None
    next_meeting: datetime | None = None  # UTC
    next_meeting_has_time: bool = True


def long_date(day: date, language: Language) -> str:
    """'måndag 9 februari 2026' / 'Monday 9 February 2026': with the year, because a
    draft is read long after the meeting and the import needs it."""
    return f"{weekday_name(day, language)} {day.day} {month_name(day.month, language)} {day.year}"


def minutes_draft_docx(draft: MinutesDraft, language: Language) -> bytes:
    document = Document()
    document.core_properties.title = t("documents.draft.title", language, title=draft.meeting_title)
    document.core_properties.language = "sv-SE" if language == "sv" else "en-GB"
    document.add_paragraph(
        t("documents.draft.title", language, title=draft.meeting_title), style="Title"
    )
    for line in _header_lines(draft, language):
        document.add_paragraph(line)
    hint = document.add_paragraph()
    hint_run = hint.add_run(t("documents.draft.hint", language))
    hint_run.italic = True
    hint_run.font.size = Pt(9)
    _attendance(document, draft.people, language)
    follow_up = draft.follow_up_position if draft.follow_up_position is not None else 0
    for position, title in enumerate(draft.agenda):
        document.add_heading(f"{position + 1}. {title}", level=1)
        if position == follow_up:
            _open_items(document, draft.open_items, language)
        # The secretary's notes go here; an empty paragraph keeps the place visible.
        document.add_paragraph()
    if draft.next_meeting is not None:
        start = local(draft.next_meeting)
        when = long_date(start.date(), language)
        if draft.next_meeting_has_time:
            when += f" kl {clock(start, language)}" if language == "sv" else f" {clock(start)}"
        document.add_paragraph(t("documents.draft.next_meeting", language, date=when))
    else:
        document.add_paragraph(t("documents.draft.next_meeting_unknown", language))
    document.add_paragraph().add_run().add_break(WD_BREAK.LINE)
    document.add_paragraph(t("documents.draft.signature", language))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _header_lines(draft: MinutesDraft, language: Language) -> list[str]:
    start = local(draft.starts_at)
    lines = [
        t("documents.draft.group", language, group=draft.group_name),
        t("documents.draft.date", language, date=long_date(start.date(), language)),
    ]
    if draft.has_time:
        end = local(draft.ends_at) if draft.ends_at else None
        if end is not None and end.date() == start.date():
            lines.append(
                t(
                    "documents.draft.time",
                    language,
                    start=clock(start, language),
                    end=clock(end, language),
                )
            )
        else:
            lines.append(t("documents.draft.time_from", language, start=clock(start, language)))
    if draft.place:
        lines.append(t("documents.draft.place", language, place=draft.place))
    if draft.online_join_url:
        lines.append(t("documents.draft.online", language, url=draft.online_join_url))
    return lines


def _organisation(person: DraftPerson, language: Language) -> str:
    return person.organisation or t("documents.draft.no_organisation", language)


def _attendance(document: DocxDocument, people: Sequence[DraftPerson], language: Language) -> None:
    ordered = sorted(
        people, key=lambda p: (_organisation(p, language).casefold(), p.name.casefold())
    )
    present = [p for p in ordered if p.present]
    absent = [p for p in ordered if not p.present]
    document.add_heading(t("documents.draft.present", language), level=2)
    if present:
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        header = table.rows[0].cells
        for cell, key in zip(header, ("organisation", "name", "note"), strict=True):
            cell.text = t(f"documents.draft.col.{key}", language)
        previous: str | None = None
        for person in present:
            organisation = _organisation(person, language)
            cells = table.add_row().cells
            # The organisation once per group of rows, as the groups' own lists do.
            cells[0].text = organisation if organisation != previous else ""
            previous = organisation
            cells[1].text = person.name
            cells[2].text = _note(person, language)
    else:
        document.add_paragraph(t("documents.draft.nobody", language))
    document.add_heading(t("documents.draft.absent", language), level=2)
    for person in absent:
        document.add_paragraph(f"{person.name}, {_organisation(person, language)}")


def _note(person: DraftPerson, language: Language) -> str:
    notes = []
    if person.substitute_for:
        notes.append(t("documents.draft.substitute_for", language, name=person.substitute_for))
    if person.partial:
        notes.append(t("documents.draft.partial", language))
    return ", ".join(notes)


def _open_items(document: DocxDocument, items: Sequence[DraftOpenItem], language: Language) -> None:
    if not items:
        document.add_paragraph(t("documents.draft.no_open_items", language))
        return
    document.add_paragraph(t("documents.draft.open_items", language))
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    keys = ("reference", "text", "owners", "status", "due")
    for cell, key in zip(table.rows[0].cells, keys, strict=True):
        cell.text = t(f"documents.draft.col.{key}", language)
    for item in items:
        cells = table.add_row().cells
        cells[0].text = item.reference
        cells[1].text = item.text
        # A dash rather than an empty cell: the import joins a row's non-empty cells.
        cells[2].text = item.owners or "–"
        cells[3].text = t(f"decisions.status.{item.status}", language)
        cells[4].text = short_day(item.due, language, with_year=True) if item.due else ""
