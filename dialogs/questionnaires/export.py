"""Results as files for the meeting: CSV (UTF-8 with BOM, `;`, for Excel in Swedish),
XLSX (openpyxl: header row, column widths, wrapped text) and a Markdown report.

One row per organisation, one column per question. Number questions also get a total
per organisation (when there are several) and a total row over all organisations.
Text that a spreadsheet would run as a formula (starting with =, +, - or @) is written
as text, so an answer can never execute in the process leader's Excel.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cards.i18n import Language, t
from cards.questionnaires.answer import display_value
from cards.questionnaires.management import QuestionnaireView, QuestionView
from cards.swedish_format import join_names, short_day

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ResultRow:
    label: str
    answered: bool
    answered_by: str | None
    submitted_on: date | None
    values: dict[int, Any]


def answerable(view: QuestionnaireView) -> list[QuestionView]:
    return [q for q in view.questions if q.answerable]


def number_questions(view: QuestionnaireView) -> list[QuestionView]:
    return [q for q in view.questions if q.kind == "number"]


def row_total(row: ResultRow, questions: Sequence[QuestionView]) -> float | None:
    numbers = [row.values[q.id] for q in questions if isinstance(row.values.get(q.id), int | float)]
    return sum(numbers) if numbers else None


def column_total(rows: Sequence[ResultRow], question: QuestionView) -> float | None:
    numbers = [
        r.values[question.id] for r in rows if isinstance(r.values.get(question.id), int | float)
    ]
    return sum(numbers) if numbers else None


def tidy_number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 4)


def _headers(view: QuestionnaireView, language: Language) -> list[str]:
    headers = [
        t("questionnaires.export.organisation", language),
        t("questionnaires.export.answered_by", language),
        t("questionnaires.export.submitted", language),
    ]
    headers += [f"{q.label}. {q.text}" for q in answerable(view)]
    if len(number_questions(view)) > 1:
        headers.append(t("questionnaires.results.total", language, total="").rstrip(": "))
    return headers


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(view: QuestionnaireView, rows: Sequence[ResultRow], language: Language) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers(view, language))
    numbers = number_questions(view)
    for row in rows:
        cells = [
            row.label,
            row.answered_by or t("questionnaires.export.not_answered", language),
            row.submitted_on.isoformat() if row.submitted_on else "",
        ]
        for question in answerable(view):
            value = row.values.get(question.id)
            cells.append(
                "" if value is None else _safe_text(display_value(question, value, language))
            )
        if len(numbers) > 1:
            cells.append(_number_cell(row_total(row, numbers), language))
        writer.writerow(cells)
    if numbers:
        totals = [t("questionnaires.export.total_row", language), "", ""]
        for question in answerable(view):
            totals.append(
                _number_cell(column_total(rows, question), language)
                if question.kind == "number"
                else ""
            )
        if len(numbers) > 1:
            overall = [row_total(r, numbers) for r in rows]
            totals.append(_number_cell(sum(v for v in overall if v is not None), language))
        writer.writerow(totals)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _number_cell(value: float | None, language: Language) -> str:
    tidy = tidy_number(value)
    if tidy is None:
        return ""
    text = str(tidy)
    return text.replace(".", ",") if language == "sv" else text


def to_xlsx(view: QuestionnaireView, rows: Sequence[ResultRow], language: Language) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"Enkät {view.id}"[:31]
    headers = _headers(view, language)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    numbers = number_questions(view)
    for row in rows:
        cells: list[Any] = [
            row.label,
            row.answered_by or t("questionnaires.export.not_answered", language),
            row.submitted_on,
        ]
        for question in answerable(view):
            cells.append(_xlsx_value(question, row.values.get(question.id), language))
        if len(numbers) > 1:
            cells.append(tidy_number(row_total(row, numbers)))
        sheet.append(cells)
    if numbers:
        totals: list[Any] = [t("questionnaires.export.total_row", language), None, None]
        for question in answerable(view):
            totals.append(
                tidy_number(column_total(rows, question)) if question.kind == "number" else None
            )
        if len(numbers) > 1:
            overall = [row_total(r, numbers) for r in rows]
            totals.append(tidy_number(sum(v for v in overall if v is not None)))
        sheet.append(totals)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str):
                # Never a formula, whatever the answer starts with.
                cell.data_type = "s"
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, header in enumerate(headers, start=1):
        longest = max(
            [len(header) // 2, *(len(str(c.value or "")) for c in sheet[get_column_letter(index)])]
        )
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(60, longest + 2))
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(question: QuestionView, value: Any, language: Language) -> Any:
    if value is None:
        return None
    if question.kind in ("number", "scale"):
        return value
    return display_value(question, value, language)


def option_counts(question: QuestionView, rows: Sequence[ResultRow]) -> list[tuple[str, int]]:
    """How many organisations chose each option (choice, multi-choice, yes/no, scale)."""
    counter: Counter[str] = Counter()
    for row in rows:
        value = row.values.get(question.id)
        if value is None:
            continue
        if question.kind == "multichoice":
            counter.update(str(v) for v in value)
        else:
            counter[_option_key(question, value)] += 1
    return [(option, counter.get(option, 0)) for option in option_labels(question)]


def option_labels(question: QuestionView) -> list[str]:
    if question.kind == "yesno":
        return ["yes", "no"]
    if question.kind == "scale":
        return ["1", "2", "3", "4", "5"]
    return list(question.options)


def _option_key(question: QuestionView, value: Any) -> str:
    if question.kind == "yesno":
        return "yes" if value else "no"
    return str(value)


def option_title(question: QuestionView, option: str, language: Language) -> str:
    if question.kind == "yesno":
        return t(f"questionnaires.{option}", language)
    return option


def to_markdown(view: QuestionnaireView, rows: Sequence[ResultRow], language: Language) -> bytes:
    answered = [r for r in rows if r.answered]
    lines = [
        f"# {view.title}",
        "",
        t(
            "questionnaires.export.report_intro",
            language,
            day=short_day(view.deadline, language),
            answered=len(answered),
            total=len(rows),
        ),
    ]
    missing = [r.label for r in rows if not r.answered]
    if missing:
        lines += [
            "",
            t("questionnaires.results.missing", language, names=join_names(missing, language)),
        ]
    for question in view.questions:
        lines += ["", f"## {question.label}. {question.text}"]
        if not question.answerable:
            continue
        if question.kind in ("choice", "multichoice", "yesno", "scale"):
            counts = option_counts(question, answered)
            lines.append("")
            lines += [f"- {option_title(question, o, language)}: {n}" for o, n in counts]
        lines.append("")
        for row in answered:
            value = display_value(question, row.values.get(question.id), language)
            lines.append(f"- **{markdown_escape(row.label)}**: {markdown_escape(value)}")
        if question.kind == "number":
            total = _number_cell(column_total(answered, question), language) or "–"
            lines += ["", t("questionnaires.results.total", language, total=total)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def markdown_escape(text: str) -> str:
    """One line, no accidental Markdown structure from an answer."""
    flat = " ".join(text.split())
    for special in ("\\", "|", "*", "_", "`", "#", "<", ">", "[", "]"):
        flat = flat.replace(special, "\\" + special)
    return flat
