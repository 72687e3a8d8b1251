"""Cards that list decisions: `beslut lista`, `beslut sök` and `beslut uppföljning`.

Each decision is a compact block; clicking it posts the decision's own card (with the
status buttons), so an old decision can be updated without scrolling back to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from cards.common import Card, card, heading, paragraph, shorten, subheading, submit
from cards.decisions.actions import ListMore, SearchMore, ShowDecision
from cards.decisions.decision_card import (
    DecisionView,
    due_label,
    owners_label,
    status_label,
)
from cards.i18n import Language, t
from cards.swedish_format import short_day

LIST_TEXT_LIMIT = 280
# Teams refuses a bot message over ~28 KB (a full block is ~2 KB with many owners); the
# follow-up files carry everything beyond this.
FOLLOW_UP_CARD_LIMIT = 12


def decision_block(view: DecisionView, language: Language, today: date) -> dict[str, Any]:
    headline = t(
        "decisions.list.headline",
        language,
        reference=view.reference,
        status=status_label(view.status, language),
    )
    if view.kind == "task":
        headline = f"{headline} · {t('decisions.kind.task', language)}"
    if view.overdue:
        headline = f"{headline} · {t('decisions.list.overdue', language)}"
    details = t(
        "decisions.list.details",
        language,
        owners=owners_label(view, language),
        due=due_label(view, language, today),
    )
    items: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": headline,
            "weight": "Bolder",
            "wrap": True,
            "color": "Attention" if view.overdue else "Default",
        },
        paragraph(shorten(view.text, LIST_TEXT_LIMIT)),
    ]
    if view.item:
        items.append(paragraph(t("decisions.list.item", language, item=view.item), subtle=True))
    items.append(paragraph(details, subtle=True))
    return {
        "type": "Container",
        "separator": True,
        "spacing": "Medium",
        "items": items,
        "selectAction": submit(
            t("decisions.list.open", language),
            ShowDecision(action="decision_show", decision_id=view.id).model_dump(),
        ),
    }


def decision_list_card(
    language: Language,
    *,
    title: str,
    views: Sequence[DecisionView],
    today: date,
    filters: str,
    next_offset: int | None,
) -> Card:
    body: list[dict[str, Any]] = [heading(title)]
    if filters:
        body.append(paragraph(t("decisions.list.filters", language, filters=filters), subtle=True))
    if not views:
        body.append(paragraph(t("decisions.list.empty", language)))
    body += [decision_block(v, language, today) for v in views]
    body.append(paragraph(t("decisions.list.syntax", language), subtle=True))
    actions = []
    if next_offset is not None:
        more = ListMore(action="decision_list_more", filters=filters, offset=next_offset)
        actions.append(submit(t("decisions.button.more", language), more.model_dump()))
    return card(body, actions)


def search_card(
    language: Language,
    *,
    query: str,
    views: Sequence[DecisionView],
    today: date,
    next_offset: int | None,
) -> Card:
    body: list[dict[str, Any]] = [heading(t("decisions.search.title", language, query=query))]
    if not views:
        body.append(paragraph(t("decisions.search.empty", language)))
    body += [decision_block(v, language, today) for v in views]
    actions = []
    if next_offset is not None:
        more = SearchMore(action="decision_search_more", query=query, offset=next_offset)
        actions.append(submit(t("decisions.button.more", language), more.model_dump()))
    return card(body, actions)


def follow_up_card(
    language: Language,
    *,
    group_name: str,
    still_open: Sequence[DecisionView],
    closed: Sequence[DecisionView],
    closed_since: date,
    today: date,
) -> Card:
    since = short_day(closed_since, language, with_year=closed_since.year != today.year)
    body: list[dict[str, Any]] = [
        heading(t("decisions.follow_up.title", language)),
        paragraph(t("decisions.follow_up.intro", language, group=group_name), subtle=True),
        subheading(t("decisions.follow_up.open", language, count=len(still_open))),
    ]
    if not still_open:
        body.append(paragraph(t("decisions.follow_up.none", language)))
    body += [decision_block(v, language, today) for v in still_open[:FOLLOW_UP_CARD_LIMIT]]
    body.append(
        subheading(t("decisions.follow_up.closed", language, since=since, count=len(closed)))
    )
    if not closed:
        body.append(paragraph(t("decisions.follow_up.none", language)))
    room = max(FOLLOW_UP_CARD_LIMIT - len(still_open), 0)
    body += [decision_block(v, language, today) for v in closed[:room]]
    if len(still_open) + len(closed) > FOLLOW_UP_CARD_LIMIT:
        body.append(paragraph(t("decisions.follow_up.truncated", language)))
    body.append(paragraph(t("decisions.follow_up.files", language), subtle=True))
    return card(body)
