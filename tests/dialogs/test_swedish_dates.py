"""The Swedish date parser: table-driven phrases, look-alikes, errors, properties and the CLI.

Expected dates were worked out by hand from a calendar (e.g. 2022-01-24 and 2022-02-07 are
Mondays, 2021-08-27 is a Friday, 2022-08-27 a Saturday), not copied from the parser.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.cli import dates as cli_dates
from dialogs.text.dates import (
    DateParseError,
    DateSpan,
    find_dates,
    find_deadline,
    parse_dates,
    past_dates,
)

MON_2022_01_24 = date(2022, 1, 24)
JUNE_2021 = date(2021, 6, 1)
MARCH_2026 = date(2026, 3, 1)


def show(span: DateSpan) -> str:
    """A span as one readable string: "2022-03-07", "2022-03-07T09:00" or "…T09:00–12:00"."""
    text = span.to_json()["start"]
    assert text is not None
    if isinstance(span.end, datetime):
        assert span.end.date() == span.day
        text += "–" + span.end.strftime("%H:%M")
    else:
        assert span.end is None
    return text


# --- strict parsing: what users type after "föreslå datum" ---------------------------------

PARSE_CASES: list[tuple[str, date, list[str]]] = [
    # D/M and the next-occurrence rule (today is included)
    ("7/3", MON_2022_01_24, ["2022-03-07"]),
    ("7/2", MON_2022_01_24, ["2022-02-07"]),
    ("7/1", MON_2022_01_24, ["2023-01-07"]),
    ("24/1", MON_2022_01_24, ["2022-01-24"]),
    ("23/1", MON_2022_01_24, ["2023-01-23"]),
    ("07/03", MON_2022_01_24, ["2022-03-07"]),
    ("31/12", MON_2022_01_24, ["2022-12-31"]),
    ("29/2", date(2023, 3, 1), ["2024-02-29"]),
    ("29/2", date(2024, 1, 10), ["2024-02-29"]),
    # lists: commas, "och", "samt", "eller", missing spaces
    ("7/3, 21/4 och 16/5", MON_2022_01_24, ["2022-03-07", "2022-04-21", "2022-05-16"]),
    ("21/4 och16/5", MON_2022_01_24, ["2022-04-21", "2022-05-16"]),
    ("7/3,21/4 samt 16/5", MON_2022_01_24, ["2022-03-07", "2022-04-21", "2022-05-16"]),
    ("7/3 eller 8/3", MON_2022_01_24, ["2022-03-07", "2022-03-08"]),
    ("16/5, 7/3", MON_2022_01_24, ["2022-05-16", "2022-03-07"]),
    (
        "Följande datum är föreslagna för vårens möten 7/3, 21/4 och16/5",
        MON_2022_01_24,
        ["2022-03-07", "2022-04-21", "2022-05-16"],
    ),
    # weekdays, long and short, must agree with the date
    ("måndag 7/2", MON_2022_01_24, ["2022-02-07"]),
    ("Måndag 7/2", MON_2022_01_24, ["2022-02-07"]),
    ("mån 7/2", MON_2022_01_24, ["2022-02-07"]),
    ("mån. 7/2", MON_2022_01_24, ["2022-02-07"]),
    ("måndagen den 7 februari", MON_2022_01_24, ["2022-02-07"]),
    ("fre 27/8", JUNE_2021, ["2021-08-27"]),
    ("fredagen den 27 augusti", JUNE_2021, ["2021-08-27"]),
    ("tors 10/2", MON_2022_01_24, ["2022-02-10"]),
    ("tor 10/2", MON_2022_01_24, ["2022-02-10"]),
    ("lördag 29/1", MON_2022_01_24, ["2022-01-29"]),
    ("söndag, 30/1", MON_2022_01_24, ["2022-01-30"]),
    ("onsdag 2022-01-26", MON_2022_01_24, ["2022-01-26"]),
    # month names, full and short, with a dot, ordinals, upper case
    ("15 dec", MON_2022_01_24, ["2022-12-15"]),
    ("15 dec.", MON_2022_01_24, ["2022-12-15"]),
    ("15 DECEMBER", MON_2022_01_24, ["2022-12-15"]),
    ("9 oktober", MON_2022_01_24, ["2022-10-09"]),
    ("1 jan", MON_2022_01_24, ["2023-01-01"]),
    ("3 sept", MON_2022_01_24, ["2022-09-03"]),
    ("3 sep", MON_2022_01_24, ["2022-09-03"]),
    ("2 mars", MON_2022_01_24, ["2022-03-02"]),
    ("2 mar", MON_2022_01_24, ["2022-03-02"]),
    ("27:e augusti", MON_2022_01_24, ["2022-08-27"]),
    ("1:a maj", MON_2022_01_24, ["2022-05-01"]),
    ("15dec", MON_2022_01_24, ["2022-12-15"]),
    ("7 March", MON_2022_01_24, ["2022-03-07"]),
    # explicit years
    ("27 augusti 2021", MON_2022_01_24, ["2021-08-27"]),
    ("fredagen den 27 augusti 2021", MON_2022_01_24, ["2021-08-27"]),
    ("7/3 2027", MON_2022_01_24, ["2027-03-07"]),
    ("7/3-27", MON_2022_01_24, ["2027-03-07"]),
    ("7/3/2027", MON_2022_01_24, ["2027-03-07"]),
    ("7/3-2021", MON_2022_01_24, ["2021-03-07"]),
    ("29/2 2024", MON_2022_01_24, ["2024-02-29"]),
    # ISO and compact header dates
    ("2026-12-15", MON_2022_01_24, ["2026-12-15"]),
    ("2026-12-15 09:30", MON_2022_01_24, ["2026-12-15T09:30"]),
    ("2026-12-15T09:30", MON_2022_01_24, ["2026-12-15T09:30"]),
    ("Minnesanteckningar 2022-01-24", MON_2022_01_24, ["2022-01-24"]),
    ("260410", MON_2022_01_24, ["2026-04-10"]),
    ("20260410", MON_2022_01_24, ["2026-04-10"]),
    # times and ranges: kl/kl./klockan, en dash, em dash, hyphen, "till", colon, dot
    ("7/3 kl 9", MON_2022_01_24, ["2022-03-07T09:00"]),
    ("7/3 kl. 13.00–15.00", MON_2022_01_24, ["2022-03-07T13:00–15:00"]),
    ("7/3 kl 13.00—15.00", MON_2022_01_24, ["2022-03-07T13:00–15:00"]),
    ("7/3 kl 13.00 - 15.00", MON_2022_01_24, ["2022-03-07T13:00–15:00"]),
    ("7/3 9:00-11:30", MON_2022_01_24, ["2022-03-07T09:00–11:30"]),
    ("7/3 kl 09.00", MON_2022_01_24, ["2022-03-07T09:00"]),
    ("7/3 klockan 10", MON_2022_01_24, ["2022-03-07T10:00"]),
    ("7/3 kl 9 till 12", MON_2022_01_24, ["2022-03-07T09:00–12:00"]),
    ("7/3 kl 9 till kl 12", MON_2022_01_24, ["2022-03-07T09:00–12:00"]),
    ("7/3 kl 0930", MON_2022_01_24, ["2022-03-07T09:30"]),
    ("7/3 kl 0-23.59", MON_2022_01_24, ["2022-03-07T00:00–23:59"]),
    ("7/3, kl 9", MON_2022_01_24, ["2022-03-07T09:00"]),
    ("7/3 9-12", MON_2022_01_24, ["2022-03-07T09:00–12:00"]),
    ("1 maj kl 0930", MON_2022_01_24, ["2022-05-01T09:30"]),
    ("måndag 7/2 kl 13", MON_2022_01_24, ["2022-02-07T13:00"]),
    (
        "Nästa sammanträde ska äga rum fredagen den 27 augusti 2021 kl 09.00",
        MON_2022_01_24,
        ["2021-08-27T09:00"],
    ),
    # a time after a list applies to every date of the list
    (
        "7/3, 21/4 och 16/5 kl 9-12",
        MON_2022_01_24,
        ["2022-03-07T09:00–12:00", "2022-04-21T09:00–12:00", "2022-05-16T09:00–12:00"],
    ),
    (
        "7/3 kl 9, 21/4 och 16/5 kl 13–15",
        MON_2022_01_24,
        ["2022-03-07T09:00", "2022-04-21T13:00–15:00", "2022-05-16T13:00–15:00"],
    ),
    (
        "7/3 9-12, 21/4 13:00-15:30",
        MON_2022_01_24,
        ["2022-03-07T09:00–12:00", "2022-04-21T13:00–15:30"],
    ),
    ("7/3 kl 9, 8/3", MON_2022_01_24, ["2022-03-07T09:00", "2022-03-08"]),
    # relative words
    ("i dag", MON_2022_01_24, ["2022-01-24"]),
    ("idag", MON_2022_01_24, ["2022-01-24"]),
    ("I dag", MON_2022_01_24, ["2022-01-24"]),
    ("i morgon", MON_2022_01_24, ["2022-01-25"]),
    ("imorgon", MON_2022_01_24, ["2022-01-25"]),
    ("i övermorgon", MON_2022_01_24, ["2022-01-26"]),
    ("i morgon kl 10-11", MON_2022_01_24, ["2022-01-25T10:00–11:00"]),
    ("imorgon", date(2022, 12, 31), ["2023-01-01"]),
    # harmless words around the dates are allowed in a strict expression
    ("förslag: 7/3 eller 8/3 på eftermiddagen", MON_2022_01_24, ["2022-03-07", "2022-03-08"]),
]


@pytest.mark.parametrize(("text", "today", "expected"), PARSE_CASES)
def test_parse_dates(text: str, today: date, expected: list[str]) -> None:
    assert [show(span) for span in parse_dates(text, today=today)] == expected


# --- lenient scanning of minutes and decision text -----------------------------------------

FIND_CASES: list[tuple[str, date, list[str]]] = [
    (
        "Följande datum är föreslagna för vårens möten 7/3, 21/4 och16/5",
        MON_2022_01_24,
        ["2022-03-07", "2022-04-21", "2022-05-16"],
    ),
    ("Svar ska ha inkommit senast måndag 7/2", MON_2022_01_24, ["2022-02-07"]),
    (
        "Nästa sammanträde ska äga rum fredagen den 27 augusti 2021 kl 09.00",
        MON_2022_01_24,
        ["2021-08-27T09:00"],
    ),
    ("Nästa möte 9 oktober", MON_2022_01_24, ["2022-10-09"]),
    ("Minnesanteckningar 2022-01-24", MON_2022_01_24, ["2022-01-24"]),
    ("260410\nMinnesanteckningar samverkansgruppen", MON_2022_01_24, ["2026-04-10"]),
    ("Gabriel kontaktar samordnarna senast 15/3", MON_2022_01_24, ["2022-03-15"]),
    ("Vi ses i morgon kl 10 i Gnesta.", MON_2022_01_24, ["2022-01-25T10:00"]),
    (
        "Möten 7/3 och 21/4 kl 13-15. Dessutom 16/5.",
        MON_2022_01_24,
        ["2022-03-07T13:00–15:00", "2022-04-21T13:00–15:00", "2022-05-16"],
    ),
    # a time separated from the date by prose does not attach to it
    ("Mötet 7/3. Nästa punkt tas upp kl 9", MON_2022_01_24, ["2022-03-07"]),
    (
        "Mötet 7/3 ställs in. Nytt datum 14/3 kl 9",
        MON_2022_01_24,
        ["2022-03-07", "2022-03-14T09:00"],
    ),
    # bare hour ranges are for strict input only; in prose "2-3" is usually a count
    ("Beslut 15/3 2-3 personer deltar", MON_2022_01_24, ["2022-03-15"]),
    ("Ärendet Dnr 2021/123 behandlades 15/3", MON_2022_01_24, ["2022-03-15"]),
    # documented look-alikes that are read as dates (they are valid dates)
    ("Tillgänglig 24/7 för 3/4 av deltagarna", MON_2022_01_24, ["2022-07-24", "2022-04-03"]),
    (
        "Sammanfattning: idag diskuterades 9 oktober och 15 dec.",
        MON_2022_01_24,
        ["2022-01-24", "2022-10-09", "2022-12-15"],
    ),
    ("Tel 08-123 456 78, möte 2026-12-15 09:30", MON_2022_01_24, ["2026-12-15T09:30"]),
]


@pytest.mark.parametrize(("text", "today", "expected"), FIND_CASES)
def test_find_dates(text: str, today: date, expected: list[str]) -> None:
    assert [show(span) for span in find_dates(text, today=today)] == expected


LOOK_ALIKES = [
    "Dnr 2021/123",
    "Diarienr 12/3",
    "Ring 070-123 45 67 eller 08-123 456 78",
    "Mobil 0701234567",
    "Tel 260410",
    "070-260410",
    "Personnummer 850315-1234",
    "19850315-1234",
    "850315+1234",
    "Kostnaden blev 210615 kr",
    "Budget 100000 kronor",
    "Andelen ökade med 20/10 %",
    "Hon arbetar 3/4 tjänst",
    "En 1/2-dag i veckan",
    "Utbildningen är en 1/2 dag",
    "Läsåret 21/22",
    "Fördelning 50/50",
    "Ökning med 15 %",
    "Mötet börjar kl 9-12",
    "Fika 13.00",
    "Version 2.10",
    "Vi har i dagsläget inga datum",
    "Han kommer imorgonbitti",
    "Punkt 7/13 i listan",
    "",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_find_dates_skips_look_alikes(text: str) -> None:
    assert find_dates(text, today=MON_2022_01_24) == []


# --- errors: never silently shifted ---------------------------------------------------------

ERRORS_BOTH_MODES: list[tuple[str, date, str]] = [
    ("30/2", MON_2022_01_24, "februari har högst 29 dagar"),
    ("31/4", MON_2022_01_24, "april har högst 30 dagar"),
    ("31 april", MON_2022_01_24, "april har högst 30 dagar"),
    ("31/6 kl 9", MON_2022_01_24, "juni har högst 30 dagar"),
    ("2021-13-01", MON_2022_01_24, "ingen månad 13"),
    ("2021-02-30", MON_2022_01_24, "februari har högst 29 dagar"),
    ("2022-02-29", MON_2022_01_24, "2022 är inget skottår"),
    ("29/2 2023", MON_2022_01_24, "2023 är inget skottår"),
    ("29/2", MON_2022_01_24, "29/2 2024"),
    ("29/2", date(2024, 3, 1), "29/2 2028"),
    ("32 mars", MON_2022_01_24, "dag 32 finns inte"),
    ("0 mars", MON_2022_01_24, "dag 0 finns inte"),
    ("tisdag 7/2", MON_2022_01_24, "7 februari 2022 är en måndag"),
    ("fre 27/8", MON_2022_01_24, "27 augusti 2022 är en lördag"),
    ("Svar senast tisdag 7/2", MON_2022_01_24, "är en måndag"),
    ("söndag 2026-12-15", MON_2022_01_24, "15 december 2026 är en tisdag"),
    ("tisdag 32/1", MON_2022_01_24, "dag 32 finns inte"),
    ("senast 32/1", MON_2022_01_24, "dag 32 finns inte"),
    ("den 7/13", MON_2022_01_24, "ingen månad 13"),
    ("7/3 kl 25", MON_2022_01_24, "”kl 25” finns inte"),
    ("7/3 kl 24", MON_2022_01_24, "”kl 24” finns inte"),
    ("7/3 9:75", MON_2022_01_24, "”9:75” finns inte"),
    ("7/3 kl 9.60", MON_2022_01_24, "finns inte"),
    ("7/3 kl 12-9", MON_2022_01_24, "slutar innan den börjar"),
    ("7/3 kl 10–10", MON_2022_01_24, "slutar innan den börjar"),
    ("7/3 och 30/2", MON_2022_01_24, "”30/2”"),
]


@pytest.mark.parametrize(("text", "today", "message"), ERRORS_BOTH_MODES)
@pytest.mark.parametrize("parse", [parse_dates, find_dates], ids=["parse", "find"])
def test_errors_in_both_modes(
    text: str, today: date, message: str, parse: Callable[..., list[DateSpan]]
) -> None:
    with pytest.raises(DateParseError) as raised:
        parse(text, today=today)
    assert message in raised.value.message_sv
    assert str(raised.value) == raised.value.message_sv
    assert raised.value.message_en and raised.value.message_en != raised.value.message_sv


ERRORS_STRICT_ONLY: list[tuple[str, str]] = [
    ("", "hittade inget datum"),
    ("   ", "hittade inget datum"),
    ("hej", "hittade inget datum"),
    ("7/", "”7/”"),
    ("/3", "”/3”"),
    ("7/3/", "”7/3/”"),
    ("7/3 och 8", "”8”"),
    ("32/1", "dag 32 finns inte"),
    ("7/13", "ingen månad 13"),
    ("kl 9", "behöver ett datum"),
    ("kl 9 7/3", "behöver ett datum"),
    ("kl 25", "”kl 25” finns inte"),
    ("måndag", "”måndag”"),
    ("7/3 och mars", "”mars”"),
    ("7/3 kl", "”kl”"),
    ("260230", "februari har högst 29 dagar"),
    ("Dnr 2021/123", "”2021/123”"),
    ("7/3 kl 9 10-12", "”10-12”"),
    ("21-22 mars", "”21-22”"),
    ("15 decc", "”15”"),
    ("7/3 kl 9:7", "”:7”"),
    ("15.12", "behöver ett datum"),  # a clock time, never a dotted date
]


@pytest.mark.parametrize(("text", "message"), ERRORS_STRICT_ONLY)
def test_strict_errors(text: str, message: str) -> None:
    with pytest.raises(DateParseError) as raised:
        parse_dates(text, today=MON_2022_01_24)
    assert message in raised.value.message_sv


def test_error_has_english_message_and_fragment() -> None:
    with pytest.raises(DateParseError) as raised:
        parse_dates("tisdag 7/2", today=MON_2022_01_24)
    error = raised.value
    assert error.message_en == "“tisdag 7/2” does not match: 7 February 2022 is a Monday."
    assert error.message("en-GB") == error.message_en
    assert error.message("sv-SE") == error.message_sv
    assert error.fragment == "tisdag 7/2"
    assert isinstance(error, ValueError)


def test_weekday_is_checked_only_in_the_next_occurrence_year() -> None:
    # 27/8 was a Friday in 2021; from 2022-01-24 the next 27/8 is a Saturday: an error,
    # not a search for a year in which the weekday would fit.
    with pytest.raises(DateParseError):
        parse_dates("fre 27/8", today=MON_2022_01_24)
    assert parse_dates("fre 27/8 2021", today=MON_2022_01_24) == [DateSpan(date(2021, 8, 27))]


# --- deadlines in decision sentences --------------------------------------------------------

DEADLINE_CASES: list[tuple[str, date | None]] = [
    ("Gabriel kontaktar samordnarna senast 15/3", date(2022, 3, 15)),
    ("Svar ska ha inkommit senast måndag 7/2", date(2022, 2, 7)),
    ("Svar senast den 7/2 kl 12", date(2022, 2, 7)),
    ("Rapporten skickas till styrgruppen före den 1 april", date(2022, 4, 1)),
    ("Återkoppling innan 9 oktober", date(2022, 10, 9)),
    ("Anmälan t.o.m. 28/2", date(2022, 2, 28)),
    ("Uppdraget gäller till och med 2022-03-31", date(2022, 3, 31)),
    ("Remissen är öppen till 30/6", date(2022, 6, 30)),
    ("Report back by 15/3", date(2022, 3, 15)),
    ("Send it before 1 April", date(2022, 4, 1)),
    ("Svar senast i morgon", date(2022, 1, 25)),
    ("SENAST 15/3 ska allt vara klart", date(2022, 3, 15)),
    ("Mötet 7/3 beslutade att svar ska lämnas senast 30/6", date(2022, 6, 30)),
    ("Gabriel kontaktar samordnarna 15/3", None),
    ("Inga datum här", None),
    ("Kontakta oss senast kl 12", None),
    ("Senast uppdaterad av Gabriel", None),
]


@pytest.mark.parametrize(("text", "expected"), DEADLINE_CASES)
def test_find_deadline(text: str, expected: date | None) -> None:
    assert find_deadline(text, today=MON_2022_01_24) == expected


def test_find_deadline_does_not_hide_impossible_dates() -> None:
    with pytest.raises(DateParseError):
        find_deadline("Svar senast 30/2", today=MON_2022_01_24)


# --- DateSpan -------------------------------------------------------------------------------


def test_date_span_json_and_day() -> None:
    whole_day = DateSpan(date(2022, 3, 7))
    timed = DateSpan(datetime(2022, 3, 7, 9, 0), datetime(2022, 3, 7, 12, 30))
    assert whole_day.to_json() == {"start": "2022-03-07", "end": None}
    assert timed.to_json() == {"start": "2022-03-07T09:00", "end": "2022-03-07T12:30"}
    assert whole_day.day == timed.day == date(2022, 3, 7)
    assert DateSpan.from_json(timed.to_json()) == timed
    assert DateSpan.from_json(whole_day.to_json()) == whole_day


@pytest.mark.parametrize(
    "data",
    [{"start": None, "end": None}, {"start": "7/3", "end": None}, {"start": "2022-03-07T9:00"}],
)
def test_date_span_from_json_rejects_other_shapes(data: dict[str, str | None]) -> None:
    with pytest.raises(ValueError):
        DateSpan.from_json(data)


def test_parsed_datetimes_are_naive_wall_time() -> None:
    (span,) = parse_dates("7/3 kl 9", today=MON_2022_01_24)
    assert isinstance(span.start, datetime)
    assert span.start.tzinfo is None


# --- properties -----------------------------------------------------------------------------

SWEDISH_MONTHS = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip
SWEDISH_WEEKDAYS = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
DATE_ISH_PIECES = [
    "7/3", "30/2", "kl", "kl.", "klockan", " ", ",", " och ", "och", "samt", "-", "–", "/",
    ":", ".", "9", "25", "13.00", "9:75", "2026-12-15", "260410", "20260410", "850315-1234",
    "mån", "tisdag", "fredagen den", "den", "dec.", "mars", "i dag", "imorgon", "senast",
    "%", "Dnr", "T", "ſept", "İ dag", "K", "٣", "²", "\u00a0", "\n",
]  # fmt: skip
date_ish_text = st.lists(
    st.one_of(st.sampled_from(DATE_ISH_PIECES), st.text("0123456789/-–:. ,", max_size=6)),
    max_size=12,
).map("".join)
todays = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@given(text=st.one_of(st.text(), date_ish_text), today=todays)
@example(text="3 ſept", today=MON_2022_01_24)
@example(text="İ DAG", today=MON_2022_01_24)
@example(text="Kl 9", today=MON_2022_01_24)
def test_only_date_parse_errors_escape(text: str, today: date) -> None:
    for parse in (parse_dates, find_dates, find_deadline):
        with contextlib.suppress(DateParseError):
            parse(text, today=today)


@given(today=todays, offset=st.integers(min_value=0, max_value=364))
@example(today=date(2023, 3, 1), offset=365 - 1)
@example(today=date(2024, 2, 29), offset=0)
def test_day_slash_month_round_trip(today: date, offset: int) -> None:
    day = today + timedelta(days=offset)
    assert parse_dates(f"{day.day}/{day.month}", today=today) == [DateSpan(day)]
    assert find_dates(f"Nästa möte {day.day}/{day.month} i Gnesta", today=today) == [DateSpan(day)]


@given(today=todays, offset=st.integers(min_value=0, max_value=364))
def test_weekday_and_month_name_round_trip(today: date, offset: int) -> None:
    day = today + timedelta(days=offset)
    text = f"{SWEDISH_WEEKDAYS[day.weekday()]} {day.day} {SWEDISH_MONTHS[day.month - 1]}"
    assert parse_dates(text, today=today) == [DateSpan(day)]


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), shift=st.integers(1, 6)
)
def test_a_wrong_weekday_is_always_an_error(day: date, shift: int) -> None:
    wrong = SWEDISH_WEEKDAYS[(day.weekday() + shift) % 7]
    with pytest.raises(DateParseError):
        parse_dates(f"{wrong} {day.isoformat()}", today=MON_2022_01_24)


@given(
    start_minute=st.integers(min_value=0, max_value=24 * 60 - 2),
    length=st.integers(min_value=1, max_value=24 * 60),
)
def test_time_range_round_trip(start_minute: int, length: int) -> None:
    end_minute = min(start_minute + length, 24 * 60 - 1)
    start_text = f"{start_minute // 60}.{start_minute % 60:02d}"
    end_text = f"{end_minute // 60:02d}:{end_minute % 60:02d}"
    (span,) = parse_dates(f"7/3 kl {start_text}–{end_text}", today=MON_2022_01_24)
    assert span.start == datetime(2022, 3, 7, start_minute // 60, start_minute % 60)
    assert span.end == datetime(2022, 3, 7, end_minute // 60, end_minute % 60)


# --- the layering rule: pure code -----------------------------------------------------------


def test_parser_imports_only_the_standard_library() -> None:
    source = Path(__file__).parents[2] / "dialogs" / "text" / "dates.py"
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    # Besides the standard library, only `cards` (month and weekday names have one home in
    # cards.swedish_format), which tests/test_architecture.py keeps free of the edge.
    allowed = {"__future__", "calendar", "collections", "dataclasses", "datetime", "re", "cards"}
    assert imported <= allowed


# --- CLI ------------------------------------------------------------------------------------


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="test")
    cli_dates.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["dates", *argv])
    result: int = args.func(args)
    return result


def test_cli_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["7/3,", "21/4", "och", "16/5", "kl", "9–12", "--today", "2022-01-24"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert json.loads(out) == {
        "dates": [
            {"start": "2022-03-07T09:00", "end": "2022-03-07T12:00"},
            {"start": "2022-04-21T09:00", "end": "2022-04-21T12:00"},
            {"start": "2022-05-16T09:00", "end": "2022-05-16T12:00"},
        ]
    }


def test_cli_error_goes_to_stderr_in_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["30/2", "--today", "2022-01-24"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "februari har högst 29 dagar" in err


def test_cli_weekday_contradiction_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["tisdag", "7/2", "--today", "2022-01-24"]) == 2
    assert "stämmer inte" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["2022-02-30", "24/1", "20220124", "i dag"])
def test_cli_rejects_a_bad_today(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["7/3", "--today", bad]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "--today" in err


def test_cli_default_today_is_stockholm(capsys: pytest.CaptureFixture[str]) -> None:
    before = datetime.now(ZoneInfo("Europe/Stockholm")).date()
    assert run_cli(["i", "dag"]) == 0
    after = datetime.now(ZoneInfo("Europe/Stockholm")).date()
    (span,) = json.loads(capsys.readouterr().out)["dates"]
    assert span["start"] in {before.isoformat(), after.isoformat()}


def test_cli_find_scans_prose(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["Dnr", "2021/123:", "svar", "senast", "15/3", "--find", "--today", "2022-01-24"]
    assert run_cli(argv) == 0
    assert json.loads(capsys.readouterr().out) == {"dates": [{"start": "2022-03-15", "end": None}]}


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("30/11", date(2026, 12, 1), date(2026, 11, 30)),  # yesterday, not next year
        ("30/11", date(2026, 11, 30), date(2026, 11, 30)),  # today
        ("1/12", date(2026, 11, 30), date(2025, 12, 1)),  # the latest that has been
        ("30/11 2024", date(2026, 12, 1), date(2024, 11, 30)),  # a year written is kept
    ],
)
def test_past_dates_read_the_day_that_has_been(text: str, today: date, expected: date) -> None:
    [span] = past_dates(text, today=today)
    assert span.day == expected
