from __future__ import annotations

import argparse
import ast
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import minutes as cli_minutes
from dialogs.text.minutes import ExtractedDecision, MinutesExtract, PersonMatch, extract_minutes

REPO = Path(__file__).resolve().parents[2]
OWN_FIXTURES = REPO / "tests" / "fixtures" / "minutes"
REAL_FIXTURES = REPO.parent / "shared" / "fixtures" / "minutes"
BGB = REAL_FIXTURES / "bgb-sodra-2022-01-24.txt"
VASTMANLAND = REAL_FIXTURES / "samverkansgruppen-vastmanland-2021-05-21.txt"

# Far from every fixture's meeting date, so a test only passes if the meeting date, not
# "today", anchors the dates written without a year.
FAR_AWAY = date(2031, 6, 30)

needs_real_fixtures = pytest.mark.skipif(
    not REAL_FIXTURES.is_dir(), reason="../shared/fixtures/minutes is not beside the repo"
)


def extract_file(path: Path, **kwargs: object) -> MinutesExtract:
    return extract_minutes(path.read_text(encoding="utf-8"), today=FAR_AWAY, **kwargs)  # type: ignore[arg-type]


def by_item(extract: MinutesExtract) -> dict[str | None, list[ExtractedDecision]]:
    grouped: dict[str | None, list[ExtractedDecision]] = {}
    for decision in extract.decisions:
        grouped.setdefault(decision.item, []).append(decision)
    return grouped


# --- the real minutes ------------------------------------------------------------------


@needs_real_fixtures
def test_bgb_header_and_participants() -> None:
    extract = extract_file(BGB)
    assert extract.meeting_date == date(2022, 1, 24)
    assert extract.place is None
    # The participant "table" lost its columns and its strike-through in the export.
    assert extract.present == (
        "Gabriel Billing",
        "Anna-Maria Ringgren",
        "Anna-Karin Hammar",
        "Malin Löwgren Dambrinken",
        "Bengt Greiff",
        "Eva Lönnelid",
        "Malin Palmér Andersson",
        "Carolina Wolper",
        "Zuzan Mustafi",
        "Kristin Wirén",
        "Jennie Nimborg",
        "Elin Fjällström",
        "Magnus Hasselblad",
        "Madeleine Berggren Björnfot",
        "Susanne Rehn Svensson",
        "Eleonore Jonsson",
        "Michael Craftman",
        "Marie Håkansson",
        "Marie Skarfors",
        "Björn Hallström",
        "Karin Hagerström",
        "Johan Skeppstedt",
        "Lotta Almgren Bartosch",
        "Marie Skeppstedt",
    )
    assert extract.absent == ()


@needs_real_fixtures
def test_bgb_agenda_items() -> None:
    extract = extract_file(BGB)
    assert extract.agenda_items == (
        "1. Föregående minnesanteckningar",
        "2. Reflektioner från Tillsammans för barnens bästa 30/11",
        "3. VITS, kunskapsutbyte i södra. Gemensam satsning?",
        "4. Barnkonventionen, redovisning från respektive huvudman",
        "5. Hälsoundersökningar vid placering rapport period 1/1-31/12 2021",
        "6. Uppföljning -var befinner vi oss i arbetet med SIP och Prator",
        "7. Vad har vi gjort 2021, se Årsberättelse",
        "8. Mötestider och mötesformer 2022",
        "9. Till & från BGB",
        "10. Övriga frågor",
    )


@needs_real_fixtures
def test_bgb_decisions() -> None:
    first, second = extract_file(BGB).decisions
    assert first == ExtractedDecision(
        item="3. VITS, kunskapsutbyte i södra. Gemensam satsning?",
        text="Gabriel kontaktar respektive samordnare i VITS-grupperna för dialog",
        owners=("Gabriel",),
        due=None,
        people=(PersonMatch("Gabriel", ("Gabriel Billing",)),),
    )
    assert second.item == "9. Till & från BGB"
    # The decision runs over three lines and stops at the next "-" bullet.
    assert second.text == (
        "Malin Palmér Andersson föreslås vara vår representant från södra. Gabriel "
        "kontaktar ordförande i övriga grupper och föreslår om de utser representanter "
        "från socialtjänst och BVC"
    )
    # "föreslås" is passive: Malin is proposed, Gabriel is the one who acts.
    assert second.owners == ("Gabriel",)
    assert second.due is None


