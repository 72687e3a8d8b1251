"""`mina beslut`: the open decisions a person is responsible for, in all their groups.

Shown in the personal chat, where a decision's own card (with its status buttons) cannot
work: the buttons act on the group's conversation. So each entry says where it lives.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from cards.common import Card, card, heading, paragraph, shorten, subheading
from cards.decisions.decision_card import DecisionView, due_label, status_label
from cards.i18n import Language, t

TEXT_LIMIT = 200


def my_decisions_card(
    language: Language, *, groups: Sequence[tuple[str, Sequence[DecisionView]]], today: date
) -> Card:
    count = sum(len(views) for _, views in groups)
    body: list[dict[str, Any]] = [heading(t("decisions.mine.title", language, count=count))]
    if not count:
        body.append(paragraph(t("decisions.mine.empty", language)))
        return card(body)
    for group_name, views in groups:
        body.append(subheading(group_name))
        for view in views:
            headline = t(
                "decisions.list.headline",
                language,
                reference=view.reference,
                status=status_label(view.status, language),
            )
            if view.overdue:
                headline = f"{headline} · {t('decisions.list.overdue', language)}"
            body.append(
                {
                    "type": "Container",
                    "separator": True,
                    "items": [
                        {
                            "type": "TextBlock",
                            "text": headline,
                            "weight": "Bolder",
                            "wrap": True,
                            "color": "Attention" if view.overdue else "Default",
                        },
                        paragraph(shorten(view.text, TEXT_LIMIT)),
                        paragraph(
                            t("decisions.mine.due", language, due=due_label(view, language, today)),
                            subtle=True,
                        ),
                    ],
                }
            )
    body.append(paragraph(t("decisions.mine.how_to_change", language), subtle=True))
    return card(body)
