"""The welcome card sent once when the bot is installed in a team, group chat or personal chat."""

from __future__ import annotations

from cards.common import Card, bullet_list, card, command_button, heading, paragraph
from cards.i18n import Language, t


def welcome_card(
    language: Language, *, bot_name: str, in_group: bool, chair_name: str | None = None
) -> Card:
    body = [
        heading(t("welcome.title", language)),
        paragraph(t("welcome.intro", language)),
        bullet_list(
            [
                t("welcome.feature.decisions", language),
                t("welcome.feature.dates", language),
                t("welcome.feature.questionnaires", language),
                t("welcome.feature.reminders", language),
            ]
        ),
        paragraph(
            t("welcome.start.channel", language, bot=bot_name)
            if in_group
            else t("welcome.start.personal", language)
        ),
    ]
    if chair_name:
        body.append(paragraph(t("welcome.chair", language, name=chair_name), subtle=True))
    return card(body, [command_button(t("button.help", language), "help")])
