"""Minutes drafts: `protokoll utkast` and the kallelse's button give the secretary a Word
document to finish; sent back, it goes through the minutes import (issue #17)."""

from __future__ import annotations

from bot.features.types import CardAction, Feature, action_flow, command_flow
from bot.routing.command_types import SCOPES_GROUP, command
from cards.documents.actions import MinutesDraftAction
from dialogs.meetings import minutes_draft

FEATURE = Feature(
    name="minutes_drafts",
    order=22,
    commands=(
        command(
            "minutes_draft",
            ("protokoll utkast", "utkast till protokoll", "minnesanteckningar utkast"),
            ("minutes draft",),
            "Utkast till minnesanteckningar i Word för senaste mötet, t.ex. protokoll utkast 9/10",
            "A Word minutes draft for the latest meeting, e.g. minutes draft 9/10",
            scopes=SCOPES_GROUP,
            in_manifest=False,
        ),
    ),
    handlers={"minutes_draft": command_flow(minutes_draft.draft)},
    card_actions={
        "minutes_draft": CardAction(
            model=MinutesDraftAction, handler=action_flow(minutes_draft.from_card)
        )
    },
)