@needs_real_fixtures
def test_bgb_owners_stay_as_written_and_people_say_whom_they_mean() -> None:
    extract = extract_file(BGB, known_people=["Gabriel Billing", "Marie Håkansson"])
    assert [d.owners for d in extract.decisions] == [("Gabriel",), ("Gabriel",)]
    assert [d.people for d in extract.decisions] == [
        (PersonMatch("Gabriel", ("Gabriel Billing",)),)
    ] * 2


@needs_real_fixtures
def test_bgb_dates() -> None:
    extract = extract_file(BGB)
    assert [(d.text, d.date) for d in extract.deadlines] == [
        ("Svar ska ha inkommit senast måndag 7/2", date(2022, 2, 7))
    ]
    # "och16/5": glued in the export, still a date.
    assert extract.proposed_dates == (date(2022, 3, 7), date(2022, 4, 21), date(2022, 5, 16))
    assert extract.next_meeting is None


@needs_real_fixtures
def test_bgb_to_json() -> None:
    data = extract_file(BGB).to_json()
    assert data["meeting"]["date"] == "2022-01-24"
    assert data["deadlines"] == [
        {"text": "Svar ska ha inkommit senast måndag 7/2", "date": "2022-02-07"}
    ]
    assert data["proposed_dates"] == ["2022-03-07", "2022-04-21", "2022-05-16"]
    assert data["decisions"][0] == {
        "item": "3. VITS, kunskapsutbyte i södra. Gemensam satsning?",
        "text": "Gabriel kontaktar respektive samordnare i VITS-grupperna för dialog",
        "owners": ["Gabriel"],
        "people": [{"as_written": "Gabriel", "matches": ["Gabriel Billing"]}],
        "due": None,
    }


@needs_real_fixtures
def test_vastmanland_header_and_participants() -> None:
    extract = extract_file(VASTMANLAND)
    assert extract.meeting_date == date(2021, 5, 21)
    assert extract.place == "Digitalt möte"
    assert extract.present == (
        "Barbro Larsson",
        "Mohammed Rashid",
        "Hans Ivarsson",
        "Sune Andersson",
        "Sigurd Synnergård",
        "Angelica Stigenberg",
        "Andreas Trygg",
        "Bengt Larsson",
        "Caroline Högström",
        "Ulrika Spårebo",
        "Silvana Enelo-Jansson",
        "Marie-Louise Söderström",
        "Niclas Bergström",
        "Per-Olov Rapp",
        "Jeanette Källstad",
        "Maria Boman",
        "Cecilia Skanser",
    )
    # "Sigurd Synnergård (L), ersätter Kjell Ivemyr": the replaced members were away.
    assert extract.absent == ("Kjell Ivemyr", "Mats Lindgren")


@needs_real_fixtures
def test_vastmanland_items_next_meeting_and_no_invented_decisions() -> None:
    extract = extract_file(VASTMANLAND)
    assert len(extract.agenda_items) == 11
    assert extract.agenda_items[1] == "2. Nästa sammanträde"
    # Item 8 follows a text line directly, without a blank line.
    assert extract.agenda_items[7] == "8. Uppföljning – Digitalisering i förskola och skola"
    assert extract.agenda_items[-1] == "11. Sommarhälsning"
    assert extract.next_meeting == datetime(2021, 8, 27, 9, 0)
    assert extract.to_json()["next_meeting"] == "2021-08-27T09:00"
    assert extract.decisions == ()
    assert extract.deadlines == ()
    assert extract.proposed_dates == ()


# --- our own minutes -------------------------------------------------------------------


