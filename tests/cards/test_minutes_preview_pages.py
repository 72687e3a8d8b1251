"""The minutes preview split over pages for a large group: every entry is shown, what is
entered on one page reaches the confirm on the last, and each page fits in Teams."""

from __future__ import annotations

from typing import Any

from cards.decisions.actions import MinutesConfirm, MinutesPage
from tests.cards.card_rules import card_errors
from tests.cards.card_samples import minutes_preview


def _inputs(node: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if isinstance(node, dict):
        if str(node.get("type", "")).startswith("Input.") and "id" in node:
            found[node["id"]] = node
        for value in node.values():
            found |= _inputs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _inputs(value)
    return found


def _shown(card: dict[str, Any]) -> set[int]:
    return {int(i.split("_")[1]) for i in _inputs(card["body"]) if i.startswith("include_")}


def test_following_visa_fler_shows_every_entry_and_carries_the_changes() -> None:
    values: dict[str, str] = {}
    seen: list[int] = []
    start = 0
    for _ in range(10):
        page = minutes_preview("sv", 10, start=start, values=values)
        assert card_errors(page) == []
        shown = _shown(page)
        seen += sorted(shown)
        buttons = {a["title"]: a["data"] for a in page["actions"]}
        more = [data for title, data in buttons.items() if title.startswith("Visa fler")]
        if not more:
            confirm = buttons["Spara markerade beslut"]
            break
        assert "Spara markerade beslut" not in buttons  # saved on the last page only
        # What Teams sends: the button's data merged with the page's inputs; untick one.
        first = min(shown)
        sent = {**more[0], f"include_{first}": "false"}
        MinutesPage.model_validate(sent)
        values = {k: v for k, v in sent.items() if "_" in k and k[-1].isdigit()}
        start = sent["start"]
    assert sorted(seen) == list(range(10))  # every entry once, none skipped
    assert confirm["include_0"] == "false"  # carried from the first page
    MinutesConfirm.model_validate(confirm)


def test_changing_an_owner_opens_its_picker_on_its_page() -> None:
    page = minutes_preview("sv", 10, edit=9)
    assert "owners_9" in _inputs(page["body"])
    assert 9 in _shown(page)
    assert card_errors(page) == []
