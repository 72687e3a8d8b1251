from __future__ import annotations

import argparse
import logging
import unicodedata
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.cli import pii as cli_pii
from dialogs.text.pii import (
    PersonalNumberFound,
    contains_personal_number,
    ensure_no_personal_number,
    find_personal_numbers,
)

# --- an independent Luhn implementation, so the tests do not trust the module's own -------


def check_digit(nine: str) -> str:
    """Skatteverket's rule: weights 2,1,2,1,... from the left, add the digits of products."""
    assert len(nine) == 9 and nine.isdigit()
    total = 0
    for index, ch in enumerate(nine):
        product = int(ch) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def with_check(nine: str) -> str:
    return nine + check_digit(nine)


def wrong_check(nine: str) -> str:
    return nine + str((int(check_digit(nine)) + 1) % 10)


def test_the_independent_helper_agrees_with_the_classic_example() -> None:
    # 121212-1212 is the number Skatteverket uses in its own examples.
    assert check_digit("121212121") == "2"
    assert with_check("121212121") == "1212121212"


def kinds(text: str) -> list[str]:
    return [finding.kind for finding in find_personal_numbers(text)]


# --- what must be found ----------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "121212-1212",
        "1212121212",
        "19121212-1212",
        "191212121212",
        "121212+1212",
        "121212 1212",
        "121212 - 1212",
        "121212- 1212",
        "1912-12-12-1212",
    ],
)
def test_finds_a_personnummer_in_every_accepted_format(number: str) -> None:
    text = f"Gäller barnet {number} i Köping."
    findings = find_personal_numbers(text)
    assert len(findings) == 1
    assert findings[0].kind == "personnummer"
    assert text[findings[0].start : findings[0].end] == number


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"])
def test_unicode_dashes_are_separators(dash: str) -> None:
    assert kinds(f"pnr 121212{dash}1212") == ["personnummer"]
    assert kinds(f"pnr 19121212{dash}1212") == ["personnummer"]


def test_non_breaking_spaces_count_as_spaces() -> None:
    assert kinds("121212\u00a0-\u00a01212") == ["personnummer"]
    assert kinds("121212\u202f1212") == ["personnummer"]


def test_samordningsnummer_has_sixty_added_to_the_day() -> None:
    # Born 1990-04-17 -> day 77.
    number = with_check("900477123")
    text = f"Samordningsnummer {number[:6]}-{number[6:]}"
    assert kinds(text) == ["samordningsnummer"]
    assert kinds(f"19{number}") == ["samordningsnummer"]
    # Day 91 is the 31st; day 92 would be the 32nd.
    assert kinds(with_check("900191123")) == ["samordningsnummer"]
    assert kinds(with_check("900192123")) == []


def test_a_real_date_in_the_samordnings_range_must_still_exist() -> None:
    # 30 February + 60 = 90.
    assert kinds(with_check("900290123")) == []


def test_leap_day_with_ten_digits_passes_when_some_century_allows_it() -> None:
    assert kinds(with_check("000229123")) == ["personnummer"]  # 2000 was a leap year
    assert kinds(with_check("040229123")) == ["personnummer"]
    assert kinds(with_check("130229123")) == []


def test_leap_day_with_twelve_digits_uses_the_stated_century() -> None:
    ten = with_check("000229123")
    assert kinds("20" + ten) == ["personnummer"]
    assert kinds("19" + ten) == []  # 1900 was not a leap year


def test_fullwidth_digits_and_hyphen_are_digits() -> None:
    text = "Barn: １２１２１２－１２１２."
    findings = find_personal_numbers(text)
    assert [f.kind for f in findings] == ["personnummer"]
    assert text[findings[0].start : findings[0].end] == "１２１２１２－１２１２"


def test_other_decimal_digits_count_too() -> None:
    arabic_indic = "".join(chr(0x0660 + int(d)) for d in "1212121212")
    assert kinds(arabic_indic) == ["personnummer"]


def test_invisible_characters_cannot_split_a_number() -> None:
    assert kinds("1212\u200b12-12\u00ad12") == ["personnummer"]
    assert kinds("\ufeff121212-1212") == ["personnummer"]


