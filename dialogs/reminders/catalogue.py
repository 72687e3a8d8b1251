"""The reminder rules and weekly-digest sections the features declare.

Each feature declares its rules and digest sections in its `Feature` entry
(bot/features/<feature>.py: `reminder_rules=…`, `digest_sections=…`); the composition
root collects them from the feature table once, at import of bot.features, and installs
them here. Nothing registers itself by being imported.

- A rule is a kind of nudge a group can switch off or give another lead time
  (`påminnelser regel …`). The feature's own RecurringJob decides what is due and reads
  the group's choice with dialogs.reminders.flows.rule_setting.
- A digest section contributes plain lines to "Veckans läge" (Monday 08:00 Stockholm):
  `lines(session, group, now, language) -> list[str]`, no names of people beyond what the
  group already sees.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from cards.i18n import Language
from storage.db import AsyncSession
from storage.directory.models import Group

_RULE_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True)
class Rule:
    name: str
    title_sv: str
    title_en: str
    default_lead_days: int | None = None  # None: the rule has no lead time

    def __post_init__(self) -> None:
        if not _RULE_NAME.fullmatch(self.name):
            raise ValueError("a rule name is lower-case letters, digits and _ (max 40)")

    def title(self, language: Language) -> str:
        return self.title_en if language == "en" else self.title_sv


DigestLines = Callable[[AsyncSession, Group, datetime, Language], Awaitable[list[str]]]


@dataclass(frozen=True)
class DigestSection:
    """`title_key` is a catalogue key in cards.i18n (also the section's stable name)."""

    title_key: str
    lines: DigestLines


# The weekly digest is itself a rule a group can switch off.
DIGEST_RULE = Rule("veckans_lage", title_sv="veckans läge", title_en="weekly digest")


@dataclass(frozen=True)
class ReminderCatalogue:
    rules: dict[str, Rule] = field(default_factory=dict)
    sections: tuple[DigestSection, ...] = ()

    @classmethod
    def of(cls, rules: Iterable[Rule], sections: Iterable[DigestSection]) -> ReminderCatalogue:
        by_name: dict[str, Rule] = {DIGEST_RULE.name: DIGEST_RULE}
        for rule in rules:
            if by_name.get(rule.name, rule) != rule:
                raise ValueError(f"reminder rule declared twice: {rule.name}")
            by_name[rule.name] = rule
        ordered = tuple(sorted(sections, key=lambda s: s.title_key))
        names = [s.title_key for s in ordered]
        if len(names) != len(set(names)):
            raise ValueError("digest section declared twice")
        return cls(rules=by_name, sections=ordered)

    def sorted_rules(self) -> list[Rule]:
        return sorted(self.rules.values(), key=lambda r: r.name)


_installed = ReminderCatalogue.of((), ())


def install(catalogue: ReminderCatalogue) -> ReminderCatalogue:
    """Make `catalogue` the one in force; returns the one it replaces (for tests)."""
    global _installed
    previous, _installed = _installed, catalogue
    return previous


def installed() -> ReminderCatalogue:
    return _installed
