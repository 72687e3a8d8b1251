"""The help cards: where to start in a group's channel, what a member does in the personal
chat, every command grouped by job, and the answer to a message the bot did not understand.

The short cards lead with buttons that open the forms for the main jobs, so a new user
never has to learn a command to begin; the full list is one button away.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cards.common import Card, card, command_button, facts, heading, paragraph, subheading
from cards.i18n import Language, t

# The main jobs in a group, in the order people meet them: (text key, command key).
# Each command opens its form when given no text.
GROUP_JOBS: tuple[tuple[str, str], ...] = (
    ("help.job.decision", "decision_new"),
    ("help.job.minutes", "decision_minutes"),
    ("help.job.dates", "propose_dates"),
    ("help.job.questionnaire", "questionnaire_new"),
)
# What a member does in the personal chat.
PERSONAL_JOBS: tuple[tuple[str, str], ...] = (
    ("help.job.my_decisions", "my_decisions"),
    ("help.job.my_questionnaires", "questionnaire_answer"),
    ("help.job.my_reminders", "reminders"),
)
ALL_COMMANDS = "help_all"


@dataclass(frozen=True)
class HelpEntry:
    word: str
    description: str


@dataclass(frozen=True)
class HelpSection:
    """The commands of one feature; `feature` picks the heading (help.section.<feature>)."""

    feature: str
    entries: tuple[HelpEntry, ...]


def _button_row(language: Language, jobs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return {
        "type": "ActionSet",
        "actions": [command_button(t(text, language), command) for text, command in jobs],
    }


def channel_help_card(language: Language, *, bot_name: str) -> Card:
    body = [
        heading(t("help.title", language)),
        paragraph(t("help.channel.start", language)),
        _button_row(language, GROUP_JOBS),
        paragraph(t("help.channel.organisers", language), subtle=True),
        subheading(t("help.channel.more", language)),
        paragraph(t("help.channel.more_lines", language, bot=bot_name)),
    ]
    actions = [
        command_button(t("button.all_commands", language), ALL_COMMANDS),
        command_button(t("button.members", language), "members"),
    ]
    return card(body, actions)


def personal_help_card(language: Language, *, bot_name: str) -> Card:
    body = [
        heading(t("help.title", language)),
        paragraph(t("help.personal.start", language)),
        _button_row(language, PERSONAL_JOBS),
        paragraph(t("help.personal.lines", language)),
        paragraph(t("help.personal.group", language, bot=bot_name)),
    ]
    return card(body, [command_button(t("button.all_commands", language), ALL_COMMANDS)])


def all_commands_card(
    language: Language, *, bot_name: str, in_group: bool, sections: Sequence[HelpSection]
) -> Card:
    intro = (
        t("help.intro.channel", language, bot=bot_name)
        if in_group
        else t("help.intro.personal", language, bot=bot_name)
    )
    body: list[dict[str, Any]] = [heading(t("help.all.title", language)), paragraph(intro)]
    for section in sections:
        body.append(subheading(t(f"help.section.{section.feature}", language)))
        body.append(facts([(entry.word, entry.description) for entry in section.entries]))
    body.append(paragraph(t("help.footer", language), subtle=True))
    return card(body)


def not_understood_card(language: Language, *, suggestion: str | None, example: str) -> Card:
    """ "Menade du *beslut*?" with the command's own description, or a plain "Jag förstod
    inte"; both with the help button."""
    if suggestion:
        body = [
            paragraph(t("help.did_you_mean", language, word=suggestion)),
            paragraph(example, subtle=True),
        ]
    else:
        body = [paragraph(t("help.not_understood", language))]
    return card(body, [command_button(t("button.help", language), "help")])
