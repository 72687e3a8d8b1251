"""The attendance list for the minutes: a card (with the organiser's correction form) and
the same list as Markdown to paste ("Närvarande" / "Ej närvarande" by organisation).

Pure functions: the merged list (dialogs/meetings/attendance_list.py) in, card out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from cards.actions import CardActionModel
from cards.common import Card, card, heading, paragraph, shorten, subheading, submit
from cards.i18n import Language, t
from cards.swedish_format import long_moment

MAX_SUBSTITUTE_NAME = 120


@dataclass(frozen=True)
class AttendanceLine:
    organisation: str  # "" when the person has none
    name: str
    present: bool
    substitute_for: str | None  # the member this person stood in for
    partial: bool
    # Stable within a meeting: "m<member id>" for members, "n<digest of the name>"
    # otherwise (the correction form refers to people by it).
    key: str = ""
    # A member's RSVP ("coming", "not_coming", "substitute"; None: no answer), so the
    # list can say why someone was absent.
    answer: str | None = None


@dataclass(frozen=True)
class AttendanceView:
    meeting_id: int
    title: str
    starts_at: datetime
    has_time: bool
    lines: tuple[AttendanceLine, ...]
    organisations_total: int
    from_report: bool  # the Teams attendance report was read


class AttendanceCorrectAction(CardActionModel):
    """The correction form: the keys ticked as present and as there for part of the
    meeting (Input.ChoiceSet multi-select: comma-separated), and a substitute to add."""

    action: Literal["attendance_correct"]
    meeting_id: int = Field(ge=1, le=2**31 - 1)
    present: str = Field(default="", max_length=20_000)
    partial: str = Field(default="", max_length=20_000)
    substitute_name: str = Field(default="", max_length=500)
    substitute_for: str = Field(default="", max_length=40)


def _worded(line: AttendanceLine, lines: tuple[AttendanceLine, ...], language: Language) -> str:
    if line.present:
        text = line.name
        if line.substitute_for:
            text = t(
                "meetings.attendance.substitute_for",
                language,
                substitute=line.name,
                name=line.substitute_for,
            )
        return t("attendance.partial", language, text=text) if line.partial else text
    if line.answer == "substitute":
        replacing = [x.name for x in lines if x.substitute_for == line.name and x.present]
        if replacing:
            return t(
                "meetings.attendance.sent_substitute",
                language,
                name=line.name,
                substitute=", ".join(replacing),
            )
    if line.answer == "not_coming":
        return t("meetings.attendance.declined", language, name=line.name)
    if line.answer is None and line.key.startswith("m"):
        return t("meetings.attendance.no_answer", language, name=line.name)
    return line.name


def _sections(
    view: AttendanceView, language: Language
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    no_organisation = t("meetings.attendance.no_organisation", language)
    present: dict[str, list[str]] = {}
    absent: dict[str, list[str]] = {}
    for line in view.lines:  # already sorted by organisation, then name
        target = present if line.present else absent
        target.setdefault(line.organisation or no_organisation, []).append(
            _worded(line, view.lines, language)
        )
    return (
        [(org, ", ".join(names)) for org, names in present.items()],
        [(org, ", ".join(names)) for org, names in absent.items()],
    )


def attendance_title(view: AttendanceView, language: Language) -> str:
    when = long_moment(view.starts_at, language, has_time=view.has_time)
    return t("meetings.attendance.title", language, title=view.title, when=when)


def _represented(view: AttendanceView) -> int:
    return len({line.organisation for line in view.lines if line.present and line.organisation})


def _note(view: AttendanceView, language: Language) -> str:
    return t("attendance.note.report" if view.from_report else "meetings.attendance.note", language)


def _correction_form(view: AttendanceView, language: Language) -> dict[str, Any]:
    def label(line: AttendanceLine) -> str:
        if line.substitute_for:
            return shorten(
                t(
                    "meetings.attendance.substitute_for",
                    language,
                    substitute=line.name,
                    name=line.substitute_for,
                ),
                80,
            )
        return shorten(line.name, 80)

    people = [{"title": label(line), "value": line.key} for line in view.lines]
    members = [
        {"title": shorten(line.name, 80), "value": line.key}
        for line in view.lines
        if line.key.startswith("m")
    ]
    body: list[dict[str, Any]] = [
        {
            "type": "Input.ChoiceSet",
            "id": "present",
            "label": t("attendance.form.present", language),
            "isMultiSelect": True,
            "style": "expanded",
            "choices": people,
            "value": ",".join(line.key for line in view.lines if line.present),
        },
        {
            "type": "Input.ChoiceSet",
            "id": "partial",
            "label": t("attendance.form.partial", language),
            "isMultiSelect": True,
            "choices": people,
            "value": ",".join(line.key for line in view.lines if line.partial),
        },
        {
            "type": "Input.Text",
            "id": "substitute_name",
            "label": t("attendance.form.substitute_name", language),
            "maxLength": MAX_SUBSTITUTE_NAME,
        },
    ]
    if members:
        body.append(
            {
                "type": "Input.ChoiceSet",
                "id": "substitute_for",
                "label": t("attendance.form.substitute_for", language),
                "choices": members,
            }
        )
    data = {"action": "attendance_correct", "meeting_id": view.meeting_id}
    return {
        "type": "Action.ShowCard",
        "title": t("attendance.form", language),
        "card": {
            "type": "AdaptiveCard",
            "body": body,
            "actions": [submit(t("attendance.form.submit", language), data)],
        },
    }


def _by_organisation(rows: list[tuple[str, str]], nobody: str) -> list[dict[str, Any]]:
    """Each organisation over its people, not a FactSet: on a phone a FactSet keeps the
    organisation in a column of its own and squeezes the names into half the width."""
    if not rows:
        return [paragraph(nobody)]
    blocks: list[dict[str, Any]] = []
    for organisation, names in rows:
        blocks.append({"type": "TextBlock", "text": organisation, "weight": "Bolder", "wrap": True})
        blocks.append({"type": "TextBlock", "text": names, "wrap": True, "spacing": "None"})
    return blocks


def _organisations_line(view: AttendanceView, language: Language) -> list[str]:
    """ "Organisationer närvarande: 2 av 3"; nothing for a group whose members have named
    no organisation ("0 av 0" says nothing)."""
    if not view.organisations_total:
        return []
    return [
        t(
            "meetings.attendance.organisations",
            language,
            present=_represented(view),
            total=view.organisations_total,
        )
    ]


def attendance_list_card(view: AttendanceView, language: Language) -> Card:
    present, absent = _sections(view, language)
    nobody = t("meetings.attendance.none", language)
    body: list[dict[str, Any]] = [
        heading(attendance_title(view, language)),
        *(paragraph(line) for line in _organisations_line(view, language)),
        subheading(t("meetings.attendance.present", language)),
        *_by_organisation(present, nobody),
        subheading(t("meetings.attendance.absent", language)),
        *_by_organisation(absent, nobody),
        paragraph(_note(view, language), subtle=True),
    ]
    return card(body, [_correction_form(view, language)] if view.lines else None)


def _markdown_escape(text: str) -> str:
    # Names are typed by people: keep them from turning into Markdown markup.
    for char in "\\`*_[]#<>|":
        text = text.replace(char, f"\\{char}")
    return text


def attendance_list_markdown(view: AttendanceView, language: Language) -> str:
    """The minutes' "Närvarande / Ej närvarande" section, ready to paste."""
    present, absent = _sections(view, language)
    nobody = t("meetings.attendance.none", language)
    lines = [f"# {_markdown_escape(attendance_title(view, language))}", ""]
    lines += _organisations_line(view, language)
    for heading_key, rows in (
        ("meetings.attendance.present", present),
        ("meetings.attendance.absent", absent),
    ):
        lines += ["", f"## {t(heading_key, language)}", ""]
        if not rows:
            lines.append(nobody)
        for organisation, names in rows:
            lines.append(f"- **{_markdown_escape(organisation)}**: {_markdown_escape(names)}")
    lines += ["", f"_{_note(view, language)}_", ""]
    return "\n".join(lines)
