"""Guard against Swedish personal identity numbers in free text.

The collaboration groups must never put a child's case in the bot, so every piece of free
text is checked for personnummer and samordningsnummer before it is stored. The guard
prefers a rare false alarm (a user rewords) over a miss (a child's number in the
database), but it must not fire on the numbers these groups write all the time:
organisation numbers, phone numbers, dates, case numbers and amounts.

What counts as a hit:

- 10 or 12 digits as ``YYMMDD-NNNN``, ``YYMMDDNNNN``, ``YYYYMMDD-NNNN`` or ``YYYYMMDDNNNN``;
  the separator may be ``-`` (any Unicode dash), ``+`` (age 100 or more) or nothing, with
  at most one space on either side of it. ``YYYY-MM-DD-NNNN`` (a date written out followed
  by the last four) is accepted too, because people type it that way.
- The date part is a real calendar date; a samordningsnummer has 60 added to the day.
  With 10 digits the century is unknown, so 29 February passes when any of 18xx, 19xx or
  20xx makes it a leap year. With 12 digits the century must be 18, 19 or 20, which also
  keeps out the "16" prefix of 12-digit organisation numbers.
- The last digit is the Luhn check digit over the 10-digit form, unless the number is
  written ``YYMMDD-NNNN`` or ``YYYYMMDD-NNNN`` with its separator (``-`` or ``+``): that
  shape on a real date is how people write a personal identity number, so a mistyped one
  ("barnet 120315-1234") is still a person's number and still refused. Without the
  separator the check digit keeps deciding, because ten bare digits are often something
  else (phone numbers such as 0701234567, case numbers). ``YYYY-MM-DD-NNNN`` keeps the
  check digit too: a written-out date followed by four digits is also how dated
  references and serial numbers are written.
- The number is not part of a longer run of digits.

Text is compared after NFKC normalisation, so fullwidth and other compatibility digits,
non-breaking spaces and fullwidth hyphens count as their plain forms; any other decimal
digit (Arabic-Indic, Devanagari, ...) counts as its value too, and invisible format
characters (zero-width space, soft hyphen, BOM) are ignored so that they cannot be used,
deliberately or by copy-paste, to split a number. Offsets in findings always refer to the
original, unnormalised text.

Masking: a finding never carries a single digit of the number. ``masked`` keeps only the
shape, e.g. ``******-****`` or ``********-****``, with ``+`` kept when the number used it
(it tells the reader which format was recognised and identifies nobody).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Final

logger = logging.getLogger(__name__)

KIND_PERSONNUMMER: Final = "personnummer"
KIND_SAMORDNINGSNUMMER: Final = "samordningsnummer"

_DASHES: Final = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
# Line breaks stay line breaks: a number split over two lines is not one number.
_LINE_BREAKS: Final = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_CENTURIES: Final = (18, 19, 20)
_SAMORDNING_DAY_OFFSET: Final = 60

# Runs on the normalised text, where every digit is ASCII, every dash is "-" and every
# horizontal space is " ". The lookarounds keep numbers out of longer digit runs.
_COMPACT: Final = re.compile(
    r"(?<![0-9])"
    r"(?P<century>[0-9]{2})?(?P<yy>[0-9]{2})(?P<mm>[0-9]{2})(?P<dd>[0-9]{2})"
    r" ?(?P<sep>[-+])? ?"
    r"(?P<serial>[0-9]{3})(?P<check>[0-9])"
    r"(?![0-9])"
)
_ISO_DATE_STYLE: Final = re.compile(
    r"(?<![0-9])"
    r"(?P<century>[0-9]{2})(?P<yy>[0-9]{2})-(?P<mm>[0-9]{2})-(?P<dd>[0-9]{2})"
    r"(?P<sep>-)"
    r"(?P<serial>[0-9]{3})(?P<check>[0-9])"
    r"(?![0-9])"
)


_FOUR_DIGITS: Final = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class PiiFinding:
    """One personal identity number found in a text; never holds the number itself."""

    kind: str
    start: int
    end: int
    masked: str


class PersonalNumberFound(ValueError):
    """Raised when free text holds a personal identity number.

    The message and the attributes describe how many numbers and where, never the digits,
    so the exception is safe to log and to show.
    """

    message_sv = (
        "Texten verkar innehålla ett personnummer eller samordningsnummer. "
        "Skriv aldrig in uppgifter om enskilda barn eller ärenden i boten; "
        "ta bort numret och försök igen."
    )
    message_en = (
        "The text seems to contain a Swedish personal identity or coordination number. "
        "Never put details of individual children or cases in the bot; "
        "remove the number and try again."
    )

    def __init__(
        self, findings: tuple[PiiFinding, ...], text_indexes: tuple[int, ...] | None = None
    ) -> None:
        self.findings = findings
        # Which of the texts given to ensure_no_personal_number each finding came from,
        # so a form can point at the right field.
        self.text_indexes = text_indexes if text_indexes is not None else (0,) * len(findings)
        kinds = ", ".join(sorted({f.kind for f in findings}))
        super().__init__(f"{len(findings)} personal identity number(s) found ({kinds})")


def find_personal_numbers(text: str) -> list[PiiFinding]:
    """All personnummer and samordningsnummer in `text`, in order, with original offsets."""
    # Both forms start with four digits in a row; most texts with many digits (a card's
    # counts and dates) have none, and every posted card passes through here. ASCII text
    # normalises to itself but for tabs, so it can be asked before normalising.
    if text.isascii() and _FOUR_DIGITS.search(text) is None:
        return []
    normalised, origin = _normalise(text)
    if _FOUR_DIGITS.search(normalised) is None or sum(map(str.isdigit, normalised)) < 10:
        return []
    findings: list[PiiFinding] = []
    taken_until = -1
    candidates = sorted(
        (*_valid_matches(_COMPACT, normalised), *_valid_matches(_ISO_DATE_STYLE, normalised)),
        key=lambda hit: (hit[0].start(), -hit[0].end()),
    )
    for match, kind in candidates:
        if match.start() < taken_until:
            continue
        taken_until = match.end()
        findings.append(
            PiiFinding(
                kind=kind,
                start=origin[match.start()],
                end=origin[match.end() - 1] + 1,
                masked=_mask(match),
            )
        )
    return findings


# Fewer digits than this cannot hold a personal identity number: skip the search.
_MIN_DIGITS = 10


def mask_personal_numbers(text: str) -> str:
    """`text` with every personal identity number masked ("******-****"): for what
    leaves the bot (messages, cards, exported files), behind the guard on what comes in."""
    if len(text) < _MIN_DIGITS or sum(map(str.isdecimal, text)) < _MIN_DIGITS:
        return text
    for finding in sorted(find_personal_numbers(text), key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + finding.masked + text[finding.end :]
    return text


def contains_personal_number(text: str) -> bool:
    return bool(find_personal_numbers(text))


def ensure_no_personal_number(*texts: str | None) -> None:
    """Raise PersonalNumberFound if any of `texts` holds a personal identity number."""
    findings: list[PiiFinding] = []
    indexes: list[int] = []
    for index, text in enumerate(texts):
        if not text:
            continue
        found = find_personal_numbers(text)
        findings.extend(found)
        indexes.extend([index] * len(found))
    if findings:
        # Only the fact and the kinds: the number, and the text around it, stay out of logs.
        logger.info(
            "PII guard rejected text: %d hit(s), kinds=%s",
            len(findings),
            ",".join(sorted({f.kind for f in findings})),
        )
        raise PersonalNumberFound(tuple(findings), tuple(indexes))


def _normalise(text: str) -> tuple[str, list[int]]:
    """Normalised text plus, for each of its characters, the index it came from."""
    if text.isascii():
        # Nothing to fold except tabs; keeps the common case cheap.
        return text.replace("\t", " "), list(range(len(text)))
    folds = _one_to_one_folds()
    if folds.keys() >= set(map(ord, text)):
        # Every character folds to exactly one (Swedish letters, dashes, bullets, emoji):
        # the loop below would give the same text and offsets, far slower. Every card the
        # bot posts passes through here (bot/teams/echo_guard.py).
        return text.translate(folds), list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for index, raw in enumerate(text):
        # Per character rather than per string, so each output character keeps its origin;
        # digits, dashes and spaces do not compose with neighbours, so nothing is lost.
        for ch in unicodedata.normalize("NFKC", raw):
            folded = _fold(ch)
            if folded:
                out.append(folded)
                origin.append(index)
    return "".join(out), origin


# Where the text people and cards write lives: ASCII, Latin-1 and the Latin extensions
# (å, ä, ö, é, …), general punctuation, arrows and symbols (–, “, …, •, ✓), and emoji.
_COMMON_RANGES: Final = ((0x00, 0x2AF), (0x2000, 0x2BFF), (0x1F300, 0x1FAFF))


@cache
def _one_to_one_folds() -> dict[int, str]:
    """For the characters of `_COMMON_RANGES` that normalise and fold to exactly one
    character, that character (a `str.translate` table). Built on first use (some
    milliseconds), not at import, so that start-up does not pay for it."""
    table: dict[int, str] = {}
    for first, last in _COMMON_RANGES:
        for code in range(first, last + 1):
            folded = "".join(_fold(ch) for ch in unicodedata.normalize("NFKC", chr(code)))
            if len(folded) == 1:
                table[code] = folded
    return table


def _fold(ch: str) -> str:
    if ch.isascii():
        return " " if ch == "\t" else ch
    category = unicodedata.category(ch)
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if category == "Cf":
        return ""
    if ch in _DASHES:
        return "-"
    if ch.isspace() and ch not in _LINE_BREAKS:
        return " "
    return ch


def _valid_matches(pattern: re.Pattern[str], text: str) -> Iterator[tuple[re.Match[str], str]]:
    position = 0
    while match := pattern.search(text, position):
        kind = _classify(match)
        if kind is not None:
            yield match, kind
            position = match.end()
        else:
            # A rejected candidate may hide a valid one starting inside it.
            position = match.start() + 1


def _classify(match: re.Match[str]) -> str | None:
    """The kind of number `match` is, or None when date or check digit says it is none
    (the check digit only for the forms that do not carry the separator)."""
    century = match["century"]
    if century is not None and match["sep"] == "+":
        # "+" only makes sense in the 10-digit form, where the century is implied.
        return None
    yy, mm, dd = int(match["yy"]), int(match["mm"]), int(match["dd"])
    kind = KIND_PERSONNUMMER
    if dd > _SAMORDNING_DAY_OFFSET:
        kind = KIND_SAMORDNINGSNUMMER
        dd -= _SAMORDNING_DAY_OFFSET
    centuries = (int(century),) if century is not None else _CENTURIES
    if not any(_is_date(c * 100 + yy, mm, dd) for c in centuries):
        return None
    if _written_as_personal_number(match):
        return kind
    ten = match["yy"] + match["mm"] + match["dd"] + match["serial"] + match["check"]
    if not _luhn_valid(ten):
        return None
    return kind


def _written_as_personal_number(match: re.Match[str]) -> bool:
    """YYMMDD-NNNN or YYYYMMDD-NNNN with "-" or "+": the check digit does not decide."""
    return match.re is _COMPACT and match["sep"] is not None


def _is_date(year: int, month: int, day: int) -> bool:
    if year // 100 not in _CENTURIES:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = int(ch)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _mask(match: re.Match[str]) -> str:
    date_part = "*" * (8 if match["century"] is not None else 6)
    separator = "+" if match["sep"] == "+" else "-"
    return f"{date_part}{separator}****"
