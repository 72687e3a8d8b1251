"""Archival export: the decision register, or one meeting's decisions, as PDF/A for the
diarium (`beslut arkiv`, `beslut arkiv 26/1`; issue #17)."""

from __future__ import annotations

from bot.features.types import Feature, command_flow
from bot.routing.command_types import SCOPES_GROUP, command
from dialogs.decisions import archive

FEATURE = Feature(
    name="archive",
    order=16,
    commands=(
        command(
            "decision_archive",
            ("beslut arkiv", "beslutslogg arkiv"),
            ("decision archive",),
            "Beslutsloggen som PDF/A för diariet, t.ex. beslut arkiv 26/1 för ett mötes beslut",
            "The decision register as PDF/A for the registry, e.g. decision archive 26/1",
            scopes=SCOPES_GROUP,
            in_manifest=False,
        ),
    ),
    handlers={"decision_archive": command_flow(archive.archive)},
)
