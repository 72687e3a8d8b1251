"""The table of text commands the bot understands, in Swedish and English.

The table is assembled from the features (bot/features) and is the single source for
three things that must never drift apart: what the router accepts, what the help card
lists, and the `commandLists` in the Teams manifest. Matching is on whole words at the
start of the message (never substring matching), the longest phrase winning, so
`beslut lista` beats `beslut`.

When nothing matches, `nearest_command` offers the closest command word (a typo such as
"besult:"). It compares the first one to three words with every command phrase of the
same length (difflib's ratio, Swedish and English words alike); it never runs the
command, only names it, so a wrong guess costs the user one more message.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from bot.features import FEATURES
from bot.routing.command_types import SCOPES_ALL, Command
from cards.help import HelpEntry, HelpSection
from dialogs.turn import TurnInput

__all__ = [
    "COMMANDS",
    "SCOPES_ALL",
    "Command",
    "CommandMatch",
    "command_by_key",
    "match_command",
    "nearest_command",
]

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


# Below this ratio a word is not taken for a typo of a command ("besult" is 0.83 from
# "beslut"); lower, and ordinary words start to look like commands.
SUGGESTION_CUTOFF = 0.75
_MAX_PHRASE_WORDS = max(len(p.split()) for p, _, _ in _PHRASES)


def nearest_command(text: str) -> CommandMatch | None:
    """The command the user most likely meant, for "Menade du …?"; None when nothing is
    close enough. `english` says which language's word came closest."""
    words = normalise_text(text).casefold().replace(":", " ").split()
    best: tuple[tuple[float, int], Command, bool] | None = None
    for count in range(1, min(len(words), _MAX_PHRASE_WORDS) + 1):
        typed = " ".join(words[:count])
        for phrase, command, english in _PHRASES:
            if len(phrase.split()) != count:
                continue
            ratio = difflib.SequenceMatcher(None, typed, phrase).ratio()
            # Ties go to the longer phrase (`beslut lista` over `beslut`).
            rank = (ratio, len(phrase))
            if ratio >= SUGGESTION_CUTOFF and (best is None or rank > best[0]):
                best = (rank, command, english)
    if best is None:
        return None
    return CommandMatch(command=best[1], argument="", english=best[2])


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


def help_sections(turn: TurnInput) -> list[HelpSection]:
    """Every command that works here, grouped by the feature (the job) it belongs to."""
    english = turn.language == "en"
    sections = []
    for feature in FEATURES:
        entries = [
            HelpEntry(
                word=c.title_en if english else c.title_sv,
                description=c.description_en if english else c.description_sv,
            )
            for c in feature.commands
            if available_here(c, turn)
        ]
        if entries:
            sections.append(HelpSection(feature=feature.name, entries=tuple(entries)))
    return sections