def test_markdown_minutes() -> None:
    extract = extract_file(OWN_FIXTURES / "arbetsgrupp-markdown-2023-03-14.md")
    assert extract.meeting_date == date(2023, 3, 14)
    assert extract.place == "Kommunhuset i Sala, sal Tranan"
    assert extract.present == (
        "Annika Berglund",
        "Tomas Wikström",
        "Jeanette Olsson",
        "Yusuf Demir",
    )
    assert extract.absent == ("Lena af Klercker", "Karl-Erik Holm")
    assert extract.agenda_items == (
        "1. Mötets öppnande",
        "2. Uppföljning av handlingsplanen",
        "3. Enkät till förskolorna",
        "4. Mötestider hösten 2023",
        "5. Nästa möte",
    )
    plan, survey = extract.decisions
    assert plan == ExtractedDecision(
        item="2. Uppföljning av handlingsplanen",
        text=(
            "Processledarna uppdaterar handlingsplanen och skickar den till styrgruppen "
            "senast 31/3. Tidplanen för aktivitet 4 och 5 skjuts fram till hösten."
        ),
        owners=("Processledarna",),
        due=date(2023, 3, 31),
        people=(PersonMatch("Processledarna", ()),),
    )
    assert survey == ExtractedDecision(
        item="3. Enkät till förskolorna",
        text="Nettan skickar ut enkäten till samtliga förskolor senast fredag 7/4.",
        owners=("Nettan",),
        due=date(2023, 4, 7),
        people=(PersonMatch("Nettan", ()),),
    )
    assert (
        "Svar om vilka datum som passar ska ha inkommit till sekreteraren senast 20/4.",
        date(2023, 4, 20),
    ) in [(d.text, d.date) for d in extract.deadlines]
    assert extract.proposed_dates == (date(2023, 9, 12), date(2023, 10, 10), date(2023, 11, 14))
    # The heading "Nästa möte" has no date; the line under it has.
    assert extract.next_meeting == datetime(2023, 5, 9, 13, 0)


def test_bulleted_minutes_with_a_repeated_agenda() -> None:
    extract = extract_file(OWN_FIXTURES / "samverkan-punktlista-2022-10-03.txt")
    assert extract.meeting_date == date(2022, 10, 3)
    assert extract.place == "Teams"
    assert extract.present == ("Helena Strand", "Mikael Nyström", "Sara Lind", "Omar Haddad")
    assert extract.absent == ("Birgitta Sjöberg", "Per Åkesson")
    # The "Dagordning" lists the items once, the minutes repeat them: no duplicates.
    assert extract.agenda_items == (
        "1. Föregående anteckningar",
        "2. Samverkan kring skolfrånvaro",
        "3. SIP-utbildning",
        "4. Övriga frågor",
    )
    routine, invitation = extract.decisions
    assert routine.item == "2. Samverkan kring skolfrånvaro"
    assert routine.text.startswith("Helena och Omar tar fram ett förslag")
    assert routine.text.endswith("ska vara klart senast 15 november.")
    assert routine.owners == ("Helena", "Omar")
    assert routine.due == date(2022, 11, 15)
    # A bulleted "Överenskommet:" ends where the next bullet starts.
    assert invitation == ExtractedDecision(
        item="3. SIP-utbildning",
        text="Sekreteraren skickar ut inbjudan med länk till anmälan.",
        owners=("Sekreteraren",),
        due=None,
        people=(PersonMatch("Sekreteraren", ()),),
    )
    # "Förslaget ... innan nästa möte" is neither a date proposal nor the next meeting.
    assert extract.proposed_dates == ()
    assert extract.next_meeting == datetime(2022, 12, 5, 8, 30)


