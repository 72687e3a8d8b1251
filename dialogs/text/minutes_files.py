"""Minutes as users have them (.docx, .pdf, .txt, .md) turned into the plain text
`extract_minutes` reads. Pure: bytes and a file name in, text out; no network, no disk.

What it reads, and what it cannot:
- .docx (python-docx): the body's paragraphs and tables in document order, one line per
  paragraph (a table row is one line, its cells joined by " | "). Headings are kept as
  their text. Word list items get their marker back as text ("• " for bullets, "3. " or
  "a) " from the list's own format for numbered lists), because Word stores the marker
  as formatting and the parser looks for it. Headers, footers, footnotes, comments and
  text boxes are not read; tracked changes are read as they were last saved. A paragraph
  that is a whole decision ("Beslut: Gabriel kontaktar skolan senast 7/2") is followed by
  a blank line, because in Word it ends there, while a decision in plain text runs to the
  next blank line (a filled-in minutes draft has no blank line after it).
- .pdf (pypdf): the text layer, page by page. pypdf kept the reading order of
  LibreOffice's and Word's exports best (pdfminer.six's layout analysis moved headings
  away from their paragraphs in our fixtures). A PDF keeps no paragraphs, so a long
  line comes out broken where the page wrapped it; extract_minutes rejoins such
  sentences. A scanned page (an image, no text layer) is refused: there is no OCR here.
- .txt, .md: UTF-8 (with or without BOM) or Windows-1252, as exported on older Windows
  machines.
- Anything else — .doc, .odt, .rtf, images, a ZIP that is not a Word document — is
  refused as unsupported, as is a password-protected PDF or Word file, an empty file,
  a file over MAX_BYTES and a file that cannot be parsed (cut off, damaged).

The format is decided by the content (PDF and ZIP signatures), the name only for plain
text, so a renamed file is read for what it is.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from dialogs.text.minutes_vocabulary import DECISION_LABEL

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
SUPPORTED_SUFFIXES = (".docx", ".pdf", *TEXT_SUFFIXES)
TEXT_ENCODINGS = ("utf-8-sig", "cp1252")

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
# Word's "Encrypt with password" wraps the document in an OLE compound file (the old .doc
# container) with a stream named EncryptedPackage.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


class MinutesFileProblem(StrEnum):
    """Why a file cannot be read; each value is a catalogue key (cards.i18n)."""

    EMPTY = "minutes_file.empty"
    TOO_LARGE = "minutes_file.too_large"
    ENCRYPTED = "minutes_file.encrypted"
    IMAGE_ONLY = "minutes_file.image_only"
    UNSUPPORTED = "minutes_file.unsupported"
    CORRUPT = "minutes_file.corrupt"


class MinutesFileError(Exception):
    """A file that cannot be read as minutes; `key` is the message to show, never the
    library's own error text."""

    def __init__(self, problem: MinutesFileProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem

    @property
    def key(self) -> str:
        return self.problem.value


@dataclass(frozen=True)
class MinutesFile:
    name: str
    text: str


def suffix_of(name: str) -> str:
    match = re.search(r"(\.[A-Za-z0-9]{1,10})$", name.strip())
    return match.group(1).lower() if match else ""


def read_minutes_file(name: str, data: bytes) -> MinutesFile:
    """The file's text, or MinutesFileError saying why not."""
    if len(data) > MAX_BYTES:
        raise MinutesFileError(MinutesFileProblem.TOO_LARGE)
    if not data.strip():
        raise MinutesFileError(MinutesFileProblem.EMPTY)
    if data.startswith(_PDF_MAGIC):
        text = _pdf_text(data)
    elif data.startswith(_ZIP_MAGIC):
        text = _docx_text(data)
    elif data.startswith(_OLE_MAGIC):
        # An old .doc, or a password-protected .docx/.xlsx (same container).
        encrypted = _ENCRYPTED_PACKAGE in data
        raise MinutesFileError(
            MinutesFileProblem.ENCRYPTED if encrypted else MinutesFileProblem.UNSUPPORTED
        )
    elif suffix_of(name) in TEXT_SUFFIXES:
        text = _plain_text(data)
    else:
        raise MinutesFileError(MinutesFileProblem.UNSUPPORTED)
    text = _tidy(text)
    if not text.strip():
        raise MinutesFileError(MinutesFileProblem.EMPTY)
    return MinutesFile(name=name, text=text)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


# ---- plain text ---------------------------------------------------------------------------
def _plain_text(data: bytes) -> str:
    if b"\x00" in data:
        # Both encodings would accept NUL bytes; text never has them, binary files do.
        raise MinutesFileError(MinutesFileProblem.UNSUPPORTED)
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    # cp1252 leaves five byte values undefined; such a file is not text we can read.
    raise MinutesFileError(MinutesFileProblem.UNSUPPORTED)


# ---- PDF ----------------------------------------------------------------------------------
def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # A PDF with only an owner password (printing/copying restricted) opens with
            # the empty user password, as every PDF viewer does; anything else needs one.
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unknown ciphers
                raise MinutesFileError(MinutesFileProblem.ENCRYPTED) from exc
            if not opened:
                raise MinutesFileError(MinutesFileProblem.ENCRYPTED)
        pages = [page.extract_text() or "" for page in reader.pages]
    except MinutesFileError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        log.info("pdf not readable error=%s", type(exc).__name__)
        raise MinutesFileError(MinutesFileProblem.CORRUPT) from exc
    if not pages:
        raise MinutesFileError(MinutesFileProblem.CORRUPT)
    if not any(page.strip() for page in pages):
        # Pages but no text layer: a scan or a photographed page.
        raise MinutesFileError(MinutesFileProblem.IMAGE_ONLY)
    return "\n".join(page.rstrip("\n") for page in pages)


# ---- Word (.docx) -------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise MinutesFileError(MinutesFileProblem.CORRUPT) from exc
    if "word/document.xml" not in names:
        # .xlsx, .pptx, .odt or an ordinary ZIP archive.
        raise MinutesFileError(MinutesFileProblem.UNSUPPORTED)
    try:
        document = Document(io.BytesIO(data))
        return "\n".join(_docx_lines(document))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        log.info("docx not readable error=%s", type(exc).__name__)
        raise MinutesFileError(MinutesFileProblem.CORRUPT) from exc
    except Exception as exc:  # lxml's XMLSyntaxError and friends on a damaged part
        log.info("docx not readable error=%s", type(exc).__name__)
        raise MinutesFileError(MinutesFileProblem.CORRUPT) from exc


def _docx_lines(document: object) -> Iterator[str]:
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    assert isinstance(document, DocxDocument)
    numbering = _Numbering(document)
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield numbering.marker(block) + block.text
            if _whole_decision(block.text):
                # A decision typed as a Word paragraph of its own ends there, although
                # the text has no blank line after it (a filled-in minutes draft).
                yield ""
        elif isinstance(block, Table):
            yield from _table_lines(block)


def _whole_decision(text: str) -> bool:
    label = DECISION_LABEL.match(text.strip())
    return bool(label and label["rest"].strip() and not text.rstrip().endswith((":", ",")))


def _table_lines(table: object) -> Iterator[str]:
    from docx.table import Table

    assert isinstance(table, Table)
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            # Merged cells repeat: keep each text once.
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            yield " | ".join(cells)


class _Numbering:
    """Word's list markers, which live in numbering.xml and the styles, not in the text."""

    def __init__(self, document: object) -> None:
        from docx.document import Document as DocxDocument

        assert isinstance(document, DocxDocument)
        self._formats: dict[tuple[str, int], tuple[str, str]] = {}
        self._counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str]]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels: dict[int, tuple[str, str]] = {}
            for level in node.findall(f"{_W}lvl"):
                fmt = level.find(f"{_W}numFmt")
                text = level.find(f"{_W}lvlText")
                levels[int(level.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                )
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{_W}val", ""), {}).items():
                self._formats[(num.get(f"{_W}numId", ""), ilvl)] = spec

    def marker(self, paragraph: object) -> str:
        num_id, ilvl = _num_pr(paragraph)
        if num_id is None or num_id == "0":
            return ""
        fmt, text = self._formats.get((num_id, ilvl), ("bullet", ""))
        if fmt == "bullet" or not text:
            return "• "
        key = (num_id, ilvl)
        self._counters[key] = self._counters.get(key, 0) + 1
        for deeper in [k for k in self._counters if k[0] == num_id and k[1] > ilvl]:
            del self._counters[deeper]

        def value(level: int) -> str:
            count = self._counters.get((num_id, level), 1)
            level_fmt = self._formats.get((num_id, level), ("decimal", ""))[0]
            return _format_number(count, level_fmt)

        marker = re.sub(r"%(\d)", lambda m: value(int(m.group(1)) - 1), text)
        return marker + " "


def _num_pr(paragraph: object) -> tuple[str | None, int]:
    """The list a paragraph belongs to: its own w:numPr, else its style's (and the
    style's base styles'), as Word resolves it."""
    from docx.text.paragraph import Paragraph

    assert isinstance(paragraph, Paragraph)
    candidates = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        candidates.append(style.element.pPr)
        style = style.base_style
    for ppr in candidates:
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        return (
            num_id.get(f"{_W}val") if num_id is not None else None,
            int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0,
        )
    return None, 0


def _format_number(count: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (count - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(count)
        return roman.upper() if fmt == "upperRoman" else roman
    return str(count)


def _roman(number: int) -> str:
    parts = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, letters in parts:
        while number >= value:
            out += letters
            number -= value
    return out
