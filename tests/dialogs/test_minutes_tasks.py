"""Minutes in the shape Word and PDF exports leave them, tasks besides decisions, and
owners resolved to the people they may mean. The texts are written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from dialogs.text.minutes import MinutesExtract, PersonMatch, extract_minutes

FAR_AWAY = date(2031, 6, 30)

WORD_EXPORT = """Minnesanteckningar Samverkansgrupp Väst
26 augusti 2025

Närvarande: Anna Lund, Bo Berg, Marie Ek, Marie Sund, Malin Holm

Representation
Gruppen går igenom vilka verksamheter som är representerade i dag.

o Bo bokar lokal för nästa träff.
• Anna kontaktar skolorna i Väst.

Beslut: Skolorna tar fram en gemensam rutin som de kan skicka

till socialtjänsten när oro uppstår, och rutinen ska vara

klar senast 30 september.

Marie berättar att hon har kontaktat skolorna.
Malin skickar ut rutinen till samtliga rektorer.
Marie stämmer av med Bo om lokalen.

Övriga frågor
Kalle Nilsson informerar om sommarens läger och berättar om
hur det gick förra året.
Lisa Persson tar med frågan till ledningsgruppen.

/ Marie Sund
"""


def _extract(text: str, **kwargs: object) -> MinutesExtract:
    return extract_minutes(text, today=FAR_AWAY, **kwargs)  # type: ignore[arg-type]


def _actions(extract: MinutesExtract) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    return {action.text: (action.item, action.owners) for action in extract.actions}


def test_a_date_alone_under_the_title_is_the_meeting_date() -> None:
    assert _extract(WORD_EXPORT).meeting_date == date(2025, 8, 26)


def test_unnumbered_headings_are_agenda_items() -> None:
    assert _extract(WORD_EXPORT).agenda_items == ("Representation", "Övriga frågor")


def test_a_decision_wrapped_over_blank_lines_is_read_whole() -> None:
    [decision] = _extract(WORD_EXPORT).decisions
    assert decision.item == "Representation"
    assert decision.text == (
        "Skolorna tar fram en gemensam rutin som de kan skicka till socialtjänsten när oro "
        "uppstår, och rutinen ska vara klar senast 30 september."
    )
    assert decision.due == date(2025, 9, 30)


def test_tasks_in_bullets_and_prose_not_narrative() -> None:
    extract = _extract(WORD_EXPORT, known_people=["Malin Ström", "Anna Lund"])
    assert _actions(extract) == {
        "Bo bokar lokal för nästa träff.": ("Representation", ("Bo",)),
        "Anna kontaktar skolorna i Väst.": ("Representation", ("Anna",)),
        "Malin skickar ut rutinen till samtliga rektorer.": ("Representation", ("Malin",)),
        "Marie stämmer av med Bo om lokalen.": ("Representation", ("Marie",)),
        "Lisa Persson tar med frågan till ledningsgruppen.": ("Övriga frågor", ("Lisa Persson",)),
    }


def test_owners_resolve_to_present_people_first_and_never_pick_silently() -> None:
    extract = _extract(WORD_EXPORT, known_people=["Malin Ström", "Anna Lund"])
    people = {p.as_written: p.matches for action in extract.actions for p in action.people}
    # Two Maries present: both, the signer first.
    assert extract.signer == "Marie Sund"
    assert people["Marie"] == ("Marie Sund", "Marie Ek")
    # The Malin at the meeting, not the member who was not there.
    assert people["Malin"] == ("Malin Holm",)
    assert people["Bo"] == ("Bo Berg",)
    # Unknown to the group: kept as written, no candidates.
    assert people["Lisa Persson"] == ()


def test_members_not_present_are_candidates_only_when_nobody_present_matches() -> None:
    text = "Närvarande: Anna Lund, Bo Berg\n\n1. Frågor\nKarin skickar ut kallelsen.\n"
    extract = _extract(text, known_people=["Karin Ek", "Karin Holm", "Anna Lund"])
    [action] = extract.actions
    assert action.people == (PersonMatch("Karin", ("Karin Ek", "Karin Holm")),)


def test_list_markers_are_stripped() -> None:
    text = (
        "1. Uppföljning\nAtt göra:\n1) Anna kontaktar skolorna.\n2) Bo bokar lokal.\n"
        "\uf0b7 Cecilia skickar ut kallelsen.\n– Dana uppdaterar listan.\n* Erik ringer regionen.\n"
        "\n2. Övrigt\nInget.\n"
    )
    extract = _extract(text)
    assert extract.agenda_items == ("1. Uppföljning", "2. Övrigt")
    assert [(a.text, a.item) for a in extract.actions] == [
        ("Anna kontaktar skolorna.", "1. Uppföljning"),
        ("Bo bokar lokal.", "1. Uppföljning"),
        ("Cecilia skickar ut kallelsen.", "1. Uppföljning"),
        ("Dana uppdaterar listan.", "1. Uppföljning"),
        ("Erik ringer regionen.", "1. Uppföljning"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Marie berättar att Bo skickar ut kallelsen.",
        "Anna informerar om läget i kommunerna.",
        "Ordförande inleder och hälsar alla välkomna.",
        "Gruppen diskuterar hur vi tar fram en rutin.",
        "Bo skickade ut kallelsen förra veckan.",
        "Bo har kontaktat skolan.",
        "Ska Bo kontakta skolan?",
        "Anna skickar inte ut något i år.",
        "Vi skickar ut kallelsen.",
        "Rektorerna har läst handboken och uppmanats att lyssna mer på barnen.",
        "Socialdepartementet tar fram nytt direktiv.",
        "Alla tar ju inte ansvar (2021) - Barnombudsmannen",
    ],
)
def test_narrative_and_past_are_not_tasks(sentence: str) -> None:
    text = f"Närvarande: Anna Lund, Bo Berg, Marie Ek\n\n1. Läget\n{sentence}\n"
    assert _extract(text).actions == ()


def test_collectives_requests_and_exhortations() -> None:
    text = (
        "Minnesanteckningar 2022-01-24\n\n1. Underlag\n"
        "Uppmanar samtliga kommuner att skicka in underlagen.\n\n"
        "2. Rapporten\nOrdförande informerar om planen och samverkansgruppen ombeds "
        "komma med synpunkter.\n\n3. Årsberättelse\n"
        "Samtliga ser över årsberättelsen.  Svar ska ha inkommit senast 7/2.\n"
        "Alla kommuner skickar in statistik.\n"
    )
    actions = _extract(text).actions
    assert [(a.owners, a.due) for a in actions] == [
        ((), None),
        (("samverkansgruppen",), None),
        (("Samtliga",), date(2022, 2, 7)),
        (("Alla kommuner",), None),
    ]
    assert actions[1].text == "samverkansgruppen ombeds komma med synpunkter."
    # The deadline sentence after a task belongs to it.
    assert actions[2].text.endswith("Svar ska ha inkommit senast 7/2.")
    assert all(person.matches == () for a in actions for person in a.people)


def test_a_task_inside_a_decision_is_not_listed_twice() -> None:
    text = "1. Rutin\nBeslut: Bo tar fram en rutin. Anna skickar ut den.\n"
    extract = _extract(text)
    assert len(extract.decisions) == 1
    assert extract.actions == ()


def test_missing_reports() -> None:
    text = (
        "1. Statistik\nSiffror har kommit från Sala. Saknas underlag från Gnesta, Trosa och\n"
        "Nyköping.\n\n2. Rapport\nUnderlag saknas från Köpings kommun.\n"
        "Arboga och Kungsör har inte skickat in siffror.\n"
    )
    assert _extract(text).missing_reports == (
        "Gnesta",
        "Trosa",
        "Nyköping",
        "Köpings kommun",
        "Arboga",
        "Kungsör",
    )


@pytest.mark.parametrize(
    ("ending", "signer"),
    [
        ("Vid minnesanteckningarna, Cecilia Skanser\n", "Cecilia Skanser"),
        ("Vid minnesanteckningarna,\n\n\nCecilia Skanser\n", "Cecilia Skanser"),
        ("Vid protokollet\nAnna Lund\n", "Anna Lund"),
        ("/ Bo Berg\n", "Bo Berg"),
        ("Antecknat av: Bo Berg\n", "Bo Berg"),
        ("Tack för i dag.\n", None),
    ],
)
def test_the_signer(ending: str, signer: str | None) -> None:
    text = f"Närvarande: Anna Lund, Bo Berg\n\n1. Övrigt\nInget att rapportera.\n\n{ending}"
    assert _extract(text).signer == signer


def test_a_substitute_marks_the_member_absent() -> None:
    text = (
        "Ledamöter Anna Lund (S), Region Väst\nSigurd Berg (L), ersätter Kjell Holm, Sala\n\n"
        "1 Inledning\nOrdförande hälsar välkommen.\n"
    )
    extract = _extract(text)
    assert extract.present == ("Anna Lund", "Sigurd Berg")
    assert extract.absent == ("Kjell Holm",)


def test_lines_are_not_joined_across_a_finished_sentence() -> None:
    text = (
        "1. Rutin\nBeslut: Bo tar fram en rutin.\n\nAnna skickar ut kallelsen till alla i\n\n"
        "Teams-kanalen senast 7/2.\n"
    )
    extract = _extract(text, known_people=["Bo Berg", "Anna Lund"])
    [decision] = extract.decisions
    assert decision.text == "Bo tar fram en rutin."
    [action] = extract.actions
    assert action.text == "Anna skickar ut kallelsen till alla i Teams-kanalen senast 7/2."


def test_a_range_wrapped_by_a_pdf_stays_in_its_heading() -> None:
    text = (
        "Minnesanteckningar 2024-02-01\n\n"
        "1. Rapport för period 1/1-\n31/12 2023\n"
        "Siffrorna redovisades.\n"
    )
    extract = extract_minutes(text, today=date(2024, 1, 1))
    assert extract.agenda_items == ("1. Rapport för period 1/1-31/12 2023",)