def test_paragraph_numbered_minutes_with_compact_date() -> None:
    extract = extract_file(OWN_FIXTURES / "styrgrupp-numrerad-260410.txt")
    assert extract.meeting_date == date(2026, 4, 10)
    assert extract.present == (
        "Ingrid Ahlberg",
        "Fredrik Sundqvist",
        "Malin Eriksson",
        "Johanna Berg",
        "Elin Björk",
    )
    assert extract.absent == ("Ulf Nordin",)
    assert extract.agenda_items[0] == "§ 1 Val av justerare"
    decisions = by_item(extract)
    [chair] = decisions["§ 2 Ekonomisk uppföljning"]
    assert chair.owners == ("Ordförande",)
    assert chair.text.endswith("kan användas till styrgruppens möte i juni.")
    # "Beslut:" alone on its line: every bullet under it is a decision of its own.
    plan, room, postponed = decisions["§ 3 Lägesrapport från processledarna"]
    assert (plan.text, plan.owners, plan.due) == (
        "Processledarna tar fram en kommunikationsplan senast 8/5.",
        ("Processledarna",),
        date(2026, 5, 8),
    )
    assert (room.owners, room.due) == (("Sekreteraren",), None)
    assert (postponed.text, postponed.owners) == ("Ärendet om extern utvärdering bordläggs.", ())
    # "Följande datum föreslås ...:" and then one date per bullet.
    assert extract.proposed_dates == (date(2026, 9, 2), date(2026, 10, 7), date(2026, 11, 4))
    assert (
        "Ledamöterna meddelar sekreteraren senast 30/4 om något datum inte fungerar.",
        date(2026, 4, 30),
    ) in [(d.text, d.date) for d in extract.deadlines]
    assert extract.next_meeting is None


def test_untidy_export_with_odd_spaces() -> None:
    extract = extract_file(OWN_FIXTURES / "natverk-rorigt-2024-02-06.txt")
    assert extract.meeting_date == date(2024, 2, 6)
    assert extract.present == ("Anna Lund", "Bengt Ström", "Cecilia Grahn")
    assert extract.agenda_items == ("1. Inledning", "2. Psykisk hälsa i skolan", "3. Övrigt")
    first, second = extract.decisions
    assert first.text == (
        "Anna och Cecilia undersöker möjligheten till gemensam handledning "
        "och återkommer till nätverket."
    )
    assert first.owners == ("Anna", "Cecilia")
    assert (second.text, second.owners) == (
        "Bengt delar sitt material i Teams-kanalen.",
        ("Bengt",),
    )
    assert extract.next_meeting == datetime(2024, 3, 12, 10, 0)
    for value in _strings(extract.to_json()):
        assert "\u00a0" not in value and "\u202f" not in value and "  " not in value
        assert value == value.strip()


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


# --- edge cases ------------------------------------------------------------------------


def test_empty_text() -> None:
    extract = extract_minutes("", today=date(2024, 1, 1))
    assert extract.to_json() == {
        "meeting": {"date": None, "place": None, "present": [], "absent": []},
        "decisions": [],
        "actions": [],
        "deadlines": [],
        "missing_reports": [],
        "proposed_dates": [],
        "next_meeting": None,
        "signer": None,
    }
    assert extract.agenda_items == ()


def test_to_json_has_exactly_the_agreed_shape() -> None:
    text = "Minnesanteckningar 2024-03-01\n\n1. Ekonomi\nBeslut: Ordförande kallar till möte.\n"
    data = extract_minutes(text, today=date(2024, 1, 1)).to_json()
    assert set(data) == {
        "meeting",
        "decisions",
        "actions",
        "deadlines",
        "missing_reports",
        "proposed_dates",
        "next_meeting",
        "signer",
    }
    assert set(data["meeting"]) == {"date", "place", "present", "absent"}
    assert set(data["decisions"][0]) == {"item", "text", "owners", "people", "due"}
    json.dumps(data)


@pytest.mark.parametrize(
    "label",
    ["Beslut:", "Beslut;", "**Beslut:**", "Överenskommet:", "- Beslut:", "• Beslut:", "BESLUT:"],
)
def test_decision_label_forms(label: str) -> None:
    text = f"1. Rapport\nInformation lämnades.\n{label} Gabriel kontaktar skolorna.\n"
    [decision] = extract_minutes(text, today=date(2024, 1, 1)).decisions
    assert decision == ExtractedDecision(
        item="1. Rapport",
        text="Gabriel kontaktar skolorna.",
        owners=("Gabriel",),
        due=None,
        people=(PersonMatch("Gabriel", ()),),
    )


def test_decision_sentence_forms() -> None:
    text = (
        "1. Budget\n"
        "Beslutades att Processledarna tar fram en budget.\n\n"
        "Gruppen beslutade att ställa in junimötet.\n"
    )
    first, second = extract_minutes(text, today=date(2024, 1, 1)).decisions
    assert first.owners == ("Processledarna",)
    assert first.text == "Beslutades att Processledarna tar fram en budget."
    assert second.owners == ()