def test_offsets_refer_to_the_original_text_after_expanding_characters() -> None:
    # The ligature and the squared unit both expand under NFKC.
    prefix = "ﬁl ㎞ １２ "
    text = prefix + "121212-1212 slut"
    [finding] = find_personal_numbers(text)
    assert (finding.start, finding.end) == (len(prefix), len(prefix) + 11)


def test_finds_several_numbers_in_order() -> None:
    second = with_check("850615432")
    text = f"Först 121212-1212, sedan {second}, sist 19{second}."
    findings = find_personal_numbers(text)
    assert [text[f.start : f.end] for f in findings] == ["121212-1212", second, "19" + second]


def test_a_valid_number_right_after_a_rejected_one_is_still_found() -> None:
    # The first six digits form an impossible date, then a valid number follows.
    assert kinds("129999-121212-1212") == ["personnummer"]


# --- what must not be found ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1212121213",
        "191212121213",
        "121212 1213",
        "0701234567",  # a mobile number written without spaces
        "Ring 0701234567 eller 0812345678",
    ],
)
def test_without_a_separator_a_wrong_check_digit_is_not_a_personnummer(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("barnet 120315-1234", "personnummer"),
        ("barnet 121212-1213", "personnummer"),
        ("barnet 20120315-1234", "personnummer"),
        ("barnet 19121212-1213", "personnummer"),
        ("barnet 120315+1234", "personnummer"),
        ("barnet 120315 - 1234", "personnummer"),
        ("barnet 120315\u20131234", "personnummer"),
        ("barnet １２０３１５－１２３４", "personnummer"),
        ("barnet 120375-1234", "samordningsnummer"),  # day 15 + 60
        ("barnet 20120375-1234", "samordningsnummer"),
    ],
)
def test_with_a_separator_a_date_valid_number_is_found_whatever_its_check_digit(
    text: str, kind: str
) -> None:
    # A mistyped number is still a person's number: the shape and the date say so.
    assert check_digit("120315123") != "4"
    assert kinds(text) == [kind]
    with pytest.raises(PersonalNumberFound):
        ensure_no_personal_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "129999-1234",  # no such date
        "121312-1213",  # month 13
        "120392-1234",  # samordning day 32
        "556016-0681",  # an organisation number with a wrong check digit: month 60
        "19121212+1213",  # "+" with a century is no format
        "2012-03-15-1234",  # a written-out date and four digits: the check digit decides
        "070-1234567",
        "08-123 456 78",
    ],
)
def test_with_a_separator_the_date_still_decides(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize("nine", ["121312121", "121232121", "120012121", "121200121", "999999999"])
def test_an_impossible_date_is_not_a_personnummer_even_with_a_valid_check_digit(
    nine: str,
) -> None:
    number = with_check(nine)
    assert kinds(number) == []
    assert kinds(f"{number[:6]}-{number[6:]}") == []


@pytest.mark.parametrize(
    "org_number",
    [
        "212000-0142",  # a municipality: month 20
        "202100-5489",  # Skatteverket itself
        "556016-0680",  # a limited company: month 60
        "232100-0016",  # a region
        "16212000-0142",  # the 12-digit form with the 16 prefix
        "162021005489",
    ],
)
def test_organisation_numbers_are_not_flagged(org_number: str) -> None:
    # They pass Luhn, which is exactly why the date check has to reject them.
    digits = org_number.replace("-", "")[-10:]
    assert check_digit(digits[:9]) == digits[9]
    assert kinds(f"Org.nr {org_number}") == []


@pytest.mark.parametrize(
    "text",
    [
        "Ring 070-123 45 67 eller 08-123 456 78.",
        "Mobil +46 70 123 45 67",
        "tel 0046 70 123 45 67",
        "tel 021-39 00 00",
        "mötet 2022-01-24 kl 13.00",
        "20220124",
        "den 24/1 2022",
        "1912-12-12",
        "Dnr 2021/1234",
        "KS 2022-123",
        "SN 2021/0456-12",
        "Budget 1 212 121 212 kr",
        "Belopp 12 121 212,12 kr",
        "Kostnad 1212121,50 kr",
        "",
        "Inga siffror alls här.",
    ],
)
def test_everyday_numbers_are_not_flagged(text: str) -> None:
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "91212121212",
        "3121212-1212",
        "121212-12121",
        "1212121212123",
        "0191212121212",
        "1191212121212",
        "19121212-12123",
        "121212-1212" + "１",
    ],
)
def test_a_number_inside_a_longer_digit_run_is_not_flagged(text: str) -> None:
    assert kinds(text) == []


