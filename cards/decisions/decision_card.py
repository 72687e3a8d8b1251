"""The decision card: one decision, its owners, due date, status and the status buttons.

Pure: view data in, Adaptive Card out. Universal Actions: the buttons are Action.Execute
(with an Action.Submit fallback) and the card's `refresh` makes Teams ask the bot for each
viewer's own view (a `DecisionViewer`): the status buttons for the owners, the chair and
the secretary, a read-only line for everyone else. The shared message (viewer None) keeps
the buttons for all: clients without Universal Actions, people beyond Teams' 60
refreshed users and the Agents Playground only ever see it, and the flow decides on every
click whether the sender may change the status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from cards.common import Card, card, execute, facts, heading, paragraph, refresh_block, shorten
from cards.decisions.actions import DecisionViewAction, StatusChange
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
    # Teams user ids refreshed automatically to their own view (dialogs/decisions/own_view).
    refresh_user_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecisionViewer:
    """One person's view of the card: may they change the status (from the stored member:
    an owner, the chair or the secretary)?"""

    may_change: bool


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
        execute(
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
    language: Language,
    view: DecisionView,
    *,
    today: date,
    note: str | None = None,
    viewer: DecisionViewer | None = None,
) -> Card:
    """`note` is a line below the facts, e.g. 'Status ändrad av …'. `viewer`: one person's
    own view (the invoke's answer), else the shared message."""
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
    may_change = viewer is None or viewer.may_change
    line = "decisions.card.who_may_change" if may_change else "decisions.card.read_only"
    body.append(paragraph(t(line, language), subtle=True))
    result = card(body, status_buttons(view, language) if may_change else [])
    data = DecisionViewAction(action="decision_view", decision_id=view.id).model_dump()
    result["refresh"] = refresh_block(data, view.refresh_user_ids)
    return result


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
