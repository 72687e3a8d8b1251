"""Reminder cards: the overview (`påminnelser`), the weekly digest, and the snooze button
the dispatcher adds to personal nudges. Pure functions: view data in, card out."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from cards.actions import CardActionModel
from cards.common import Card, card, facts, heading, paragraph, shorten, subheading, submit
from cards.i18n import CATALOGUE, Language, t
from cards.swedish_format import clock, local, short_day

SNOOZE_ACTION: Literal["reminders_snooze"] = "reminders_snooze"
SNOOZE_DAYS = 2
# The snooze buttons on a personal nudge: "i morgon" and "om 2 dagar".
SNOOZE_CHOICES = (1, 2)
MAX_LINES = 15


class ReminderSnoozeAction(CardActionModel):
    """ "Snooza 2 dagar" on a personal nudge: which outbox row, and for how long."""

    action: Literal["reminders_snooze"]
    message_id: int = Field(ge=1, le=2**62)
    days: int = Field(default=SNOOZE_DAYS, ge=1, le=14)


def snooze_button(message_id: int, language: Language, days: int = SNOOZE_DAYS) -> dict[str, Any]:
    payload = ReminderSnoozeAction(action=SNOOZE_ACTION, message_id=message_id, days=days)
    key = "reminders.remind_me.tomorrow" if days == 1 else "reminders.remind_me.days"
    return submit(t(key, language, days=days), payload.model_dump())


def with_snooze(original: Card | None, *, message_id: int, language: Language) -> Card:
    """The nudge's own card with a snooze button added, or a small card carrying only the
    button when the nudge is plain text."""
    buttons = [snooze_button(message_id, language, days) for days in SNOOZE_CHOICES]
    if original is None:
        return card([paragraph(t("reminders.snooze.prompt", language), subtle=True)], buttons)
    result = copy.deepcopy(original)
    actions = list(result.get("actions") or [])
    actions.extend(buttons)
    result["actions"] = actions
    return result


def kind_label(kind: str, language: Language) -> str:
    """The catalogue's name for a kind, or for its longest known prefix
    ("decision_reminder_overdue" -> "decision_reminder"), else the code itself."""
    parts = kind.split("_")
    for end in range(len(parts), 0, -1):
        key = "reminders.kind." + "_".join(parts[:end])
        if key in CATALOGUE:
            return t(key, language)
    return kind.replace("_", " ")


def when_label(moment: datetime, language: Language) -> str:
    """'måndag 7/2 kl 08.00' / 'Monday 7 February 08:00' (Europe/Stockholm)."""
    value = local(moment)
    at = "" if language == "en" else "kl "
    return f"{short_day(value.date(), language)} {at}{clock(value, language)}"


@dataclass(frozen=True)
class DigestSection:
    title: str
    lines: list[str]


@dataclass(frozen=True)
class ScheduledLine:
    due_at: datetime
    kind: str
    count: int


@dataclass(frozen=True)
class RuleLine:
    title: str
    enabled: bool
    lead_days: int | None  # None: the rule has no lead time (e.g. the weekly digest)


@dataclass(frozen=True)
class OverviewView:
    group_name: str
    paused: bool
    office_start_hour: int
    office_end_hour: int
    scheduled: list[ScheduledLine] = field(default_factory=list)
    rules: list[RuleLine] = field(default_factory=list)
    failing: int = 0  # not through yet, being retried
    failed: int = 0  # dead-lettered: not retried any more
    paused_until: datetime | None = None  # a pause that ends by itself
    due: list[DigestSection] = field(default_factory=list)  # what waits for the group now


@dataclass(frozen=True)
class PersonalView:
    personal_nudges: bool
    scheduled: list[ScheduledLine] = field(default_factory=list)
    due: list[PersonalDue] = field(default_factory=list)


PersonalDueKind = Literal["decision", "task", "questionnaire", "poll", "meeting"]
# Cut for the card: a long decision text is read in `mina beslut`.
PERSONAL_TITLE = 80


@dataclass(frozen=True)
class PersonalDue:
    """One thing that waits for this person in one of their groups."""

    kind: PersonalDueKind
    group: str
    title: str
    day: date  # Stockholm: the due date, the deadline's day or the meeting's day
    overdue: bool = False
    organisation: str = ""  # questionnaires: whom the person answers for


def _personal_due_blocks(lines: list[PersonalDue], language: Language) -> list[dict[str, Any]]:
    if not lines:
        return [paragraph(t("reminders.personal.nothing_due", language))]

    def key(line: PersonalDue) -> str:
        overdue = f"reminders.personal.{line.kind}_overdue"
        return (
            overdue if line.overdue and overdue in CATALOGUE else f"reminders.personal.{line.kind}"
        )

    shown = [
        t(
            key(line),
            language,
            group=line.group,
            title=shorten(line.title, PERSONAL_TITLE),
            day=short_day(line.day, language),
            organisation=line.organisation,
        )
        for line in lines[:MAX_LINES]
    ]
    if len(lines) > MAX_LINES:
        shown.append(t("reminders.personal.more", language, count=len(lines) - MAX_LINES))
    return [paragraph("\n".join(f"- {line}" for line in shown))]


def _scheduled_blocks(lines: list[ScheduledLine], language: Language) -> list[dict[str, Any]]:
    if not lines:
        return [paragraph(t("reminders.overview.none", language))]
    shown = [
        t(
            "reminders.overview.line",
            language,
            when=when_label(line.due_at, language),
            kind=kind_label(line.kind, language),
            count=line.count,
        )
        for line in lines[:MAX_LINES]
    ]
    if len(lines) > MAX_LINES:
        shown.append(t("reminders.overview.more", language, count=len(lines) - MAX_LINES))
    return [paragraph("\n".join(f"- {line}" for line in shown))]


def _rule_value(rule: RuleLine, language: Language) -> str:
    if not rule.enabled:
        return t("reminders.overview.rule_off", language)
    if rule.lead_days is None:
        return t("reminders.overview.rule_on_plain", language)
    return t("reminders.overview.rule_on", language, days=rule.lead_days)


def _hours(start: int, end: int) -> tuple[str, str]:
    return f"{start:02d}", f"{end:02d}"


def _state(view: OverviewView, language: Language) -> str:
    if view.paused and view.paused_until is not None:
        day = short_day(local(view.paused_until).date(), language)
        return t("reminders.overview.paused_until", language, day=day)
    state = "reminders.overview.paused_state" if view.paused else "reminders.overview.running"
    return t(state, language)


def _due_blocks(sections: list[DigestSection], language: Language) -> list[dict[str, Any]]:
    if not sections:
        return []
    blocks = [subheading(t("reminders.overview.due", language))]
    for section in sections:
        lines = section.lines[:MAX_LINES]
        if len(section.lines) > MAX_LINES:
            more = len(section.lines) - MAX_LINES
            lines = [*lines, t("reminders.overview.more", language, count=more)]
        blocks.append(paragraph(f"**{section.title}**\n" + "\n".join(f"- {x}" for x in lines)))
    return blocks


def overview_card(view: OverviewView, language: Language) -> Card:
    start, end = _hours(view.office_start_hour, view.office_end_hour)
    pairs = [
        (t("reminders.overview.state", language), _state(view, language)),
        (
            t("reminders.overview.hours", language),
            t("reminders.overview.hours_value", language, start=start, end=end),
        ),
    ]
    if view.failing:
        pairs.append(
            (
                t("reminders.overview.failing", language),
                t("reminders.overview.failing_value", language, count=view.failing),
            )
        )
    if view.failed:
        pairs.append(
            (
                t("reminders.overview.failed", language),
                t("reminders.overview.failed_value", language, count=view.failed),
            )
        )
    body = [
        heading(t("reminders.overview.title", language, group=view.group_name)),
        facts(pairs),
        *_due_blocks(view.due, language),
        subheading(t("reminders.overview.scheduled", language)),
        *_scheduled_blocks(view.scheduled, language),
    ]
    if view.rules:
        body.append(subheading(t("reminders.overview.rules", language)))
        body.append(facts([(rule.title, _rule_value(rule, language)) for rule in view.rules]))
    body.append(paragraph(t("reminders.overview.hint", language), subtle=True))
    return card(body)


def personal_card(view: PersonalView, language: Language) -> Card:
    state = (
        "reminders.overview.personal_on"
        if view.personal_nudges
        else "reminders.overview.personal_off"
    )
    body = [
        heading(t("reminders.overview.personal", language)),
        subheading(t("reminders.personal.due", language)),
        *_personal_due_blocks(view.due, language),
        facts([(t("reminders.overview.state", language), t(state, language))]),
        subheading(t("reminders.overview.yours", language)),
        *_scheduled_blocks(view.scheduled, language),
        paragraph(t("reminders.overview.hint", language), subtle=True),
    ]
    return card(body)


def digest_card(
    *, group_name: str, week: int, sections: list[DigestSection], language: Language
) -> Card:
    body: list[dict[str, Any]] = [
        heading(t("reminders.digest.title", language, group=group_name)),
        paragraph(t("reminders.digest.week", language, week=week), subtle=True),
    ]
    for section in sections:
        body.append(subheading(section.title))
        body.append(paragraph("\n".join(f"- {line}" for line in section.lines)))
    body.append(paragraph(t("reminders.digest.footer", language), subtle=True))
    return card(body)
