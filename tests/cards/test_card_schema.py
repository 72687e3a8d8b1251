"""Every card the bot can send, checked against Microsoft's Adaptive Card 1.5 schema, the
Teams renderer's rules and the message size limit (tests/cards/card_rules.py), with the
sample views in tests/cards/card_samples.py, in Swedish and English."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any, get_args

import pytest

import cards
from cards.common import Card, card, paragraph
from cards.i18n import Language
from tests.cards.card_rules import card_errors, schema_errors, size_errors, teams_errors
from tests.cards.card_samples import SAMPLES

LANGUAGES: tuple[Language, ...] = get_args(Language)

# Worst cases still over Teams' ~28 KB, each a design change in its feature rather than a
# cut in the builder; valid in every other respect. Listed so they stay visible: the test
# fails once one fits, so it leaves this list.
KNOWN_OVERSIZE: dict[tuple[str, str], str] = {}


def card_builders() -> Iterator[str]:
    """Every public function under cards/ declared to return a Card."""
    for info in pkgutil.walk_packages(cards.__path__, "cards."):
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ != module.__name__:
                continue
            returns = inspect.signature(function).return_annotation
            if returns in ("Card", "Card | None") or returns is Card:
                yield f"{module.__name__}.{name}"


BUILDERS = sorted(card_builders())
CASES = [
    pytest.param(builder, case, language, id=f"{builder.removeprefix('cards.')}:{case}:{language}")
    for builder, cases in sorted(SAMPLES.items())
    for case in cases
    for language in LANGUAGES
]


def test_the_introspection_finds_the_builders() -> None:
    # A guard on the guard: if the annotation style changed, BUILDERS would go quiet.
    assert "cards.polls.poll_cards.poll_card" in BUILDERS
    assert "cards.questionnaires.results.results_card" in BUILDERS
    assert len(BUILDERS) >= 30


def test_every_card_builder_has_samples() -> None:
    missing = [builder for builder in BUILDERS if not SAMPLES.get(builder)]
    assert not missing, f"add sample views to tests/cards/card_samples.py for {missing}"


def test_every_sample_names_a_real_builder() -> None:
    assert sorted(set(SAMPLES) - set(BUILDERS)) == []


@pytest.mark.parametrize(("builder", "case", "language"), CASES)
def test_card_is_valid_for_teams(builder: str, case: str, language: Language) -> None:
    built = SAMPLES[builder][case](language)
    if (builder, case) in KNOWN_OVERSIZE:
        assert schema_errors(built) + teams_errors(built) == []
        assert size_errors(built), "it fits now: remove it from KNOWN_OVERSIZE"
        return
    assert card_errors(built) == []


def test_known_oversize_cases_exist() -> None:
    for builder, case in KNOWN_OVERSIZE:
        assert case in SAMPLES.get(builder, {}), (builder, case)


# ---- the checker itself: each rule must be able to fail ----------------------------------
def _form(*inputs: dict[str, Any], data: Any = None) -> Card:
    action: dict[str, Any] = {"type": "Action.Submit", "title": "Skicka"}
    if data is not None:
        action["data"] = data
    return card([paragraph("Hej"), *inputs], [action])


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (_form({"type": "Input.Number", "id": "n", "value": "3"}), "not a number"),
        (_form({"type": "Input.Number", "id": "n", "min": "0"}), "not a number"),
        (_form({"type": "Input.Toggle", "id": "t", "title": "x", "valueOn": True}), "string"),
        (_form({"type": "Input.Text", "id": "a", "isRequired": True}), "errorMessage"),
        (_form({"type": "Input.Text", "id": "a"}, {"type": "Input.Text", "id": "a"}), "id 'a'"),
        (_form(data=["x"]), "not an object"),
        ({**_form(), "version": "1.6"}, "1.5 at most"),
        (card([{"type": "Image", "url": "data:image/png;base64,AAAA"}]), "data: URI"),
        (card([paragraph("x" * 30_000)]), "over Teams'"),
    ],
)
def test_the_teams_rules_catch(broken: Card, expected: str) -> None:
    assert any(expected in error for error in card_errors(broken)), card_errors(broken)


def test_the_schema_catches_what_teams_would_reject() -> None:
    assert schema_errors(card([{"type": "TextBlok", "text": "stavfel"}]))
    assert schema_errors(card([{"type": "Input.Number", "id": "n", "value": "3"}]))
    assert schema_errors(card([paragraph("x")], [{"type": "Action.Submit", "data": 3}]))
    assert schema_errors(card([paragraph("ok")])) == []
    assert teams_errors(card([paragraph("ok")])) == []
