"""Pull the useful parts out of a group's meeting minutes (minnesanteckningar).

Minutes arrive as text exported from Word, Outlook or a Markdown editor, written by many
different secretaries. Nothing about their layout is guaranteed, so this module reads
them with a handful of conventions that Swedish minutes share and degrades gracefully:
whatever it cannot recognise is left out rather than guessed. The result is a proposal a
person confirms before anything is stored, so a missed decision costs a click and a
wrongly invented one costs trust.

What is recognised:

- Layout from Word and PDF: sentences broken over line wraps and blank lines are rejoined
  when the line before the break ends without a full stop and the next starts in lower
  case, or a long line ends on a comma or a word no sentence ends on ("i", "och", "att");
  list markers are stripped ("•", "o ", "-", "–", "*", Symbol-font glyphs, "1)", "a)").
- Agenda items: numbered lines ("4. Budget", "4 Budget", "§ 4 Budget"), numbered or plain
  Markdown headings. A numbered line only counts when it continues the numbering (or
  repeats an item already listed in a "Dagordning"), so numbered lists inside an item do
  not become items. Minutes with no numbered item at all may have plain headings: a short
  line after a blank line, without a full stop or comma, over body text ("Representation",
  "Övriga frågor"). Inside numbered minutes such lines stay sub-headings.
- Decisions: paragraphs that start with "Beslut:", "Beslut;", "**Beslut:**",
  "Överenskommet:" (bulleted or not), "Beslutades att ...", "Gruppen beslutade att ...".
  A decision runs until its paragraph ends (blank line, next bullet, next item). A label
  alone on its line, or ending in ":", takes the following bullets as one decision each.
- Tasks (`actions`), outside the decisions, one sentence each: an owner at the start of
  the sentence followed by a task verb in the present tense or after "ska"/"kommer att"
  ("Marie skickar ...", "Lena Söderqvist Määttä tar med ...", "Samtliga ser över ...",
  "Alla kommuner skickar in ..."); a request ("samverkansgruppen ombeds ...", the clause
  from its subject); an exhortation without owner ("Uppmanar samtliga kommuner att ...").
  The task verbs are a closed list (minutes_vocabulary): narrative ("berättar",
  "informerar", "inleder", "diskuterar"), past tense ("skickade", "har kontaktat"),
  negations, questions and "vi"/"man"/"hon" sentences are never tasks. A deadline
  sentence right after a task in the same item ("Svar ska ha inkommit senast 7/2") gives
  that task its due date and is added to its text.
- Owners: names or role words and collectives ("Processledarna", "Ordförande",
  "Samtliga", "Ledamöterna") at the start of a sentence followed by an active verb; a
  passive sentence ("X föreslås ...") names no owner. Owners are kept as written; each
  gets a `PersonMatch` with the full names it may mean (dialogs/text/minutes_people.py):
  present people first, the group's other members (`known_people` and those marked
  absent) only when nobody present matches, several when ambiguous, the signer first,
  none for role words, collectives and people unknown to the group. An "Ansvarig: ..."
  label always names owners.
- Meeting date and place from the header (label lines "Datum:", "Tidpunkt", "Plats:",
  a title line such as "Minnesanteckningar 2022-01-24", or a date alone on a line under
  the title, "26 augusti 2025"); present and absent people from
  "Närvarande/Deltagare/Ledamöter/Ersättare/Övriga" and "Frånvarande/Ej närvarande/Anmält
  förhinder" sections; "X ersätter Y" marks Y as absent.
- Missing reports: "Saknas underlag från Gnesta, Trosa och Nyköping", "Underlag saknas
  från ...", "Arboga och Kungsör har inte skickat in ..." give the organisations as
  written.
- The signer, from the last lines: "/ Marie Håkansson", "Vid minnesanteckningarna,
  <name>" (the name on the same or a following line), "Antecknat av: <name>".
- Deadlines ("Svar ska ha inkommit senast måndag 7/2"), proposed meeting dates and the
  next meeting, with dates read by `dialogs.text.dates` relative to the meeting date.

Known limits: layout lost in export is lost here (struck-through names in a participant
table cannot be told from the others; tables become loose lines, so a name followed by a
place without a comma may keep the place when the name would exceed three words). A
sentence wrapped before a capitalised word after a short line, or after a word a
sentence can end on, is not rejoined. Tasks are read only at the start of a sentence, so
"X informerar och Y skickar ..." misses Y, and a task whose verb is not in the list is
missed; an in-meeting request ("deltagarna uppmanas att dela information") is taken as a
task although it was answered on the spot. A single capitalised word before a task verb
is taken as a name when nothing says otherwise, so an organisation ("Trosa skickar in
...") is an owner with no candidates. Extraction is pure: it never checks for personal
identity numbers; the caller does that before storing anything.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Final

from dialogs.text.dates import DateParseError, DateSpan, find_dates, find_deadline
from dialogs.text.list_markers import BULLET, LIST_NUMBER
from dialogs.text.minutes_people import candidates
from dialogs.text.minutes_vocabulary import (
    ABSENT_LABEL,
    CONTINUATION_WORDS,
    DATE_LABEL,
    DEADLINE_WORDS,
    DECISION_LABEL,
    DECISION_SENTENCE,
    HEADER_LABEL,
    LOWER,
    MEETING_WORDS,
    MISSING_FROM,
    MISSING_SUBJECT,
    MODALS,
    NEGATIONS,
    NEXT_MEETING,
    NOT_NAMES,
    NOT_VERBS,
    NOUN_ENDINGS,
    ORG_WORDS,
    ORGANISATION,
    PERSON,
    PLACE_LABEL,
    PRESENT_LABEL,
    PROPOSAL_WORDS,
    REPLACES,
    REQUESTED,
    RESPONSIBLE,
    ROLE,
    SIGNATURE_LABEL,
    SIGNATURE_SLASH,
    TASK_ADVERBS,
    TASK_INFINITIVE,
    TASK_MODALS,
    TASK_PRESENT,
    TITLE_WORD,
    TITLE_WORDS,
    UPPER,
    URGES,
)

# --- the public result ---------------------------------------------------------------


@dataclass(frozen=True)
class PersonMatch:
    """A name as written in the minutes and the full names it may mean, drawn from the
    meeting's attendance and the group's members. One match: unambiguous. Several (three
    Maries present): the reader must choose, never the parser. None: a person unknown to
    the group (kept as written)."""

    as_written: str
    matches: tuple[str, ...]


@dataclass(frozen=True)
class ExtractedDecision:
    """A decision ("Beslut: …") or, in `MinutesExtract.actions`, a task the minutes give
    someone without calling it a decision ("Marie skickar …", "Samtliga ser över …")."""

    item: str | None
    text: str
    owners: tuple[str, ...]
    due: date | None
    people: tuple[PersonMatch, ...] = ()


@dataclass(frozen=True)
class ExtractedDeadline:
    text: str
    date: date


@dataclass(frozen=True)
class MinutesExtract:
    meeting_date: date | None
    place: str | None
    present: tuple[str, ...]
    absent: tuple[str, ...]
    agenda_items: tuple[str, ...]
    decisions: tuple[ExtractedDecision, ...]
    deadlines: tuple[ExtractedDeadline, ...]
    proposed_dates: tuple[date, ...]
    next_meeting: date | datetime | None
    actions: tuple[ExtractedDecision, ...] = ()
    # Organisations the minutes say have not reported ("Saknas underlag från Gnesta …").
    missing_reports: tuple[str, ...] = ()
    # Who signed the minutes ("/ Marie Håkansson", "Vid minnesanteckningarna, X").
    signer: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "meeting": {
                "date": _iso(self.meeting_date),
                "place": self.place,
                "present": list(self.present),
                "absent": list(self.absent),
            },
            "decisions": [_item_json(decision) for decision in self.decisions],
            "actions": [_item_json(action) for action in self.actions],
            "deadlines": [
                {"text": deadline.text, "date": deadline.date.isoformat()}
                for deadline in self.deadlines
            ],
            "missing_reports": list(self.missing_reports),
            "proposed_dates": [day.isoformat() for day in self.proposed_dates],
            "next_meeting": _iso(self.next_meeting),
            "signer": self.signer,
        }


def _item_json(item: ExtractedDecision) -> dict[str, Any]:
    return {
        "item": item.item,
        "text": item.text,
        "owners": list(item.owners),
        "people": [
            {"as_written": person.as_written, "matches": list(person.matches)}
            for person in item.people
        ],
        "due": _iso(item.due),
    }


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


# --- layout --------------------------------------------------------------------------
# The words the parser looks for are in dialogs/text/minutes_vocabulary.py; what is left
# here is the shape of lines and the limits of the heuristics.

# Bullets and list numbers are shared with the questionnaire syntax (dialogs/text/list_markers.py).
_BULLET: Final = BULLET
# A numbered line that is not an agenda item is a list entry: "1) Kartläggning".
_LIST_NUMBER: Final = LIST_NUMBER
_HEADING: Final = re.compile(r"^#{1,6}\s+")
_INVISIBLE_SPACE: Final = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACES: Final = re.compile(r"\s+")

_ITEM: Final = re.compile(
    r"^(?P<para>§\s*)?(?P<number>\d{1,2})(?P<dot>[.):])?\s+(?P<title>[^\W\d_].*)$"
)
_SENTENCE_BREAK: Final = re.compile(rf"(?<=[.!?])\s+(?=[{UPPER}\"”])|\s{{2,}}(?=[{UPPER}])")
_ITEM_NUMBER: Final = re.compile(r"(?:§\s*)?\d{1,2}[.)]")

# A wrapped bullet continues on the next line only when the bullet was long enough to
# have been wrapped; a short bullet followed by a capitalised line is a new sentence.
_WRAPPED_LINE_LENGTH: Final = 40
# Participant sections end at prose; no participant line in real minutes is this long.
_MAX_PARTICIPANT_LINE_WORDS: Final = 12
_MAX_ITEM_TITLE: Final = 120
_MAX_FIRST_ITEM_NUMBER: Final = 3
_TITLE_LINES: Final = 2


# --- lines ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    raw: str  # cleaned, inner spacing kept: runs of spaces mark lost columns and breaks
    bullet: bool
    heading: bool

    @property
    def text(self) -> str:
        return _SPACES.sub(" ", self.raw).strip()

    @property
    def blank(self) -> bool:
        return not self.raw


def _clean_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    for physical in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = "".join(ch for ch in physical if unicodedata.category(ch) != "Cf")
        line = _INVISIBLE_SPACE.sub(" ", line).strip()
        heading = bool(_HEADING.match(line))
        if heading:
            line = _HEADING.sub("", line).rstrip("#").strip()
        bullet = False
        if match := _BULLET.match(line):
            bullet = True
            line = line[match.end() :]
        # Markdown emphasis carries no meaning here; "**Beslut:**" is "Beslut:".
        line = line.replace("**", "").replace("__", "").replace("*", "").strip()
        previous = lines[-1] if lines else None
        if previous is not None and _BROKEN_RANGE.search(previous.raw) and line[:1].isdigit():
            # A PDF wraps "period 1/1-" / "31/12 2021": one range, one line again.
            lines[-1] = replace(previous, raw=previous.raw + line)
            continue
        lines.append(_Line(raw=line, bullet=bullet, heading=heading))
    return lines


# A line that stops inside a range of numbers or dates ("1/1-", "9–").
_BROKEN_RANGE = re.compile(r"\d\s?[-–]$")


def _rejoin(lines: Sequence[_Line]) -> list[_Line]:
    """Drop the blank lines that Word and PDF exports put inside a sentence.

    A sentence is taken to go on across blank lines when the line before them ends
    without a full stop and the line after them starts in lower case ("... bör gruppen
    ändå ses," / "det finns alltid ..."), or when a long, wrapped line ends on a comma or
    a word no sentence ends on ("... respektive samordnare i" / "VITS-grupperna ...").
    Items, bullets, headings and labels always start something new.
    """
    result: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.blank and result and not result[-1].blank:
            following = index
            while following < len(lines) and lines[following].blank:
                following += 1
            if following < len(lines) and _broken_across(result[-1], lines[following]):
                index = following
                continue
        result.append(line)
        index += 1
    return result


def _broken_across(before: _Line, after: _Line) -> bool:
    end, start = before.text, after.text
    if end[-1] in ".!?:;" or after.bullet or after.heading:
        return False
    if _ITEM.match(start) or DECISION_LABEL.match(start) or _starts_section(start):
        return False
    if start[0].islower():
        return True
    last_word = end.split()[-1].casefold()
    return len(end) >= _WRAPPED_LINE_LENGTH and (
        end.endswith(",") or last_word in CONTINUATION_WORDS
    )


def _starts_section(text: str) -> bool:
    return bool(
        PRESENT_LABEL.match(text)
        or ABSENT_LABEL.match(text)
        or HEADER_LABEL.match(text)
        or TITLE_WORDS.search(text)
    )


def _mark_lists(lines: Sequence[_Line], items: dict[int, str]) -> list[_Line]:
    """Numbered lines that are not agenda items are list entries: bullets, number off."""
    marked = list(lines)
    for index, line in enumerate(lines):
        if index in items or line.heading or line.bullet:
            continue
        if match := _LIST_NUMBER.match(line.raw):
            marked[index] = _Line(raw=line.raw[match.end() :], bullet=True, heading=False)
    return marked


# --- agenda items --------------------------------------------------------------------


def _find_items(lines: Sequence[_Line]) -> dict[int, str]:
    """Line index -> agenda item label, in document order."""
    items: dict[int, str] = {}
    titles: set[str] = set()
    previous: int | None = None
    # A numbered line that is not an item starts a list inside an item; the lines numbered
    # right under it belong to that list even when their numbers happen to fit.
    in_list = False
    for index, line in enumerate(lines):
        if line.blank or line.bullet:
            in_list = False
            continue
        match = _ITEM.match(line.text)
        if line.heading:
            if _is_meta_heading(line.text):
                continue
            items[index] = _item_label(match) if match else line.text.rstrip(":")
            if match:
                previous = int(match["number"])
            titles.add(items[index].casefold())
            continue
        if match is None or not _plausible_item(match):
            in_list = False
            continue
        number = int(match["number"])
        label = _item_label(match)
        if label.casefold() in titles:
            # The same item again: the earlier one was the agenda listing.
            items[index] = label
            previous = number
        elif not in_list and _continues_numbering(
            previous, number, paragraph_sign=bool(match["para"])
        ):
            items[index] = label
            titles.add(label.casefold())
            previous = number
        else:
            in_list = True
    return items


def _plausible_item(match: re.Match[str]) -> bool:
    title = match["title"].strip()
    if len(title) > _MAX_ITEM_TITLE:
        return False
    # "7 maj kommer ..." is prose; an undotted item title starts with a capital.
    return bool(match["dot"] or match["para"] or title[0].isupper())


def _continues_numbering(previous: int | None, number: int, *, paragraph_sign: bool) -> bool:
    if previous is None:
        # Paragraph numbering (§ 23) runs on over a whole year; plain numbering starts low.
        return paragraph_sign or number <= _MAX_FIRST_ITEM_NUMBER
    return number in (previous + 1, previous + 2)


def _item_label(match: re.Match[str]) -> str:
    title = _SPACES.sub(" ", match["title"]).strip().rstrip(":").strip()
    if match["para"]:
        return f"§ {match['number']} {title}"
    return f"{match['number']}. {title}"


def _is_meta_heading(text: str) -> bool:
    return bool(
        TITLE_WORDS.search(text)
        or PRESENT_LABEL.match(text)
        or ABSENT_LABEL.match(text)
        or DECISION_LABEL.match(text)
    )


# A plain-text heading: a short line on its own, without a full stop, over body text.
_MAX_PLAIN_HEADING: Final = 60
_MAX_PLAIN_HEADING_WORDS: Final = 8
_BODY_WORDS: Final = 6


def _plain_headings(lines: Sequence[_Line]) -> dict[int, str]:
    """Agenda items in minutes without numbers or markup ("Representation", "Övriga
    frågor"). Only used when nothing numbered was found: inside numbered items, such
    lines are sub-headings and the numbered item stays the better label."""
    items: dict[int, str] = {}
    for index, line in enumerate(lines):
        if line.blank or line.bullet or (index > 0 and not lines[index - 1].blank):
            continue
        following = _next_text(lines, index + 1)
        if following is not None and _is_plain_heading(line.text, following):
            items[index] = line.text
    return items


def _next_text(lines: Sequence[_Line], index: int) -> _Line | None:
    while index < len(lines):
        if not lines[index].blank:
            return lines[index]
        index += 1
    return None


def _is_plain_heading(text: str, following: _Line) -> bool:
    words = text.split()
    if len(text) > _MAX_PLAIN_HEADING or len(words) > _MAX_PLAIN_HEADING_WORDS:
        return False
    if not text[0].isupper() or text[-1] in ".,;:!?" or "," in text:
        return False
    if _is_meta_heading(text) or _starts_section(text) or DATE_LABEL.match(text):
        return False
    if PLACE_LABEL.match(text) or _is_date_line(text) or SIGNATURE_SLASH.match(text):
        return False
    if SIGNATURE_LABEL.match(text) or _is_name_line(text):
        return False
    body = following.text
    return following.bullet or len(body.split()) >= _BODY_WORDS or body[-1] in ".!?"


def _is_name_line(text: str) -> bool:
    match = PERSON.fullmatch(text)
    return match is not None and len(text.split()) >= 2


# --- header: date, place, people -------------------------------------------------------


def _header_end(lines: Sequence[_Line], items: dict[int, str]) -> int:
    return min(items) if items else len(lines)


def _meeting_date(header: Sequence[_Line], reference: date) -> date | None:
    labelled = [m["value"] for line in header if (m := DATE_LABEL.match(line.text))]
    titled = [line.text for line in header if TITLE_WORDS.search(line.text)]
    # A title without the usual words ("Styrgruppsmöte 2023-03-14") is still a title when
    # it opens the document.
    opening = [line.text for line in header if not line.blank][:_TITLE_LINES]
    # A date alone on its line under the title ("26 augusti 2025").
    alone = [
        line.text
        for line in header[:_DATE_LINE_WITHIN]
        if not line.blank and _is_date_line(line.text)
    ]
    for candidate in (*labelled, *titled, *alone, *opening):
        spans = _dates_in(candidate, reference)
        if spans:
            return spans[0].day
    return None


_DATE_LINE: Final = re.compile(
    r"^(?:(?:mån|tis|ons|tors|fre|lör|sön)dag(?:en)?\s+)?(?:den\s+)?\d", re.IGNORECASE
)
_MAX_DATE_LINE_WORDS: Final = 8
_DATE_LINE_WITHIN: Final = 15


def _is_date_line(text: str) -> bool:
    if not _DATE_LINE.match(text) or len(text.split()) > _MAX_DATE_LINE_WORDS:
        return False
    return bool(_dates_in(text, date(2000, 1, 1)))


def _place(header: Sequence[_Line]) -> str | None:
    for line in header:
        if match := PLACE_LABEL.match(line.text):
            return match["value"].strip()
    return None


def _participants(
    header: Sequence[_Line], known: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    present: list[str] = []
    absent: list[str] = []
    target: list[str] | None = None
    for line in header:
        if line.blank:
            continue
        text = line.raw
        if match := ABSENT_LABEL.match(text):
            target, text = absent, text[match.end() :]
        elif match := PRESENT_LABEL.match(text):
            target, text = present, text[match.end() :]
        elif _ends_participants(line):
            target = None
            continue
        if target is None:
            continue
        absent.extend(replaced["name"] for replaced in REPLACES.finditer(text))
        target.extend(_names_in_line(REPLACES.sub("", text), known))
    absent_keys = {name.casefold() for name in absent}
    return (
        _unique(name for name in present if name.casefold() not in absent_keys),
        _unique(absent),
    )


def _ends_participants(line: _Line) -> bool:
    return bool(
        line.heading
        or TITLE_WORDS.search(line.text)
        or HEADER_LABEL.match(line.text)
        or len(line.text.split()) > _MAX_PARTICIPANT_LINE_WORDS
    )


def _names_in_line(text: str, known: Sequence[str]) -> list[str]:
    # Parentheses hold parties, units and remarks ("(C)", "(ordförande)"), and quotes hold
    # nicknames; an unclosed parenthesis runs to the end of the exported line.
    text = re.sub(r"\([^)]*\)?", ",", text)
    text = re.sub(r"\s?[\"“”„][^\"“”„]*[\"“”]", "", text)
    names: list[str] = []
    # "|" separates the cells of a Word table row (minutes_files), as in the participant
    # table of a minutes draft: "Trosa kommun | Carolina Wolper | ersätter Malin".
    for segment in re.split(r",|;|\||\s{2,}|\s+(?:och|samt|&)\s+|\s+[-–]\s+|/", text):
        name = _person_at(segment.strip(), known)
        if name:
            names.append(name)
    return names


def _person_at(segment: str, known: Sequence[str]) -> str | None:
    """The person a participant segment starts with, or None for places, units, notes."""
    for person in sorted(known, key=len, reverse=True):
        if re.match(rf"{re.escape(person)}\b", segment, re.IGNORECASE):
            return person
    match = PERSON.match(segment)
    if match is None:
        return None
    words = match.group(0).split()
    capitalised = [word for word in words if word[0].isupper()]
    if len(capitalised) < 2:
        return None
    if words[0].casefold() in NOT_NAMES or TITLE_WORD.search(words[0]):
        return None
    if any(ORG_WORDS.search(word) for word in words):
        return None
    return " ".join(words)


# --- paragraphs and sentences ----------------------------------------------------------


@dataclass(frozen=True)
class _Segment:
    """A run of text that sentences never cross: a paragraph, or one bullet of a list."""

    start: int  # line index
    text: str  # joined lines, inner spacing kept
    bullet: bool


def _segments(lines: Sequence[_Line], items: dict[int, str]) -> list[_Segment]:
    segments: list[_Segment] = []
    current: list[str] = []
    start = 0
    bullet = False

    def flush() -> None:
        if current:
            segments.append(_Segment(start, " ".join(current), bullet))
            current.clear()

    for index, line in enumerate(lines):
        structural = line.heading or index in items
        starts_new = (
            line.blank
            or structural
            or line.bullet
            or bool(DECISION_LABEL.match(line.text))
            or (bullet and not _continues_bullet(lines[index - 1], line))
        )
        if starts_new:
            flush()
        if line.blank:
            bullet = False
            continue
        if not current:
            start, bullet = index, line.bullet
        current.append(line.raw)
        if structural:
            flush()
    flush()
    return segments


def _continues_bullet(previous: _Line, line: _Line) -> bool:
    if line.raw[:1].islower():
        return True
    return len(previous.text) >= _WRAPPED_LINE_LENGTH and previous.text[-1:] not in ".!?:"


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for part in _SENTENCE_BREAK.split(text):
        part = _SPACES.sub(" ", part).strip()
        if not part:
            continue
        if sentences and _ITEM_NUMBER.fullmatch(sentences[-1]):
            # "4. Budget" is one heading, not the sentence "4." and the sentence "Budget".
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return sentences


def _strip_decision_label(text: str) -> str:
    match = DECISION_LABEL.match(text.strip())
    return match["rest"] if match else text


# --- decisions -----------------------------------------------------------------------


@dataclass(frozen=True)
class _People:
    known: tuple[str, ...]  # from the caller: canonical full names
    seen: frozenset[str]  # first names and full names from the participant list


def _decisions(
    lines: Sequence[_Line],
    items: dict[int, str],
    people: _People,
    reference: date,
    taken: set[int],
) -> list[ExtractedDecision]:
    """The decisions, in order; the lines they were read from are added to `taken`."""
    decisions: list[ExtractedDecision] = []
    item: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if index in items:
            item = items[index]
        label = DECISION_LABEL.match(line.text)
        sentence = None if label else DECISION_SENTENCE.match(line.text)
        if label is None and sentence is None:
            index += 1
            continue
        rest = label["rest"].strip() if label else line.text
        first = index
        if label and (not rest or rest.endswith(":")):
            bodies, index = _listed_decisions(lines, items, index + 1)
            if not bodies and rest:
                bodies = [rest]
        else:
            body, index = _paragraph_from(lines, items, index + 1, rest)
            bodies = [body]
        taken.update(range(first, max(index, first + 1)))
        for body in bodies:
            # "Beslutades att Processledarna tar fram ...": the owner follows the "att".
            said = DECISION_SENTENCE.match(body)
            acting = said["rest"] if said else body
            decisions.append(_decision(item, body, acting, people, reference))
    return decisions


def _paragraph_from(
    lines: Sequence[_Line], items: dict[int, str], index: int, first: str
) -> tuple[str, int]:
    parts = [first]
    while index < len(lines) and not _ends_decision(lines[index], index, items):
        parts.append(lines[index].raw)
        index += 1
    return _SPACES.sub(" ", " ".join(parts)).strip(), index


def _listed_decisions(
    lines: Sequence[_Line], items: dict[int, str], index: int
) -> tuple[list[str], int]:
    # The decisions may sit one blank line below a label that stands alone.
    while index < len(lines) and lines[index].blank:
        index += 1
    bodies: list[str] = []
    if index < len(lines) and not lines[index].bullet:
        if _ends_decision(lines[index], index, items, first=True):
            return bodies, index
        body, index = _paragraph_from(lines, items, index + 1, lines[index].raw)
        return [body], index
    while index < len(lines) and lines[index].bullet and index not in items:
        body, index = _paragraph_from(lines, items, index + 1, lines[index].raw)
        bodies.append(body)
    return bodies, index


def _ends_decision(line: _Line, index: int, items: dict[int, str], *, first: bool = False) -> bool:
    return (
        line.blank
        or (line.bullet and not first)
        or line.heading
        or index in items
        or bool(DECISION_LABEL.match(line.text))
    )


def _decision(
    item: str | None, body: str, acting: str, people: _People, reference: date
) -> ExtractedDecision:
    owners: list[str] = []
    for sentence in _sentences(acting):
        owners.extend(_owners_of(sentence, people))
    for responsible in RESPONSIBLE.finditer(body):
        for part in re.split(r",|\s+och\s+|&", responsible["names"]):
            if part.strip():
                owners.append(part.strip())
    return ExtractedDecision(
        item=item, text=body, owners=_unique(owners), due=_deadline_in(body, reference)
    )


def _owners_of(sentence: str, people: _People) -> list[str]:
    """Owners named at the start of `sentence`, when the sentence says they act."""
    owners, rest = _named_at_start(sentence, people)
    verb = re.match(rf"\s+([{LOWER}]+)\b", rest)
    if not owners or verb is None:
        return []
    word = verb.group(1)
    acts = word in MODALS or (word.endswith("r") and word not in NOT_VERBS)
    return owners if acts else []


def _named_at_start(sentence: str, people: _People) -> tuple[list[str], str]:
    """The owners a sentence opens with ("Helena och Omar ...") and the text after them."""
    rest = re.sub(r"^(?:att\s+)", "", sentence, flags=re.IGNORECASE)
    owners: list[str] = []
    while True:
        found = _owner_at(rest, people)
        if found is None:
            return [], sentence
        name, end = found
        owners.append(name)
        rest = rest[end:]
        separator = re.match(r"\s*(?:,|och|samt|&)\s+", rest)
        if separator is None:
            return owners, rest
        rest = rest[separator.end() :]


def _owner_at(text: str, people: _People) -> tuple[str, int] | None:
    if role := ROLE.match(text):
        # "Ordförande Barbro Larsson informerar": the name is the better owner.
        tail = text[role.end() :]
        named = _person_owner_at(tail.lstrip(), people) if tail[:1].isspace() else None
        if named is not None:
            return named[0], len(text) - len(tail.lstrip()) + named[1]
        return _capitalise(role.group(0)), role.end()
    return _person_owner_at(text, people)


def _person_owner_at(text: str, people: _People) -> tuple[str, int] | None:
    # Owners are kept as written; `PersonMatch` says whom they may mean.
    for person in sorted(people.known, key=len, reverse=True):
        if match := re.match(rf"{re.escape(person)}\b", text, re.IGNORECASE):
            return _SPACES.sub(" ", match.group(0)), match.end()
    match = PERSON.match(text)
    if match is None:
        return None
    words = match.group(0).split()
    if not _looks_like_person(words, people):
        return None
    return " ".join(words), match.end()


def _looks_like_person(words: Sequence[str], people: _People) -> bool:
    first = words[0]
    if first.casefold() in people.seen or " ".join(words).casefold() in people.seen:
        return True
    if first.casefold() in NOT_NAMES:
        return False
    return not first.casefold().endswith(NOUN_ENDINGS)


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


# --- tasks ---------------------------------------------------------------------------
# Tasks are read sentence by sentence from the body, outside the decisions: an owner at
# the start and a task verb right after it (see minutes_vocabulary), a request
# ("samverkansgruppen ombeds ..."), or an exhortation ("Uppmanar samtliga kommuner att
# ..."). Questions are never tasks.

# "The subject of 'ombeds'" is the few words before it in its clause; a longer run is a
# sentence the rule does not understand.
_MAX_SUBJECT_WORDS: Final = 4
_CLAUSE_START: Final = re.compile(r"(?:^|[,;:]\s+|\s(?:och|samt|men|medan|så|då)\s+)")
_TASK_WORD_LOOKAHEAD: Final = 4


@dataclass
class _Task:
    item: str | None
    text: str
    owners: tuple[str, ...]
    due: date | None
    segment: int


def _actions(
    segments: Sequence[_Segment],
    items: dict[int, str],
    people: _People,
    reference: date,
    taken: set[int],
    decisions: Sequence[ExtractedDecision],
) -> list[ExtractedDecision]:
    decided = [_SPACES.sub(" ", decision.text).casefold() for decision in decisions]
    starts = sorted(items)
    tasks: list[_Task] = []
    for position, segment in enumerate(segments):
        if segment.start in taken or segment.start in items:
            continue
        item = _item_at(segment.start, starts, items)
        for sentence in _sentences(segment.text):
            if sentence.endswith("?") or any(sentence.casefold() in text for text in decided):
                continue
            found = _task_in(sentence, people)
            if found is not None:
                owners, text = found
                due = _deadline_in(text, reference)
                tasks.append(_Task(item, text, owners, due, position))
                continue
            # "Svar ska ha inkommit senast måndag 7/2" after a task gives that task's date.
            last = tasks[-1] if tasks else None
            if (
                last is not None
                and last.due is None
                and last.item == item
                and position - last.segment <= 1
                and DEADLINE_WORDS.search(sentence)
                and (due := _deadline_in(sentence, reference)) is not None
            ):
                last.due = due
                last.text = f"{last.text} {sentence}"
    return [
        ExtractedDecision(item=task.item, text=task.text, owners=task.owners, due=task.due)
        for task in tasks
    ]


def _item_at(index: int, starts: Sequence[int], items: dict[int, str]) -> str | None:
    position = bisect_right(starts, index)
    return items[starts[position - 1]] if position else None


def _task_in(sentence: str, people: _People) -> tuple[tuple[str, ...], str] | None:
    """(owners as written, task text) when `sentence` gives someone something to do."""
    if URGES.match(sentence):
        return (), sentence
    owners, rest = _named_at_start(sentence, people)
    if owners and _starts_task(rest):
        return _unique(owners), sentence
    if request := REQUESTED.search(sentence):
        before = sentence[: request.start()]
        clause = list(_CLAUSE_START.finditer(before))[-1].end()
        subject = before[clause:].strip()
        words = subject.split()
        if words and len(words) <= _MAX_SUBJECT_WORDS and words[0].casefold() not in NEGATIONS:
            return (subject,), sentence[clause:]
    return None


def _starts_task(rest: str) -> bool:
    """Whether the words after an owner are a task verb ("skickar", "ska skicka", "tar
    med", "stämmer av"), not a report ("berättar", "informerar") or a negation."""
    words = [word.strip(',.;:!?()"”').casefold() for word in rest.split()[:12]]
    index = _skip_adverbs(words, 0)
    table = TASK_PRESENT
    for modal in TASK_MODALS:
        if tuple(words[index : index + len(modal)]) == modal:
            index = _skip_adverbs(words, index + len(modal))
            table = TASK_INFINITIVE
            break
    if index >= len(words) or words[index] in NEGATIONS or words[index] not in table:
        return False
    particles = table[words[index]]
    after = words[index + 1 : index + 1 + _TASK_WORD_LOOKAHEAD]
    if any(word in NEGATIONS for word in after):
        return False
    return not particles or any(word in particles for word in after)


def _skip_adverbs(words: Sequence[str], index: int) -> int:
    while index < len(words) and words[index] in TASK_ADVERBS:
        index += 1
    return index


# --- missing reports and the signature -----------------------------------------------


def _missing_reports(segments: Sequence[_Segment]) -> list[str]:
    missing: list[str] = []
    for segment in segments:
        for sentence in _sentences(segment.text):
            match = MISSING_FROM.search(sentence) or MISSING_SUBJECT.match(sentence)
            if match is not None:
                missing.extend(_organisations(match["orgs"]))
    return list(_unique(missing))


def _organisations(text: str) -> list[str]:
    names: list[str] = []
    for part in re.split(r",|;|\s+(?:och|samt|&|eller)\s+", text.rstrip(" .")):
        match = ORGANISATION.match(part.strip())
        if match is None:
            break
        names.append(match.group(0))
    return names


# The signature sits in the last lines of the minutes.
_SIGNATURE_LINES: Final = 6


def _signer(lines: Sequence[_Line], present: Sequence[str]) -> str | None:
    tail = [line.text for line in lines if not line.blank][-_SIGNATURE_LINES:]
    for position, text in enumerate(tail):
        if match := SIGNATURE_SLASH.match(text):
            return _as_present(match["name"], present)
        if match := SIGNATURE_LABEL.match(text):
            following = [match["rest"], *tail[position + 1 :]]
            for candidate in following:
                if name := PERSON.match(candidate.strip()):
                    return _as_present(name.group(0), present)
    return None


def _as_present(name: str, present: Sequence[str]) -> str:
    for person in present:
        if person.casefold() == name.casefold():
            return person
    return name


# --- owners to people ----------------------------------------------------------------


def _with_people(
    entries: Iterable[ExtractedDecision],
    present: Sequence[str],
    members: Sequence[str],
    signer: str | None,
) -> tuple[ExtractedDecision, ...]:
    resolved: list[ExtractedDecision] = []
    for entry in entries:
        people = tuple(
            PersonMatch(
                as_written=owner,
                matches=()
                if ROLE.fullmatch(owner) or not owner[:1].isupper()
                else candidates(owner, present=present, members=members, signer=signer),
            )
            for owner in entry.owners
        )
        resolved.append(replace(entry, people=people))
    return tuple(resolved)


# --- dates in prose --------------------------------------------------------------------


def _dates_in(text: str, reference: date) -> list[DateSpan]:
    try:
        return find_dates(text, today=reference)
    except DateParseError:
        # An impossible date in prose ("30/2") is the writer's slip, not a reason to
        # lose the rest of the minutes.
        return []


def _deadline_in(text: str, reference: date) -> date | None:
    try:
        return find_deadline(text, today=reference)
    except DateParseError:
        return None


def _deadlines(segments: Sequence[_Segment], reference: date) -> list[ExtractedDeadline]:
    deadlines: list[ExtractedDeadline] = []
    seen: set[tuple[str, date]] = set()
    for segment in segments:
        for sentence in _sentences(_strip_decision_label(segment.text)):
            if not DEADLINE_WORDS.search(sentence):
                continue
            day = _deadline_in(sentence, reference)
            if day is not None and (sentence, day) not in seen:
                seen.add((sentence, day))
                deadlines.append(ExtractedDeadline(text=sentence, date=day))
    return deadlines


def _proposed_dates(segments: Sequence[_Segment], reference: date) -> list[date]:
    days: list[date] = []
    for position, segment in enumerate(segments):
        for sentence in _sentences(segment.text):
            if not (PROPOSAL_WORDS.search(sentence) and MEETING_WORDS.search(sentence)):
                continue
            if NEXT_MEETING.match(sentence):
                continue
            spans = _dates_in(sentence, reference)
            if not spans and sentence.endswith(":"):
                # "Följande datum föreslås:" followed by a list, one date per bullet.
                for following in segments[position + 1 :]:
                    if not following.bullet:
                        break
                    spans.extend(_dates_in(following.text, reference))
            days.extend(span.day for span in spans)
    return list(dict.fromkeys(days))


def _next_meeting(
    segments: Sequence[_Segment], lines: Sequence[_Line], items: dict[int, str], reference: date
) -> date | datetime | None:
    for position, segment in enumerate(segments):
        is_title = segment.start in items or lines[segment.start].heading
        if is_title:
            match = _ITEM.match(segment.text.strip())
            candidates = [match["title"] if match else segment.text]
        else:
            candidates = _sentences(segment.text)
        for sentence in candidates:
            if not NEXT_MEETING.match(sentence.strip()):
                continue
            spans = _dates_in(sentence, reference)
            if not spans and is_title:
                # An item called "Nästa möte": the date is in the text under it.
                following = segments[position + 1 : position + 2]
                if following and following[0].start not in items:
                    spans = _dates_in(_sentences(following[0].text)[0], reference)
            if spans:
                return spans[0].start
    return None


# --- the extraction ------------------------------------------------------------------


def extract_minutes(
    text: str, *, today: date | None = None, known_people: Sequence[str] = ()
) -> MinutesExtract:
    """Read `text` (one set of minutes) into a structured, reviewable proposal.

    `today` anchors dates written without a year in the header; everything after the
    header is read relative to the meeting date, because "7/2" in minutes from January
    means the coming February. `known_people` are the group's members, full names.
    """
    fallback = today or date.today()
    known = tuple(_SPACES.sub(" ", person).strip() for person in known_people if person.strip())
    lines = _rejoin(_clean_lines(text))
    items = _find_items(lines) or _plain_headings(lines)
    lines = _mark_lists(lines, items)
    header = lines[: _header_end(lines, items)]
    meeting_date = _meeting_date(header, fallback)
    reference = meeting_date or fallback
    present, absent = _participants(header, known)
    seen = {
        key
        for name in (*present, *absent, *known)
        for key in (name.casefold(), name.split()[0].casefold())
    }
    people = _People(known=known, seen=frozenset(seen))
    body_segments = _segments(lines, items)
    taken: set[int] = set()
    decisions = _decisions(lines, items, people, reference, taken)
    actions = _actions(body_segments, items, people, reference, taken, decisions)
    signer = _signer(lines, present)
    members = (*known, *absent)
    return MinutesExtract(
        meeting_date=meeting_date,
        place=_place(header),
        present=present,
        absent=absent,
        agenda_items=_unique(items.values()),
        decisions=_with_people(decisions, present, members, signer),
        deadlines=tuple(_deadlines(body_segments, reference)),
        proposed_dates=tuple(_proposed_dates(body_segments, reference)),
        next_meeting=_next_meeting(body_segments, lines, items, reference),
        actions=_with_people(actions, present, members, signer),
        missing_reports=tuple(_missing_reports(body_segments)),
        signer=signer,
    )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    result: list[str] = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            result.append(value)
    return tuple(result)
