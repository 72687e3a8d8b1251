"""Questionnaire cards stack each question above its input or answer: a FactSet title or
a ColumnSet column squeezes a long question into a narrow column that splits its words
(issue 15, "Small things users notice")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, get_args

import pytest

from cards.i18n import Language
from tests.cards.card_samples import SAMPLES

# Phrases that only the sample questions contain (tests/cards/card_samples.py).
QUESTION_PHRASES = (
    "Barnets bästa ut i er förvaltning",
    "Läget i kommunerna",
    "Hur ser er implementeringsplan ut",
    "finns en utsedd ansvarig för Barnets bästa",
)
QUESTIONNAIRE_SAMPLES = [
    (builder, name)
    for builder, samples in SAMPLES.items()
    if builder.startswith("cards.questionnaires.")
    for name in samples
]


def _texts(element: Any) -> Iterator[str]:
    if isinstance(element, str):
        yield element
    elif isinstance(element, dict):
        for value in element.values():
            yield from _texts(value)
    elif isinstance(element, list):
        for value in element:
            yield from _texts(value)


def _narrow_containers(element: Any) -> Iterator[dict[str, Any]]:
    if isinstance(element, dict):
        if element.get("type") in ("ColumnSet", "FactSet"):
            yield element
        for value in element.values():
            yield from _narrow_containers(value)
    elif isinstance(element, list):
        for value in element:
            yield from _narrow_containers(value)


def test_the_samples_show_questions_at_all() -> None:
    """Guards the test below: the phrases must occur in the cards, or it proves nothing."""
    for builder in (
        "cards.questionnaires.answer.answer_card",
        "cards.questionnaires.answer.receipt_card",
        "cards.questionnaires.results.results_card",
    ):
        for name, build in SAMPLES[builder].items():
            texts = " ".join(_texts(build("sv")))
            assert any(phrase in texts for phrase in QUESTION_PHRASES), (builder, name)


@pytest.mark.parametrize("language", get_args(Language))
@pytest.mark.parametrize(("builder", "name"), QUESTIONNAIRE_SAMPLES)
def test_no_column_set_or_fact_set_carries_question_text(
    builder: str, name: str, language: Language
) -> None:
    built = SAMPLES[builder][name](language)
    for container in _narrow_containers(built):
        for text in _texts(container):
            assert not any(phrase in text for phrase in QUESTION_PHRASES), (builder, name, text)
