"""The follow-up list as files for the next meeting's agenda: Markdown and CSV.

CSV for Swedish Excel: UTF-8 with a byte order mark (without it Excel reads åäö as
Windows-1252) and ";" as separator (Swedish Excel's list separator, since "," is the
decimal comma). Cells that Excel would read as a formula (=, +, -, @, tab, CR) get a
leading apostrophe, the usual defence against CSV injection: decision texts are typed
by users and "-Utse representant …" is a real one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date

from cards.decisions.decision_card import DecisionView, owners_label, status_label
from cards.i18n import Language, t
from cards.swedish_format import short_day

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|"})


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _due(view: DecisionView, language: Language) -> str:
    return short_day(view.due, language, with_year=True) if view.due else ""


def follow_up_csv(
    language: Language, still_open: Sequence[DecisionView], closed: Sequence[DecisionView]
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            t("decisions.export.col.reference", language),
            t("decisions.export.col.item", language),
            t("decisions.export.col.text", language),
            t("decisions.export.col.owners", language),
            t("decisions.export.col.due", language),
            t("decisions.export.col.due_iso", language),
            t("decisions.export.col.status", language),
            t("decisions.export.col.overdue", language),
        ]
    )
    for view in (*still_open, *closed):
        owners = ", ".join((*view.owners, *([view.owner_text] if view.owner_text else [])))
        writer.writerow(
            [
                _cell(view.reference),
                _cell(view.item or ""),
                _cell(view.text),
                _cell(owners),
                _due(view, language),
                view.due.isoformat() if view.due else "",
                status_label(view.status, language),
                t("decisions.export.yes", language) if view.overdue else "",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _markdown_text(value: str) -> str:
    return " ".join(value.split()).translate(_MARKDOWN_SPECIAL)


def _markdown_lines(views: Sequence[DecisionView], language: Language) -> list[str]:
    if not views:
        return [t("decisions.follow_up.none", language), ""]
    lines = []
    for view in views:
        owners = _markdown_text(owners_label(view, language))
        details = [
            f"{t('decisions.field.owners', language)}: {owners}",
            f"{t('decisions.field.status', language)}: {status_label(view.status, language)}",
        ]
        if view.due:
            due = _due(view, language)
            if view.overdue:
                due = t("decisions.overdue_suffix", language, due=due)
            details.insert(1, f"{t('decisions.field.due', language)}: {due}")
        if view.item:
            details.insert(0, f"{t('decisions.field.item', language)}: {_markdown_text(view.item)}")
        lines.append(f"- **{view.reference}** {_markdown_text(view.text)}")
        lines.append(f"  *{' · '.join(details)}*")
    lines.append("")
    return lines


def follow_up_markdown(
    language: Language,
    *,
    group_name: str,
    still_open: Sequence[DecisionView],
    closed: Sequence[DecisionView],
    closed_since: date,
    today: date,
) -> bytes:
    since = short_day(closed_since, language, with_year=True)
    lines = [
        f"# {t('decisions.follow_up.title', language)}",
        "",
        _markdown_text(t("decisions.follow_up.intro", language, group=group_name)),
        f"{t('decisions.export.made', language)}: {short_day(today, language, with_year=True)}",
        "",
        f"## {t('decisions.follow_up.open', language, count=len(still_open))}",
        "",
        *_markdown_lines(still_open, language),
        f"## {t('decisions.follow_up.closed', language, since=since, count=len(closed))}",
        "",
        *_markdown_lines(closed, language),
    ]
    return "\n".join(lines).encode("utf-8")
