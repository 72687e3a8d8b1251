"""The declared table of text commands the bot understands, in Swedish and English.

This table is the single source for three things that must never drift apart: what the
router accepts, what the help card lists, and the `commandLists` in the Teams manifest.
Matching is on whole words at the start of the message (never substring matching), with
the longest command phrase winning, so `beslut lista` beats `beslut`.
"""

from __future__ import annotations

import re
import unicodedata
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


COMMANDS: tuple[Command, ...] = (
    Command(
        key="help",
        words_sv=("hjälp", "meny", "start"),
        words_en=("help", "menu"),
        title_sv="hjälp",
        description_sv="Visa vad Samverkansboten kan göra",
        title_en="help",
        description_en="Show what Samverkansboten can do",
    ),
    Command(
        key="members",
        words_sv=("medlemmar", "deltagare"),
        words_en=("members",),
        title_sv="medlemmar",
        description_sv="Visa gruppens medlemmar, organisationer och roller",
        title_en="members",
        description_en="Show the group's members, organisations and roles",
        scopes=("team", "groupChat"),
    ),
    Command(
        key="organisation",
        words_sv=("organisation", "huvudman"),
        words_en=("organisation", "organization"),
        title_sv="organisation",
        description_sv="Ange vilken organisation du företräder, t.ex. organisation Gnesta kommun",
        title_en="organisation",
        description_en="Say which organisation you represent, e.g. organisation Gnesta kommun",
        scopes=("team", "groupChat"),
    ),
    Command(
        key="role",
        words_sv=("roll",),
        words_en=("role",),
        title_sv="roll",
        description_sv="Ordförande sätter roller: roll @namn processledare",
        title_en="role",
        description_en="The chair sets roles: role @name process leader",
        scopes=("team", "groupChat"),
    ),
)


@dataclass(frozen=True)
class CommandMatch:
    command: Command
    argument: str
    english: bool


def normalise_text(text: str) -> str:
    """NFKC + collapsed whitespace: Teams sends non-breaking spaces and HTML leftovers."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


def _phrases() -> list[tuple[str, Command, bool]]:
    phrases = [(w, c, False) for c in COMMANDS for w in c.words_sv]
    phrases += [(w, c, True) for c in COMMANDS for w in c.words_en]
    # Longest phrase first so multi-word commands win over their prefixes.
    return sorted(phrases, key=lambda p: len(p[0]), reverse=True)


_PHRASES = _phrases()


def match_command(text: str) -> CommandMatch | None:
    """Match a command phrase at the start of `text` (case-insensitive, whole words)."""
    cleaned = normalise_text(text)
    lowered = cleaned.casefold()
    for phrase, command, english in _PHRASES:
        if (
            lowered == phrase
            or lowered.startswith(phrase + " ")
            or lowered.startswith(phrase + ":")
        ):
            argument = cleaned[len(phrase) :].lstrip(" :").strip()
            return CommandMatch(command=command, argument=argument, english=english)
    return None


def command_by_key(key: str) -> Command:
    for command in COMMANDS:
        if command.key == key:
            return command
    raise KeyError(key)
