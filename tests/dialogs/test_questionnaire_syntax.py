"""The `enkät ny` syntax: lines, markers, sub-questions, settings, and the recovery of a
message whose line breaks Teams (or the edge) collapsed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from dialogs.questionnaires.creation import command_body
from dialogs.questionnaires.dates import DeadlineError, parse_deadline
from dialogs.questionnaires.syntax import (
    QuestionnaireSyntaxError,
    parse,
    split_single_line,
)
from dialogs.turn import Person, TurnInput
from storage.directory.conversations import ConversationRef
from storage.directory.models import ConversationKind
from storage.questionnaires.models import QuestionKind

ISSUE_QUESTIONS = (
    "Hur ser er implementeringsplan ut?\n"
    "Hur ser arbetet med Barnets bästa-ansvarig ut?\n"
    "Hur ser arbetet ut med att införa Barnets bästa-hjulet?\n"
    "Information till chefer och medarbetare."
)

FULL = """Titel: Uppföljning implementering HT
Intro: Svara för hela er organisation.
Deadline: 30/9
Till: Gnesta kommun, Trosa kommun
1. Hur ser er implementeringsplan ut?
2. Barnets bästa-ansvarig
   - Finns en utsedd ansvarig? [ja/nej]
   - Hur många chefer har informerats? [tal] (valfri) -- ungefär räcker