def test_markdown_heading_label_with_a_list_under_it() -> None:
    text = (
        "## 4. Enkät\n\nVi gick igenom frågorna.\n\n### Beslut\n\n"
        "- Sekreteraren skickar enkäten senast 12/2.\n"
        "- Alla svarar senast 26/2.\n\nÖvrigt: inget.\n"
    )
    sent, answered = extract_minutes(text, today=date(2024, 1, 10)).decisions
    assert (sent.item, sent.owners, sent.due) == ("4. Enkät", ("Sekreteraren",), date(2024, 2, 12))
    assert (answered.owners, answered.due) == (("Alla",), date(2024, 2, 26))


def test_responsible_label_names_owners() -> None:
    text = "1. Lokaler\nBeslut: Lokalfrågan utreds vidare. Ansvarig: Ordförande och Nettan.\n"
    [decision] = extract_minutes(text, today=date(2024, 1, 1)).decisions
    assert decision.owners == ("Ordförande", "Nettan")


def test_words_that_are_not_owners() -> None:
    text = (
        "1. Arbetet\n"
        "Beslut: Arbetet fortsätter enligt plan. Tidplanen för hösten ligger fast. "
        "Frågan tas upp igen. Vi skickar ut kallelsen.\n"
    )
    [decision] = extract_minutes(text, today=date(2024, 1, 1)).decisions
    assert decision.owners == ()


def test_first_names_resolve_only_when_unambiguous() -> None:
    text = "1. Frågor\nBeslut: Marie och Gabriel skickar underlaget.\n"
    known = ["Marie Håkansson", "Marie Skarfors", "Gabriel Billing"]
    [decision] = extract_minutes(text, today=date(2024, 1, 1), known_people=known).decisions
    # Owners stay as written; who they may mean is in `people`, never picked silently.
    assert decision.owners == ("Marie", "Gabriel")
    assert decision.people == (
        PersonMatch("Marie", ("Marie Håkansson", "Marie Skarfors")),
        PersonMatch("Gabriel", ("Gabriel Billing",)),
    )


def test_a_label_without_text_and_nothing_after_it_is_no_decision() -> None:
    assert extract_minutes("1. Punkt\nBeslut:\n\n2. Nästa punkt\n").decisions == ()


def test_numbered_lists_inside_an_item_are_not_items() -> None:
    text = (
        "1. Inledning\nHej.\n\n2. Handlingsplan\nTre delar:\n1. Kartläggning\n"
        "2. Utbildning\n3. Uppföljning\n\n3. Övrigt\nInget.\n"
    )
    extract = extract_minutes(text, today=date(2024, 1, 1))
    assert extract.agenda_items == ("1. Inledning", "2. Handlingsplan", "3. Övrigt")


def test_prose_starting_with_a_number_is_not_an_item() -> None:
    text = "1. Statistik\n12 barn väntar på plats.\n2 skolor saknar rutin.\n2. Övrigt\n"
    extract = extract_minutes(text, today=date(2024, 1, 1))
    assert extract.agenda_items == ("1. Statistik", "2. Övrigt")


def test_undated_mentions_use_the_meeting_year_not_today() -> None:
    text = "Minnesanteckningar 2022-11-20\n\n1. Frister\nSvar senast 10/1.\n"
    extract = extract_minutes(text, today=date(2030, 5, 5))
    # 10 January after a meeting in November is the following January.
    assert [d.date for d in extract.deadlines] == [date(2023, 1, 10)]


def test_next_meeting_without_a_time_is_a_date() -> None:
    text = "Datum: 2023-09-01\n\n1. Övrigt\nNästa möte 9 oktober.\n"
    extract = extract_minutes(text, today=date(2020, 1, 1))
    assert extract.next_meeting == date(2023, 10, 9)
    assert extract.to_json()["next_meeting"] == "2023-10-09"


def test_a_mention_of_the_next_meeting_inside_a_sentence_is_not_its_date() -> None:
    text = "Datum: 2023-09-01\n\n1. Rutin\nFörslaget skickas innan nästa möte, senast 1/10.\n"
    assert extract_minutes(text, today=date(2020, 1, 1)).next_meeting is None


