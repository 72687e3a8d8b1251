"""Owners of entries imported from minutes: attendance first, members second, a choice
when a name fits several people, the name as written when it fits nobody."""

from __future__ import annotations

from dialogs.decisions.owners import Candidate, OwnerOption, resolve_owners
from storage.directory.models import Role

MEMBERS = [
    Candidate(1, "Gabriel Billing", Role.CHAIR),
    Candidate(2, "Malin Palmér", Role.PROCESS_LEADER),
    Candidate(3, "Malin Ek", Role.MEMBER),
    Candidate(4, "Marie Skarfors", Role.MEMBER),
    Candidate(5, "Kristin Wirén", Role.SECRETARY),
]


def test_a_first_name_means_the_one_present_with_it() -> None:
    # two Malins are members, but only one attended (under her longer name)
    resolved = resolve_owners(["Malin"], MEMBERS, present=["Malin Palmér Andersson"])
    assert resolved.member_ids == (2,) and resolved.choices == ()


def test_several_people_are_a_choice_with_the_signer_first() -> None:
    present = ["Marie Skarfors", "Marie Håkansson", "Marie Skeppstedt"]
    resolved = resolve_owners(["Marie"], MEMBERS, present=present, signer="Marie Håkansson")
    assert resolved.member_ids == () and resolved.written == ()
    [choice] = resolved.choices
    assert choice.as_written == "Marie"
    assert choice.options == (
        OwnerOption("Marie Håkansson", None),
        OwnerOption("Marie Skarfors", 4),
        OwnerOption("Marie Skeppstedt", None),
    )


def test_two_members_with_one_first_name_and_nobody_present_are_a_choice() -> None:
    [choice] = resolve_owners(["Malin"], MEMBERS).choices
    assert [o.member_id for o in choice.options] == [2, 3]


def test_unknown_people_and_collectives_are_kept_as_written() -> None:
    resolved = resolve_owners(
        ["Lena Söderqvist Määttä", "Samtliga", "samverkansgruppen", "Sekreteraren"],
        MEMBERS,
        present=["Gabriel Billing"],
    )
    assert resolved.written == ("Lena Söderqvist Määttä", "Samtliga", "samverkansgruppen")
    assert resolved.member_ids == (5,)  # the role word: the member holding the role


def test_the_parser_s_matches_are_used_as_given() -> None:
    resolved = resolve_owners(
        ["Gabriel", "Lena"],
        MEMBERS,
        matches={"Gabriel": ["Gabriel Billing"], "Lena": ["Lena Söderqvist Määttä"]},
    )
    # one match each: the member by id, the attending guest by full name as text
    assert resolved.member_ids == (1,) and resolved.written == ("Lena Söderqvist Määttä",)
