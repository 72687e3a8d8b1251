"""The pure text handling of the decision register: owner recognition, list filters,
message HTML, and search input that can never become query syntax."""

from __future__ import annotations

import pytest

from dialogs.decisions.filters import FilterSyntaxError, parse_filters
from dialogs.decisions.forms import text_of_html
from dialogs.decisions.owners import Candidate, owners_from_names, recognise_owners
from storage.decisions.models import DecisionStatus
from storage.decisions.search import fts5_match, search_terms, tsquery_text
from storage.directory.models import Role
from storage.stemming import stem

MEMBERS = (
    Candidate(1, "Gabriel Billing", Role.CHAIR),
    Candidate(2, "Anna-Karin Hammar", Role.MEMBER),
    Candidate(3, "Malin Palmér", Role.PROCESS_LEADER),
    Candidate(4, "Malin Svensson", Role.PROCESS_LEADER),
    Candidate(5, "Kristin Wirén", Role.MEMBER),
)


@pytest.mark.parametrize(
    ("text", "ids", "written"),
    [
        ("Gabriel kontaktar samordnarna senast 15/3", (1,), ()),
        ("gabriel billing ringer regionen", (1,), ()),
        ("Anna-Karin och Kristin tar fram underlag", (2, 5), ()),
        ("Kristin, Anna-Karin samt Gabriel ska boka", (5, 2, 1), ()),
        ("Malin Svensson bokar lokal", (4,), ()),
        ("Processledarna sammanställer svaren", (3, 4), ()),
        ("Ordföranden bjuder in", (1,), ()),
        ("Sekreteraren skickar ut protokollet", (), ("Sekreteraren",)),
        ("att Kristin bokar lokal", (5,), ()),
        # ambiguity, passive voice, lower-case first names and no verb give no owner
        ("Malin bokar lokal", (), ()),
        ("Kristin föreslås som representant", (), ()),
        ("kristin bokar lokal", (), ()),
        ("Kristin", (), ()),
        ("Kristin Andersson bokar", (), ()),
        ("Gnesta kommun tar fram rutinen", (), ()),
        ("Alla huvudmän skickar in underlag", (), ()),
    ],
)
def test_owner_recognition(text: str, ids: tuple[int, ...], written: tuple[str, ...]) -> None:
    guess = recognise_owners(text, MEMBERS)
    assert (guess.member_ids, guess.written) == (ids, written)


def test_english_verbs_end_in_s() -> None:
    assert recognise_owners("Kristin contacts BUP", MEMBERS, english=True).member_ids == (5,)
    assert recognise_owners("Kristin contacts BUP", MEMBERS).member_ids == ()


def test_owner_names_from_minutes() -> None:
    ids, unmatched = owners_from_names(
        ["Gabriel Billing", "Processledarna", "Lena Söderqvist Määttä", "Malin", "Kristin"],
        MEMBERS,
    )
    assert ids == [1, 3, 4, 5]
    assert unmatched == ["Lena Söderqvist Määttä", "Malin"]


def test_list_filters() -> None:
    default = parse_filters("")
    assert default.statuses == (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)
    parsed = parse_filters("ägare:Malin Palmér status:klar,inaktuell org:Gnesta punkt:4. Budget")
    assert parsed.owner == "Malin Palmér"
    assert parsed.statuses == (DecisionStatus.DONE, DecisionStatus.OBSOLETE)
    assert parsed.organisation == "Gnesta"
    assert parsed.item == "4. Budget"
    assert parse_filters("owner:me status:all").statuses == tuple(DecisionStatus)
    too_long = "punkt:" + "x" * 90 + " ägare:" + "y" * 90 + " org:" + "z" * 30
    for bad in ("Gabriel", "ägare:", "status:raderad", "x ägare:Gabriel", too_long):
        with pytest.raises(FilterSyntaxError):
            parse_filters(bad)


def test_message_html_to_text() -> None:
    html = (
        "<div><p>Beslut: <at>Gabriel Billing</at> kontaktar&nbsp;<b>VITS</b></p>"
        "<ul><li>punkt ett</li><li>punkt &amp; två</li></ul><br>"
        "<script>alert('x')</script><style>p{}</style>slut</div>"
    )
    assert text_of_html(html) == (
        "Beslut: Gabriel Billing kontaktar VITS\npunkt ett\npunkt & två\nslut"
    )


@pytest.mark.parametrize(
    "query",
    [
        'VITS" OR "x',
        "NEAR(vits samordnare)",
        "text:vits",
        "vits* ^samordnare",
        "vits & | ! :* ( ) '",
        "'; DROP TABLE decisions; --",
    ],
)
def test_search_terms_are_plain_words(query: str) -> None:
    terms = search_terms(query)
    assert terms and all(term.isalnum() for term in terms)
    match = fts5_match(7, terms)
    # the group, then every term's Swedish stem as one quoted phrase (a prefix from three
    # letters on), restricted to the item and the text, nothing else
    stems = list(dict.fromkeys(stem(term) for term in terms))
    phrases = " ".join(f'"{s}"' + ("*" if len(s) >= 3 else "") for s in stems)
    assert match == f'group_id:"7" AND {{item text}}:({phrases})'
    lexemes = [f"{term}:*" if len(term) >= 3 else term for term in terms]
    assert tsquery_text(terms) == " & ".join(lexemes)


def test_one_and_two_letter_terms_are_matched_whole() -> None:
    assert fts5_match(3, ["i", "vi", "samordnarna"]) == (
        'group_id:"3" AND {item text}:("i" "vi" "samordn"*)'
    )
    assert tsquery_text(["i", "vi", "vits"]) == "i & vi & vits:*"


def test_search_terms_are_bounded() -> None:
    terms = search_terms(" ".join(f"ord{i}" for i in range(50)) + " " + "x" * 500)
    assert len(terms) == 8 and all(len(t) <= 40 for t in terms)
    assert search_terms("!!! ***") == []


def test_status_filter_takes_the_cards_word_and_the_older_one() -> None:
    # the cards say "påbörjad"; lists typed from older help still say "pågår"
    for word in ("påbörjad", "pågår", "started", "in progress"):
        assert parse_filters(f"status:{word}").statuses == (DecisionStatus.IN_PROGRESS,), word
