"""The shape of a text command; features declare theirs with it (see bot/features)."""

from __future__ import annotations

from dataclasses import dataclass

SCOPES_ALL = ("personal", "team", "groupChat")
SCOPES_GROUP = ("team", "groupChat")


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


def command(
    key: str,
    sv: tuple[str, ...],
    en: tuple[str, ...],
    description_sv: str,
    description_en: str,
    *,
    scopes: tuple[str, ...] = SCOPES_ALL,
    in_manifest: bool = True,
) -> Command:
    """A command whose menu title is its first word in each language, as every feature's
    commands are: `sv` and `en` are the words that call it, the first one shown."""
    return Command(
        key=key,
        words_sv=sv,
        words_en=en,
        title_sv=sv[0],
        description_sv=description_sv,
        title_en=en[0],
        description_en=description_en,
        scopes=scopes,
        in_manifest=in_manifest,
    )
