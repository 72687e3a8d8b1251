"""The table of text commands the bot understands, in Swedish and English.

The table is assembled from the features (bot/features) and is the single source for
three things that must never drift apart: what the router accepts, what the help card
lists, and the `commandLists` in the Teams manifest. Matching is on whole words at the
start of the message (never substring matching), the longest phrase winning, so
`beslut lista` beats `beslut`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.features import FEATURES
from bot.routing.command_types import SCOPES_ALL, Command
from cards.help import HelpEntry
from dialogs.turn import TurnInput

__all__ = ["COMMANDS", "SCOPES_ALL", "Command", "CommandMatch", "command_by_key", "match_command"]

COMMANDS: tuple[Command, ...] = tuple(c for feature in FEATURES for c in feature.commands)


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


def scope_of(turn: TurnInput) -> str:
    """The manifest's scope word for the conversation the turn came from."""
    return {"personal": "personal", "groupChat": "groupChat", "channel": "team"}[turn.ref.kind]


def available_here(command: Command, turn: TurnInput) -> bool:
    return scope_of(turn) in command.scopes


def help_entries(turn: TurnInput) -> list[HelpEntry]:
    english = turn.language == "en"
    return [
        HelpEntry(
            word=c.title_en if english else c.title_sv,
            description=c.description_en if english else c.description_sv,
        )
        for c in COMMANDS
        if available_here(c, turn)
    ]
