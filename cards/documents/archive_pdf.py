"""The decision register, or one meeting's decisions, as PDF/A-2b for the diarium.

PDF/A because a registrar files it for decades: fpdf2 writes the PDF/A parts itself
(`enforce_compliance`): the XMP metadata with pdfaid part 2 / conformance B, the sRGB
output intent with its ICC profile embedded, no encryption, and it refuses the 14
standard fonts, so every glyph comes from an embedded (subset) TrueType font. The font
is DejaVu Sans, which covers åäö and every Latin script; it ships with matplotlib (a
dependency already, for the charts), so no system font is needed.

What a Swedish public body files a decision by: the group (the body), the meeting date,
the decision number, the text, who is responsible, and the status history with dates.
Every entry here carries those, and the document says when it was made.

Known limits: the file is PDF/A-2b ("basic": it looks the same forever), not 2a/2u
(tagged, text extraction guaranteed); no validator such as veraPDF runs here (it needs
Java and is not packaged for PyPI or Debian), the tests check the parts above with pikepdf.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from cards.i18n import Language, t
from cards.swedish_format import local

PDF_CONTENT_TYPE = "application/pdf"
_FONT = "DejaVu"


@dataclass(frozen=True)
class ArchiveEvent:
    at: datetime  # UTC
    status: str  # the stored value, e.g. "klar"
    actor: str | None = None


@dataclass(frozen=True)
class ArchiveEntry:
    reference: str
    kind: str  # "decision" or "task"
    text: str
    owners: str  # worded, "" when nobody
    status: str
    due: date | None
    meeting_date: date | None
    item: str | None
    history: tuple[ArchiveEvent, ...]


def font_file(bold: bool = False) -> Path:
    """DejaVu Sans from matplotlib's package data (found without importing matplotlib)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib is not installed; its DejaVu font is needed for PDF/A")
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf" / name


def _stamp(moment: datetime) -> str:
    return local(moment).strftime("%Y-%m-%d %H.%M")


def archive_pdf(
    language: Language,
    *,
    group_name: str,
    title: str,
    entries: Sequence[ArchiveEntry],
    made_at: datetime,
) -> bytes:
    pdf = FPDF(format="A4", enforce_compliance="PDF/A-2B")
    pdf.add_font(_FONT, "", font_file())
    pdf.add_font(_FONT, "B", font_file(bold=True))
    pdf.set_title(f"{title} – {group_name}")
    pdf.set_author(group_name)
    pdf.set_creator("Samverkansboten")
    pdf.set_lang("sv-SE" if language == "sv" else "en-GB")
    pdf.set_creation_date(made_at)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(_FONT, "B", 16)
    pdf.multi_cell(0, 8, title, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FONT, "", 10)
    for line in (
        f"{t('documents.archive.group', language)}: {group_name}",
        f"{t('documents.archive.made', language)}: {_stamp(made_at)}",
        f"{t('documents.archive.count', language)}: {len(entries)}",
    ):
        pdf.multi_cell(0, 5, line, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    if not entries:
        pdf.multi_cell(0, 5, t("documents.archive.none", language), align=Align.L)
    for entry in entries:
        _entry(pdf, entry, language)
    return bytes(pdf.output())


def _entry(pdf: FPDF, entry: ArchiveEntry, language: Language) -> None:
    kind = t(f"documents.archive.kind.{entry.kind}", language)
    pdf.set_font(_FONT, "B", 11)
    pdf.multi_cell(
        0, 6, f"{entry.reference} · {kind}", align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    fields: list[tuple[str, str]] = [
        (
            "meeting",
            entry.meeting_date.isoformat()
            if entry.meeting_date
            else t("documents.archive.no_meeting", language),
        ),
    ]
    if entry.item:
        fields.append(("item", entry.item))
    fields += [
        ("text", entry.text),
        ("owners", entry.owners or t("decisions.no_owner", language)),
        ("due", entry.due.isoformat() if entry.due else t("decisions.no_due", language)),
        ("status", t(f"decisions.status.{entry.status}", language)),
    ]
    for key, value in fields:
        _field(pdf, t(f"documents.archive.field.{key}", language), value)
    history = [
        f"{_stamp(event.at)} {t(f'decisions.status.{event.status}', language)}"
        + (f" ({event.actor})" if event.actor else "")
        for event in entry.history
    ]
    _field(pdf, t("documents.archive.field.history", language), "\n".join(history) or "–")
    pdf.ln(3)


def _field(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font(_FONT, "B", 9)
    pdf.cell(40, 5, label)
    pdf.set_font(_FONT, "", 9)
    pdf.multi_cell(0, 5, value, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