def test_an_impossible_date_in_prose_does_not_stop_the_extraction() -> None:
    text = "Datum: 2023-01-10\n\n1. Frister\nBeslut: Nettan skickar svaret senast 30/2.\n"
    [decision] = extract_minutes(text, today=date(2020, 1, 1)).decisions
    assert decision.owners == ("Nettan",)
    assert decision.due is None


def test_windows_line_endings_and_non_breaking_spaces() -> None:
    text = (
        "Datum:\u00a02023-05-02\r\n\r\n1.\u00a0Rapport  \r\nBeslut:\u202fBengt ringer skolan.  \r\n"
    )
    extract = extract_minutes(text, today=date(2020, 1, 1))
    assert extract.meeting_date == date(2023, 5, 2)
    assert extract.agenda_items == ("1. Rapport",)
    assert extract.decisions[0].text == "Bengt ringer skolan."


_LINES = st.sampled_from(
    [
        "",
        "   ",
        "Beslut:",
        "Beslut; Gabriel kontaktar skolan",
        "**Beslut:** Processledarna skickar senast 7/2.",
        "- Alla svarar",
        "• Överenskommet: Sekreteraren bokar",
        "1. Inledning",
        "2 Nästa möte",
        "§ 3 Budget",
        "## Närvarande",
        "Närvarande: Anna Lund, Bo Berg",
        "Frånvarande:",
        "Nästa möte 9 oktober kl 13",
        "Följande datum föreslås: 7/3, 21/4 och16/5",
        "Svar senast 30/2",
        "Datum: 260410",
        "Minnesanteckningar 2022-01-24",
        "Ansvarig: ",
        "X ersätter Y",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=25),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
)
def test_property_any_text_gives_a_valid_extract(lines: list[str], today: date) -> None:
    extract = extract_minutes("\n".join(lines), today=today)
    data = json.loads(json.dumps(extract.to_json(), ensure_ascii=False))
    for decision in data["decisions"]:
        assert decision["text"] == decision["text"].strip()
    assert all(item.strip() for item in extract.agenda_items)


# --- purity ----------------------------------------------------------------------------

FORBIDDEN = {"botbuilder", "aiohttp", "msal", "apscheduler", "sqlalchemy", "bot"}


@pytest.mark.parametrize("module", ["minutes.py", "minutes_vocabulary.py", "pii.py"])
def test_text_understanding_stays_pure(module: str) -> None:
    tree = ast.parse((REPO / "dialogs" / "text" / module).read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & FORBIDDEN


# --- the CLI ---------------------------------------------------------------------------


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bot")
    cli_minutes.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


def test_cli_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    path = OWN_FIXTURES / "arbetsgrupp-markdown-2023-03-14.md"
    assert _run_cli(["minutes", str(path), "--today", "2023-01-01"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["meeting"]["date"] == "2023-03-14"
    assert "Nettan skickar ut enkäten" in out  # ensure_ascii=False
    assert out.startswith("{\n  ")  # indent=2


def test_cli_reads_windows_1252(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "anteckningar.txt"
    text = (
        "Minnesanteckningar 2024-02-06\r\n\r\n1. Rapport\r\nBeslut: Åsa skickar ut rapporten.\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    assert _run_cli(["minutes", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["decisions"][0]["owners"] == ["Åsa"]
    assert data["decisions"][0]["item"] == "1. Rapport"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("saknas.txt", None, "finns inte"),
        ("katalog", "dir", "katalog"),
        ("protokoll.docx", b"PK\x03\x04\x00\x00binary", "skadad eller ofullständig"),
        ("trasig.txt", b"Beslut: \x81\x8d\x8f", "Jag kan läsa protokoll som Word-fil"),
    ],
)
def test_cli_unreadable_file_exits_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes | str | None,
    message: str,
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    assert _run_cli(["minutes", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_cli_rejects_a_bad_today(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        _run_cli(["minutes", "x.txt", "--today", "24/1"])
    assert exited.value.code == 2
    assert "ÅÅÅÅ-MM-DD" in capsys.readouterr().err
