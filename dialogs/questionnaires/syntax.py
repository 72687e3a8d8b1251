"""The pasted-list syntax of `enkät ny`: one question per line, a few optional markers.

    enkät ny
    Titel: Uppföljning implementering HT
    Intro: Svara för hela er organisation.
    Deadline: 30/9
    Till: Gnesta kommun, Trosa kommun          (default: all the group's organisations)
    1. Hur ser er implementeringsplan ut?
    2. Barnets bästa-ansvarig
       - Finns en utsedd ansvarig? [ja/nej]
       - Hur många chefer har informerats? [tal] (valfri) -- ungefär räcker
    3. Hur långt har ni kommit med Barnets bästa-hjulet? [skala]
    4. Vilka har fått information? [flerval: Chefer | Medarbetare | Politiker]
    5. Vem äger frågan? [val: Socialtjänsten | Skolan | Båda]

- Every line is a question: free text and required unless marked. Markers (Swedish or
  English) anywhere on the line: `[ja/nej]`, `[tal]`, `[skala]` (1–5), `[val: A | B]`,
  `[flerval: A | B]`, `[fritext]`; `(valfri)` makes it optional; text after ` -- ` is the
  help text shown under the question. Leading numbering ("1.", "2)") and list bullets
  as Word, PDF and Outlook leave them ("•", "o ", "-", "–", "*", Wingdings glyphs; the
  same patterns the minutes reader uses, dialogs/text/list_markers.py) are dropped, from
  questions and from the options of `[val: …]`.
- A sub-question is an indented line, or one starting with a bullet or a letter ("a)"),
  under a main question; sub-questions are numbered 2a, 2b. When the first question
  has a bullet, lines with that bullet are main questions and another bullet (Word's
  second level "o " under "•") or indentation makes a sub-question. A main question
  with sub-questions and no type marker of its own is a heading (not answered).
- `Titel:`, `Intro:`, `Deadline:` and `Till:` lines are settings, not questions.

Teams may deliver a pasted message as a single line. Then the text is split where a
question evidently ends: before numbering that counts 1, 2, 3…, before the setting
labels, after "?" (unless a marker or help text follows), after a closing marker that is
followed by a capital letter, and before " - " bullets; an `Intro:` ends at its first
full stop; `Titel:`, `Till:` and a help text end at a full stop or before a word that
starts a question ("Hur", "Vad", "Finns", "Antal" …). Line breaks (or the form card) give
the exact structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from dialogs.text.list_markers import BULLET, strip_list_marker
from storage.questionnaires.models import QuestionKind
from storage.questionnaires.operations import NewQuestion

MAX_QUESTIONS = 40
MAX_QUESTION_LENGTH = 500
MAX_HELP_LENGTH = 300
MAX_TITLE_LENGTH = 200
MAX_INTRO_LENGTH = 2000
MAX_OPTIONS = 12
MAX_OPTION_LENGTH = 100


class QuestionnaireSyntaxError(ValueError):
    """`code` picks the user-facing message; `line` is 1-based when it points at one."""

    def __init__(self, code: str, line: int = 0, marker: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.marker = marker


@dataclass(frozen=True)
class ParsedQuestionnaire:
    title: str | None = None
    intro: str | None = None
    deadline_text: str | None = None
    target_names: tuple[str, ...] = ()
    questions: tuple[NewQuestion, ...] = field(default=())


_SETTING = re.compile(
    r"^(?P<key>titel|title|rubrik|intro|inledning|introduction|deadline|sista svarsdag|"
    r"svar senast|svara senast|till|to|mottagare)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_SETTING_KEYS = {
    "titel": "title",
    "title": "title",
    "rubrik": "title",
    "intro": "intro",
    "inledning": "intro",
    "introduction": "intro",
    "deadline": "deadline",
    "sista svarsdag": "deadline",
    "svar senast": "deadline",
    "svara senast": "deadline",
    "till": "targets",
    "to": "targets",
    "mottagare": "targets",
}
_NUMBERING = re.compile(r"^\d{1,2}\s*[.)]\s+")
_SUB_PREFIX = re.compile(r"^(?:[-–•*]\s+|[a-zåäö][.)]\s+)", re.IGNORECASE)
_MARKER = re.compile(r"\[(?P<body>[^\[\]]{1,1200})\]")
_OPTIONAL = re.compile(r"\((?:valfri|valfritt|frivillig|frivilligt|optional)\)", re.IGNORECASE)
_HELP = re.compile(r"\s+(?:--|—)\s+")

_SIMPLE_MARKERS = {
    "ja/nej": QuestionKind.YES_NO,
    "ja / nej": QuestionKind.YES_NO,
    "ja nej": QuestionKind.YES_NO,
    "yes/no": QuestionKind.YES_NO,
    "yes / no": QuestionKind.YES_NO,
    "tal": QuestionKind.NUMBER,
    "antal": QuestionKind.NUMBER,
    "siffra": QuestionKind.NUMBER,
    "number": QuestionKind.NUMBER,
    "skala": QuestionKind.SCALE,
    "skala 1-5": QuestionKind.SCALE,
    "skala 1–5": QuestionKind.SCALE,
    "scale": QuestionKind.SCALE,
    "scale 1-5": QuestionKind.SCALE,
    "fritext": QuestionKind.TEXT,
    "text": QuestionKind.TEXT,
}
_CHOICE_MARKERS = {
    "val": QuestionKind.CHOICE,
    "choice": QuestionKind.CHOICE,
    "flerval": QuestionKind.MULTI_CHOICE,
    "multi": QuestionKind.MULTI_CHOICE,
    "multiple": QuestionKind.MULTI_CHOICE,
}


@dataclass
class _Line:
    number: int
    text: str
    sub: bool


@dataclass
class _Question:
    line: int
    text: str
    kind: QuestionKind | None
    required: bool
    help: str | None
    options: tuple[str, ...]
    subs: list[_Question] = field(default_factory=list)


def parse(text: str) -> ParsedQuestionnaire:
    """Parse what followed `enkät ny` (or the form's text box)."""
    lines = text.splitlines() if "\n" in text.strip() else split_single_line(text)
    settings: dict[str, str] = {}
    body: list[_Line] = []
    bullets: list[str | None] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        stripped = raw.strip()
        setting = _SETTING.match(stripped)
        if setting:
            settings[_SETTING_KEYS[setting["key"].casefold()]] = setting["value"].strip()
            continue
        indented = _indented(raw)
        bullet = BULLET.match(stripped)
        bullets.append(bullet.group().strip() if bullet else None)
        sub = indented or bool(bullet) or bool(_SUB_PREFIX.match(stripped))
        body.append(_Line(number, stripped, sub))
    if bullets and bullets[0] is not None:
        # A list whose first question has a bullet: that bullet marks the main questions
        # (indentation or another bullet, Word's "o " under "•", marks a sub-question).
        body = [
            replace(line, sub=_indented(lines[line.number - 1]) or bullet != bullets[0])
            for line, bullet in zip(body, bullets, strict=True)
        ]
    questions = _build(body)
    return ParsedQuestionnaire(
        title=_bounded(settings.get("title"), MAX_TITLE_LENGTH, "title_too_long"),
        intro=_bounded(settings.get("intro"), MAX_INTRO_LENGTH, "intro_too_long"),
        deadline_text=settings.get("deadline") or None,
        target_names=tuple(
            name.strip() for name in re.split(r"[,;]", settings.get("targets", "")) if name.strip()
        ),
        questions=questions,
    )


def _indented(raw: str) -> bool:
    return raw[:1] in (" ", "\t") and len(raw) - len(raw.lstrip()) >= 2


def _bounded(value: str | None, limit: int, code: str) -> str | None:
    if not value:
        return None
    if len(value) > limit:
        raise QuestionnaireSyntaxError(code)
    return value


def _build(lines: list[_Line]) -> tuple[NewQuestion, ...]:
    mains: list[_Question] = []
    for line in lines:
        text = strip_list_marker(line.text)
        text = _SUB_PREFIX.sub("", text) if line.sub else _NUMBERING.sub("", text)
        question = _parse_question(line.number, text)
        if line.sub and mains:
            mains[-1].subs.append(question)
        else:
            mains.append(question)
    if not mains:
        raise QuestionnaireSyntaxError("no_questions")
    result: list[NewQuestion] = []
    for index, main in enumerate(mains, start=1):
        heading = bool(main.subs) and main.kind is None
        result.append(_to_new(main, str(index), QuestionKind.HEADING if heading else None))
        for letter, sub in zip("abcdefghijklmnopqrstuvwxyz", main.subs, strict=False):
            result.append(_to_new(sub, f"{index}{letter}", None))
        if len(main.subs) > 26:
            raise QuestionnaireSyntaxError("too_many_sub_questions", main.line)
    if sum(q.kind != QuestionKind.HEADING for q in result) > MAX_QUESTIONS:
        raise QuestionnaireSyntaxError("too_many_questions")
    return tuple(result)


def _to_new(question: _Question, label: str, kind: QuestionKind | None) -> NewQuestion:
    final_kind = kind or question.kind or QuestionKind.TEXT
    return NewQuestion(
        label=label,
        text=question.text,
        kind=final_kind,
        required=question.required and final_kind != QuestionKind.HEADING,
        help=question.help,
        options=question.options,
    )


def _parse_question(line: int, text: str) -> _Question:
    help_text: str | None = None
    parts = _HELP.split(text, maxsplit=1)
    if len(parts) == 2:
        text, help_text = parts[0], parts[1].strip() or None
    kind: QuestionKind | None = None
    options: tuple[str, ...] = ()
    for marker in _MARKER.finditer(text):
        if kind is not None:
            raise QuestionnaireSyntaxError("two_markers", line)
        kind, options = _marker(line, marker["body"])
    text = _MARKER.sub(" ", text)
    required = not _OPTIONAL.search(text)
    text = " ".join(_OPTIONAL.sub(" ", text).split())
    if not text:
        raise QuestionnaireSyntaxError("empty_question", line)
    if len(text) > MAX_QUESTION_LENGTH:
        raise QuestionnaireSyntaxError("question_too_long", line)
    if help_text and len(help_text) > MAX_HELP_LENGTH:
        raise QuestionnaireSyntaxError("help_too_long", line)
    return _Question(line, text, kind, required, help_text, options)


def _marker(line: int, body: str) -> tuple[QuestionKind, tuple[str, ...]]:
    folded = " ".join(body.split()).casefold()
    if folded in _SIMPLE_MARKERS:
        return _SIMPLE_MARKERS[folded], ()
    name, colon, rest = body.partition(":")
    kind = _CHOICE_MARKERS.get(name.strip().casefold())
    if kind is None or not colon:
        raise QuestionnaireSyntaxError("unknown_marker", line, marker=body[:40])
    # "|" separates options; without one, "/" or ";" do (so "Ja/Nej/Vet ej" works).
    separator = r"\|" if "|" in rest else r"[/;]"
    options = tuple(strip_list_marker(o) for o in re.split(separator, rest) if strip_list_marker(o))
    if len(options) < 2:
        raise QuestionnaireSyntaxError("too_few_options", line)
    if len(options) > MAX_OPTIONS or any(len(o) > MAX_OPTION_LENGTH for o in options):
        raise QuestionnaireSyntaxError("too_many_options", line)
    if len({o.casefold() for o in options}) != len(options):
        raise QuestionnaireSyntaxError("duplicate_options", line)
    return kind, options


# ---- single-line recovery ---------------------------------------------------------------

_LABEL_BREAK = re.compile(
    r"\s+(?=(?:titel|title|intro|inledning|deadline|sista svarsdag|till|mottagare)\s*:)",
    re.IGNORECASE,
)
_AFTER_QUESTION = re.compile(r"\?\s+(?![\[(]|--|—)")
_AFTER_MARKER = re.compile(r"([\])])\s+(?=[A-ZÅÄÖ0-9])")
_BULLET = re.compile(r"\s+(?=[-–•◦▪o]\s+[A-ZÅÄÖ])")
_NUMBER_CANDIDATE = re.compile(r"(?:(?<=\s)|^)(\d{1,2})\s*[.)]\s+(?=\S)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_STATEMENT_END = re.compile(r"(?<=[.!])\s+")
# Words a question usually starts with; in a single-line paste they end a title.
_QUESTION_START = re.compile(
    r"(?<=\s)(?:Hur|Vad|Vilka|Vilken|Vilket|Vem|Vems|När|Var|Varför|Finns|Har|Är|Kan|Ska|"
    r"Gör|Får|Beskriv|Ange|Antal|How|What|Which|Who|When|Where|Why|Is|Are|Do|Does|Has|Have|"
    r"Can|Describe|Number)\b"
)
_DATE_TOKEN = re.compile(
    r"^((?:(?:mån|tis|ons|tors|fre|lör|sön)[a-zåäö]*\s+(?:den\s+)?)?"
    r"\d{1,2}/\d{1,2}(?:[/ -]\d{2,4})?|\d{4}-\d{2}-\d{2}|\d{1,2}\s+[a-zåäö]{3,10}\.?"
    r"(?:\s+\d{4})?)\s*",
    re.IGNORECASE,
)


def split_single_line(text: str) -> list[str]:
    """Recover question boundaries from a message whose line breaks were lost."""
    text = _break_before_numbering(text.strip())
    text = _LABEL_BREAK.sub("\n", text)
    text = _AFTER_QUESTION.sub("?\n", text)
    text = _AFTER_MARKER.sub("\\1\n", text)
    text = _BULLET.sub("\n", text)
    lines: list[str] = []
    for line in text.split("\n"):
        for piece in _split_setting(line.strip()):
            lines.extend(_split_help(piece))
    return [line for line in lines if line]


def _split_help(line: str) -> list[str]:
    """Help text runs to the end of its line; on a single line, a word that starts a
    question ends it."""
    parts = _HELP.split(line, maxsplit=1)
    if len(parts) < 2:
        return [line]
    starter = _QUESTION_START.search(parts[1])
    if not starter:
        return [line]
    help_end = len(line) - len(parts[1]) + starter.start()
    return [line[:help_end].rstrip(), line[help_end:]]


def _break_before_numbering(text: str) -> str:
    """Only numbers that count 1, 2, 3… are numbering; "kl 9." or "30." are not."""
    cuts: list[int] = []
    expected = 1
    for match in _NUMBER_CANDIDATE.finditer(text):
        if int(match.group(1)) == expected:
            cuts.append(match.start())
            expected += 1
    if len(cuts) < 2:
        return text
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(text[last:cut])
        last = cut
    pieces.append(text[last:])
    return "\n".join(piece.strip() for piece in pieces if piece.strip())


def _split_setting(line: str) -> list[str]:
    setting = _SETTING.match(line)
    if not setting:
        return [line]
    key = _SETTING_KEYS[setting["key"].casefold()]
    value = setting["value"]
    head = line[: setting.start("value")]
    if key in ("title", "targets"):
        # A title or a list of names ends at a full stop or where a question begins.
        parts = _STATEMENT_END.split(value, maxsplit=1)
        starter = _QUESTION_START.search(parts[0])
        if starter:
            parts = [parts[0][: starter.start()].strip(), parts[0][starter.start() :], *parts[1:]]
        return [head + parts[0].rstrip("."), *parts[1:]]
    if key == "intro":
        parts = _SENTENCE_END.split(value, maxsplit=1)
        return [head + parts[0], *parts[1:]]
    if key == "deadline":
        date = _DATE_TOKEN.match(value)
        if date:
            return [head + date.group(1), value[date.end() :]]
    return [line]
