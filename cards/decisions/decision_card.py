"""The decision card: one decision, its owners, due date, status and the status buttons.

Pure: view data in, Adaptive Card out. The buttons are offered to everyone; the flow
decides on every click whether the sender may change the status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from cards.common import Card, card, facts, heading, paragraph, shorten, submit
from cards.decisions.actions import StatusChange
from cards.i18n import Language, t
from cards.swedish_format import join_names, short_day, span_label


@dataclass(frozen=True)
class DecisionView:
    id: int
    reference: str  # "B-2026-014"
    text: str
    status: str  # the stored value, e.g. "öppen"
    revision: int
    logged_at: datetime  # UTC
    item: str | None = None
    owners: tuple[str, ...] = ()
    owner_text: str | None = None
    due: date | None = None
    overdue: bool = False
    logged_by: str | None = None
    kind: str = "decision"  # or "task" (from minutes)
    meeting_date: date | None = None  # the meeting it was taken at (minutes)
    # The statuses this decision can move to now (the buttons on its card).
    transitions: tuple[str, ...] = field(default=())


def status_label(status: str, language: Language) -> str:
    return t(f"decisions.status.{status}", language)


def owners_label(view: DecisionView, language: Language) -> str:
    names = list(view.owners)
    if view.owner_text:
        names.append(view.owner_text)
    return join_names(names, language) if names else t("decisions.no_owner", language)


def due_label(view: DecisionView, language: Language, today: date) -> str:
    if view.due is None:
        return t("decisions.no_due", language)
    text = short_day(view.due, language, with_year=view.due.year != today.year)
    return t("decisions.overdue_suffix", language, due=text) if view.overdue else text


def _logged_label(view: DecisionView, language: Language, today: date) -> str:
    when = span_label(view.logged_at, None, has_time=True, language=language, today=today)
    if view.logged_by:
        return t("decisions.logged_by", language, name=view.logged_by, when=when)
    return when


def status_buttons(view: DecisionView, language: Language) -> list[dict[str, object]]:
    return [
        submit(
            t(f"decisions.button.to.{target}", language),
            StatusChange.model_validate(
                {
                    "action": "decision_status",
                    "decision_id": view.id,
                    "from_status": view.status,
                    "to_status": target,
                    "revision": view.revision,
                }
            ).model_dump(),
        )
        for target in view.transitions
    ]


def decision_card(
    language: Language, view: DecisionView, *, today: date, note: str | None = None
) -> Card:
    """`note` is a line above the facts, e.g. 'Status ändrad av …' or a refusal's reason."""
    body = [
        heading(t("decisions.card.title", language, reference=view.reference)),
        paragraph(view.text),
    ]
    pairs: list[tuple[str, str]] = []
    if view.kind == "task":
        pairs.append((t("decisions.field.kind", language), t("decisions.kind.task", language)))
    if view.meeting_date is not None:
        meeting = short_day(
            view.meeting_date, language, with_year=view.meeting_date.year != today.year
        )
        pairs.append((t("decisions.field.meeting", language), meeting))
    if view.item:
        pairs.append((t("decisions.field.item", language), view.item))
    pairs += [
        (t("decisions.field.owners", language), owners_label(view, language)),
        (t("decisions.field.due", language), due_label(view, language, today)),
        (t("decisions.field.status", language), status_label(view.status, language)),
        (t("decisions.field.logged", language), _logged_label(view, language, today)),
    ]
    body.append(facts(pairs))
    if note:
        body.append(paragraph(note, subtle=True))
    body.append(paragraph(t("decisions.card.who_may_change", language), subtle=True))
    return card(body, status_buttons(view, language))


def decision_summary_lines(
    views: Sequence[DecisionView], language: Language, today: date
) -> list[str]:
    """One line per decision for confirmations: 'B-2026-014: text (Ansvarig …)'."""
    return [
        t(
            "decisions.summary_line",
            language,
            reference=v.reference,
            text=shorten(v.text, 120),
            owners=owners_label(v, language),
            due=due_label(v, language, today),
        )
        for v in views
    ]
