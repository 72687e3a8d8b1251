"""The shape of a text command; features declare theirs with it (see bot/features)."""

from __future__ import annotations

from dataclasses import dataclass

SCOPES_ALL = ("personal", "team", "groupChat")


@dataclass(frozen=True)
class Command:
    key: str
    words_sv: tuple[str, ...]
    words_en: tuple[str, ...]
    # Manifest commandLists: title (max 32 chars) and description (max 128 chars).
    title_sv: str
    description_sv: str
    title_en: str
    description_en: str
    scopes: tuple[str, ...] = SCOPES_ALL
    # Listed in the manifest's command menu (at most 10 per scope there).
    in_manifest: bool = True
