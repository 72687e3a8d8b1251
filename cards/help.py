"""The help card: the commands that work in this kind of conversation."""

from __future__ import annotations

from dataclasses import dataclass

from cards.common import Card, card, command_button, facts, heading, paragraph
from cards.i18n import Language, t


@dataclass(frozen=True)
class HelpEntry:
    word: str
    description: str


def help_card(
    language: Language, *, bot_name: str, in_group: bool, entries: list[HelpEntry]
) -> Card:
    intro = (
        t("help.intro.channel", language, bot=bot_name)
        if in_group
        else t("help.intro.personal", language)
    )
    body = [
        heading(t("help.title", language)),
        paragraph(intro),
        facts([(entry.word, entry.description) for entry in entries]),
        paragraph(t("help.footer", language), subtle=True),
    ]
    actions = [command_button(t("button.members", language), "members")] if in_group else []
    return card(body, actions)
