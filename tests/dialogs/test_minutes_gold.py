"""Every fact ../shared/fixtures/minutes/expected.json states about the real minutes.

The gold is what a careful secretary would take from each file (its "about" says how to
read it): texts and items are lower-case substrings, owners are as written, `people`
lists every present person an ambiguous first name may mean, and decisions plus actions
together stay within `max_actions`. An expected entry may be found among the decisions
or the actions, but exactly once.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dialogs.text.minutes import ExtractedDecision, MinutesExtract, extract_minutes

REAL_FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "minutes"
GOLD = REAL_FIXTURES / "expected.json"
# Far from the meetings, so only the meeting date can anchor dates written without a year.
FAR_AWAY = date(2031, 6, 30)

pytestmark = pytest.mark.skipif(
    not GOLD.is_file(), reason="../shared/fixtures/minutes/expected.json is not beside the repo"
)


def _gold() -> dict[str, dict[str, Any]]:
    if not GOLD.is_file():
        return {}
    files: dict[str, dict[str, Any]] = json.loads(GOLD.read_text(encoding="utf-8"))["files"]
    return files


GOLD_FILES = _gold()


def _extract(name: str) -> MinutesExtract:
    text = (REAL_FIXTURES / name).read_text(encoding="utf-8")
    return extract_minutes(text, today=FAR_AWAY)


def _folded(values: Any) -> list[str]:
    return [value.casefold() for value in values]


def _expected_entries(facts: dict[str, Any]) -> list[dict[str, Any]]:
    return [*facts.get("decisions", []), *facts.get("actions", [])]


def _found(extract: MinutesExtract, expected_text: str) -> list[ExtractedDecision]:
    return [
        entry
        for entry in (*extract.decisions, *extract.actions)
        if expected_text in " ".join(entry.text.split()).casefold()
    ]


@pytest.fixture(scope="module", params=sorted(GOLD_FILES))
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], MinutesExtract]:
    name: str = request.param
    return GOLD_FILES[name], _extract(name)


def test_the_gold_covers_both_files() -> None:
    assert len(GOLD_FILES) == 2


def test_meeting(case: tuple[dict[str, Any], MinutesExtract]) -> None:
    facts, extract = case
    assert extract.to_json()["meeting"]["date"] == facts["meeting_date"]
    assert len(extract.present) >= facts["present_count_at_least"]
    if "absent" in facts:
        assert sorted(_folded(extract.absent)) == sorted(facts["absent"])


def test_every_expected_entry_appears_once_as_stated(
    case: tuple[dict[str, Any], MinutesExtract],
) -> None:
    facts, extract = case
    for expected in _expected_entries(facts):
        found = _found(extract, expected["text"])
        assert len(found) == 1, (expected["text"], [entry.text for entry in found])
        [entry] = found
        assert entry.item is not None and expected["item"] in entry.item.casefold()
        assert _folded(entry.owners) == expected["owners"], entry
        for written, matches in expected.get("people", {}).items():
            [person] = [p for p in entry.people if p.as_written.casefold() == written]
            assert sorted(_folded(person.matches)) == sorted(matches), person
        if "due" in expected:
            assert (entry.due.isoformat() if entry.due else None) == expected["due"]


def test_no_more_entries_than_a_secretary_would_take(
    case: tuple[dict[str, Any], MinutesExtract],
) -> None:
    facts, extract = case
    assert len(extract.decisions) + len(extract.actions) <= facts["max_actions"]


def test_missing_reports_and_dates(case: tuple[dict[str, Any], MinutesExtract]) -> None:
    facts, extract = case
    data = extract.to_json()
    if "missing_reports" in facts:
        assert _folded(extract.missing_reports) == facts["missing_reports"]
    assert [deadline["date"] for deadline in data["deadlines"]] == facts["deadlines"]
    assert data["proposed_dates"] == facts["proposed_dates"]
    assert data["next_meeting"] == facts["next_meeting"]


def test_an_ambiguous_first_name_puts_the_signer_first(
    case: tuple[dict[str, Any], MinutesExtract],
) -> None:
    _, extract = case
    for entry in (*extract.decisions, *extract.actions):
        for person in entry.people:
            if len(person.matches) > 1 and extract.signer in person.matches:
                assert person.matches[0] == extract.signer