def test_plus_does_not_combine_with_a_century() -> None:
    # "+" means the 10-digit form of someone over 100; with 12 digits it is no format.
    assert kinds("19121212+1212") == []


def test_a_line_break_does_not_join_the_parts() -> None:
    assert kinds("121212\n1212") == []


# --- the guard -------------------------------------------------------------------------


def test_contains_personal_number() -> None:
    assert contains_personal_number("Se 121212-1212")
    assert not contains_personal_number("Se 212000-0142")


def test_ensure_accepts_clean_and_missing_texts() -> None:
    ensure_no_personal_number()
    ensure_no_personal_number(None, "", "Beslut: Gabriel kontaktar Köping senast 7/2.")


def test_ensure_raises_without_revealing_the_number(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(PersonalNumberFound) as raised:
        ensure_no_personal_number("Rubrik", None, f"Barn 121212-1212, 19{wrong_check('851201000')}")
    error = raised.value
    assert isinstance(error, ValueError)
    assert len(error.findings) == 1
    assert error.text_indexes == (2,)
    shown = " ".join([str(error), repr(error), repr(error.findings), caplog.text])
    assert "1212" not in shown
    assert "121212" not in shown
    assert "personnummer" in caplog.text
    assert "1 hit" in caplog.text
    assert error.message_sv and error.message_en
    assert not any(ch.isdigit() for ch in error.message_sv + error.message_en)


def test_masks_hide_every_digit() -> None:
    findings = find_personal_numbers("121212-1212 121212+1212 191212121212")
    assert [f.masked for f in findings] == ["******-****", "******+****", "********-****"]


# --- properties ------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


@st.composite
def valid_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A valid number in one of the accepted written forms, and its kind."""
    born = draw(st.dates(min_value=date(1850, 1, 1), max_value=date(2099, 12, 31)))
    samordning = draw(st.booleans())
    day = born.day + (60 if samordning else 0)
    serial = draw(st.integers(min_value=0, max_value=999))
    ten = with_check(f"{born:%y%m}{day:02d}{serial:03d}")
    head, tail = ten[:6], ten[6:]
    full_head = f"{born.year // 100}{head}"
    dash = draw(st.sampled_from(["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"]))
    spacer = draw(st.sampled_from(["", " ", "\u00a0"]))
    written = draw(
        st.sampled_from(
            [
                ten,
                f"{head}{dash}{tail}",
                f"{head}+{tail}",
                f"{head}{spacer}{tail}" if spacer else f"{head} {tail}",
                f"{head}{spacer}{dash}{spacer}{tail}",
                f"{full_head}{tail}",
                f"{full_head}{dash}{tail}",
                f"{full_head[:4]}-{full_head[4:6]}-{full_head[6:]}-{tail}",
            ]
        )
    )
    if draw(st.booleans()):
        written = written.translate(_FULLWIDTH)
    return written, "samordningsnummer" if samordning else "personnummer"


# Neither digits, dashes nor spaces: the boundary keeps the surrounding text from joining
# the number, which is the only thing the property should be free to vary.
_BEFORE = st.sampled_from(["a", "ö", ":", "(", "\n", "/", "Å"])
_AFTER = st.sampled_from(["a", ".", ",", ")", "\n", " ", "?"])


@given(
    before=st.text(max_size=30),
    left=_BEFORE,
    number=valid_numbers(),
    right=_AFTER,
    after=st.text(max_size=30),
)
def test_property_valid_numbers_are_always_found(
    before: str, left: str, number: tuple[str, str], right: str, after: str
) -> None:
    written, kind = number
    prefix = before + left
    text = prefix + written + right + after
    findings = find_personal_numbers(text)
    span = (len(prefix), len(prefix) + len(written))
    matching = [f for f in findings if (f.start, f.end) == span]
    assert [f.kind for f in matching] == [kind]
    ten = "".join(str(unicodedata.decimal(ch)) for ch in written if ch.isdecimal())[-10:]
    for finding in findings:
        assert ten not in finding.masked
        assert not any(ch.isdigit() for ch in finding.masked)
    with pytest.raises(PersonalNumberFound) as raised:
        ensure_no_personal_number(text)
    assert ten not in str(raised.value)


@given(
    born=st.dates(min_value=date(1850, 1, 1), max_value=date(2099, 12, 31)),
    samordning=st.booleans(),
    last_four=st.integers(min_value=0, max_value=9999),
    separator=st.sampled_from(["-", "+", " - ", "\u2013"]),
    twelve=st.booleans(),
)
def test_property_any_last_four_after_a_separator_is_found(
    born: date, samordning: bool, last_four: int, separator: str, twelve: bool
) -> None:
    day = born.day + (60 if samordning else 0)
    head = f"{born:%y%m}{day:02d}"
    if twelve:
        if separator == "+":
            separator = "-"
        head = f"{born.year // 100}{head}"
    text = f"Gäller {head}{separator}{last_four:04d} i Sala"
    assert kinds(text) == ["samordningsnummer" if samordning else "personnummer"]


_NUMBERISH = st.text(
    alphabet=st.sampled_from(list("0123456789-+ \n/.１２－–\u200b\u00a0a")), max_size=60
)


@given(text=st.one_of(st.text(max_size=200), _NUMBERISH))
@example(text="")
@example(text="١٢١٢١٢-١٢١٢")
def test_property_any_text_is_handled_and_findings_are_sane(text: str) -> None:
    findings = find_personal_numbers(text)
    previous_end = 0
    for finding in findings:
        assert previous_end <= finding.start < finding.end <= len(text)
        previous_end = finding.end
        assert finding.kind in {"personnummer", "samordningsnummer"}
        assert not any(ch.isdigit() for ch in finding.masked)
        # Whatever was found is a Luhn-valid ten-digit tail, or was written with its
        # separator between the date and the last four.
        found = unicodedata.normalize("NFKC", text[finding.start : finding.end])
        digits = "".join(str(unicodedata.decimal(ch)) for ch in found if ch.isdecimal())
        assert len(digits) in (10, 12)
        separated = any(ch in "+-\u2010\u2011\u2012\u2013\u2014\u2212" for ch in found)
        assert separated or check_digit(digits[-10:-1]) == digits[-1]
    assert contains_personal_number(text) == bool(findings)


# --- the CLI ---------------------------------------------------------------------------


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bot")
    cli_pii.add_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_cli_reports_masked_findings_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    args = _parse(["pii", "Barnet", "121212-1212", "i", "Sala"])
    assert args.func(args) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == ["personnummer\t******-****\tposition 7-18"]
    assert "1212" not in out


def test_cli_exits_0_on_clean_text(capsys: pytest.CaptureFixture[str]) -> None:
    args = _parse(["pii", "Org.nr", "212000-0142,", "tel", "070-123", "45", "67"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "Inga personnummer" in out
    assert "*" not in out


# --- the shortcut for text that folds character by character ------------------------------


def _normalise_by_character(text: str) -> tuple[str, list[int]]:
    """The general rule, written out: NFKC per character, then the module's folding."""
    from dialogs.text.pii import _fold

    out, origin = [], []
    for index, raw in enumerate(text):
        for ch in unicodedata.normalize("NFKC", raw):
            if folded := _fold(ch):
                out.append(folded)
                origin.append(index)
    return "".join(out), origin


@given(st.text(alphabet=st.characters(max_codepoint=0x2FFF) | st.sampled_from("å✅📅\u200b¹")))
@example("Vårens möten: måndag 12/1 kl 9–12 · 3 ja, ² ✅ 📅\u00a0800101–0009")
@example("barnet 8001¹0-0009")  # a superscript digit is a digit
@example("800101\u200b-0009")  # an invisible character is dropped: the slow path
def test_the_shortcut_normalises_as_the_general_rule(text: str) -> None:
    from dialogs.text.pii import _normalise

    assert _normalise(text) == _normalise_by_character(text)