3. Hur långt har ni kommit med Barnets bästa-hjulet? [skala]
4. Vilka har fått information? [flerval: Chefer | Medarbetare | Politiker]
5. Vem äger frågan? [val: Socialtjänsten | Skolan | Båda]"""


def test_four_plain_lines_are_four_required_free_text_questions() -> None:
    parsed = parse(ISSUE_QUESTIONS)
    assert [(q.label, q.kind, q.required) for q in parsed.questions] == [
        ("1", QuestionKind.TEXT, True),
        ("2", QuestionKind.TEXT, True),
        ("3", QuestionKind.TEXT, True),
        ("4", QuestionKind.TEXT, True),
    ]
    assert parsed.questions[3].text == "Information till chefer och medarbetare."
    assert parsed.title is None and parsed.deadline_text is None


def test_markers_settings_and_sub_questions() -> None:
    parsed = parse(FULL)
    assert parsed.title == "Uppföljning implementering HT"
    assert parsed.intro == "Svara för hela er organisation."
    assert parsed.deadline_text == "30/9"
    assert parsed.target_names == ("Gnesta kommun", "Trosa kommun")
    summary = [(q.label, q.text, q.kind, q.required, q.help, q.options) for q in parsed.questions]
    assert summary == [
        ("1", "Hur ser er implementeringsplan ut?", QuestionKind.TEXT, True, None, ()),
        ("2", "Barnets bästa-ansvarig", QuestionKind.HEADING, False, None, ()),
        ("2a", "Finns en utsedd ansvarig?", QuestionKind.YES_NO, True, None, ()),
        (
            "2b",
            "Hur många chefer har informerats?",
            QuestionKind.NUMBER,
            False,
            "ungefär räcker",
            (),
        ),
        (
            "3",
            "Hur långt har ni kommit med Barnets bästa-hjulet?",
            QuestionKind.SCALE,
            True,
            None,
            (),
        ),
        (
            "4",
            "Vilka har fått information?",
            QuestionKind.MULTI_CHOICE,
            True,
            None,
            ("Chefer", "Medarbetare", "Politiker"),
        ),
        (
            "5",
            "Vem äger frågan?",
            QuestionKind.CHOICE,
            True,
            None,
            ("Socialtjänsten", "Skolan", "Båda"),
        ),
    ]


def test_english_markers_and_slash_separated_options() -> None:
    parsed = parse("Any plan? [yes/no]\nHow many? [number] (optional)\nWho? [choice: A/B/C]")
    assert [(q.kind, q.required, q.options) for q in parsed.questions] == [
        (QuestionKind.YES_NO, True, ()),
        (QuestionKind.NUMBER, False, ()),
        (QuestionKind.CHOICE, True, ("A", "B", "C")),
    ]


def test_a_main_question_with_its_own_marker_keeps_it_above_sub_questions() -> None:
    parsed = parse("Finns en plan? [ja/nej]\n- Om ja, beskriv den (valfri)")
    assert [(q.label, q.kind) for q in parsed.questions] == [
        ("1", QuestionKind.YES_NO),
        ("1a", QuestionKind.TEXT),
    ]


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("Titel: Bara en titel", "no_questions", 0),
        ("Fråga ett\nFråga två [okänd]", "unknown_marker", 2),
        ("Fråga [val: bara en]", "too_few_options", 1),
        ("Fråga [val: A | a]", "duplicate_options", 1),
        ("Fråga [tal] [skala]", "two_markers", 1),
        ("x" * 501, "question_too_long", 1),
        ("\n".join(f"Fråga {i}" for i in range(41)), "too_many_questions", 0),
    ],
)
def test_mistakes_name_the_line(text: str, code: str, line: int) -> None:
    with pytest.raises(QuestionnaireSyntaxError) as caught:
        parse(text)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_single_line_recovers_the_issue_questions() -> None:
    flat = " ".join(ISSUE_QUESTIONS.split())
    assert split_single_line(flat) == ISSUE_QUESTIONS.split("\n")


def test_single_line_recovers_settings_numbering_markers_and_bullets() -> None:
    flat = " ".join(FULL.split())
    assert parse(flat) == parse(FULL)


def test_numbers_that_do_not_count_up_are_not_numbering() -> None:
    flat = "Hur många möten hölls kl 9. på fredagar? Antal 30. gånger [tal]"
    assert [q.text for q in parse(flat).questions] == [
        "Hur många möten hölls kl 9. på fredagar?",
        "Antal 30. gånger",
    ]


def test_deadline_dates() -> None:
    today = date(2026, 9, 1)
    assert parse_deadline("30/9", today) == date(2026, 9, 30)
    assert parse_deadline("30 september", today) == date(2026, 9, 30)
    assert parse_deadline("2026-10-02", today) == date(2026, 10, 2)
    assert parse_deadline("15/8", today) == date(2027, 8, 15)  # passed: next year's
    with pytest.raises(DeadlineError):
        parse_deadline("snart", today)
    with pytest.raises(DeadlineError):
        parse_deadline("30/9 och 1/10", today)


def test_single_line_title_ends_where_a_question_begins() -> None:
    parsed = parse(
        "Titel: Implementering HT Hur ser er plan ut? "
        "Antal chefer [tal] -- ungefär Finns stöd? [ja/nej]"
    )
    assert parsed.title == "Implementering HT"
    assert [(q.text, q.kind, q.help) for q in parsed.questions] == [
        ("Hur ser er plan ut?", QuestionKind.TEXT, None),
        ("Antal chefer", QuestionKind.NUMBER, "ungefär"),
        ("Finns stöd?", QuestionKind.YES_NO, None),
    ]


@dataclass(frozen=True)
class _TurnWithLines(TurnInput):
    """What the edge would give once it keeps line breaks (see the lead's change)."""

    raw_text: str = ""


def test_command_body_prefers_kept_line_breaks() -> None:
    ref = ConversationRef(
        tenant_id="t",
        conversation_id="c",
        kind=ConversationKind.CHANNEL,
        service_url="",
        bot_id="b",
    )
    sender = Person(teams_user_id="29:x", name="X")
    flat = TurnInput(ref=ref, sender=sender, language="sv", bot_name="B", text="enkät ny a b")
    assert command_body(flat, "a b") == "a b"
    kept = _TurnWithLines(
        ref=ref,
        sender=sender,
        language="sv",
        bot_name="B",
        text="enkät ny Titel: T a? b?",
        raw_text=" enkät ny Titel: T\na?\n  - b?",
    )
    body = command_body(kept, "Titel: T a? b?")
    assert body == "Titel: T\na?\n  - b?"
    assert [q.label for q in parse(body).questions] == ["1", "1a"]


def test_word_bullets_are_dropped_and_o_is_the_second_level() -> None:
    parsed = parse(
        "• Hur ser er implementeringsplan ut?\n"
        "• Barnets bästa-ansvarig\n"
        "o Finns en utsedd ansvarig? [ja/nej]\n"
        "o Hur många chefer har informerats? [tal]\n"
        "• Vem äger frågan? [val: o Socialtjänsten | – Skolan | 1) Båda]"
    )
    assert [(q.label, q.text) for q in parsed.questions] == [
        ("1", "Hur ser er implementeringsplan ut?"),
        ("2", "Barnets bästa-ansvarig"),
        ("2a", "Finns en utsedd ansvarig?"),
        ("2b", "Hur många chefer har informerats?"),
        ("3", "Vem äger frågan?"),
    ]
    assert parsed.questions[1].kind == QuestionKind.HEADING
    assert parsed.questions[4].options == ("Socialtjänsten", "Skolan", "Båda")


@pytest.mark.parametrize("marker", ["o ", "• ", "- ", "– ", "1) ", "\uf0b7 ", "* "])
def test_a_list_with_one_marker_on_every_line_is_a_list_of_questions(marker: str) -> None:
    lines = ["Hur ser planen ut?", "Vem är ansvarig?", "Hur många har informerats? [tal]"]
    if marker == "1) ":
        text = "\n".join(f"{n}) {line}" for n, line in enumerate(lines, start=1))
    else:
        text = "\n".join(marker + line for line in lines)
    parsed = parse(text)
    assert [(q.label, q.text) for q in parsed.questions] == [
        ("1", "Hur ser planen ut?"),
        ("2", "Vem är ansvarig?"),
        ("3", "Hur många har informerats?"),
    ]
    assert parsed.questions[2].kind == QuestionKind.NUMBER


def test_o_bullets_pasted_as_one_line_still_become_questions() -> None:
    parsed = parse("o Hur ser planen ut? o Vem är ansvarig?")
    assert [q.text for q in parsed.questions][-1] == "Vem är ansvarig?"
    assert not any(q.text.startswith("o ") for q in parsed.questions)
