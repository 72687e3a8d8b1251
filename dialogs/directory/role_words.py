"""Role words users type, in Swedish and English, mapped to stored roles."""

from __future__ import annotations

import re

from storage.directory.models import Role

ROLE_WORDS: dict[str, Role] = {
    "ordförande": Role.CHAIR,
    "ordf": Role.CHAIR,
    "chair": Role.CHAIR,
    "sekreterare": Role.SECRETARY,
    "secretary": Role.SECRETARY,
    "processledare": Role.PROCESS_LEADER,
    "process leader": Role.PROCESS_LEADER,
    "processleader": Role.PROCESS_LEADER,
    "ledamot": Role.MEMBER,
    "medlem": Role.MEMBER,
    "member": Role.MEMBER,
    "ersättare": Role.SUBSTITUTE,
    "substitute": Role.SUBSTITUTE,
}


def parse_role_suffix(text: str) -> tuple[str, Role] | None:
    """Split 'Gabriel Billing processledare' into ('Gabriel Billing', PROCESS_LEADER)."""
    folded = text.strip().casefold()
    for word in sorted(ROLE_WORDS, key=len, reverse=True):
        if folded == word:
            return "", ROLE_WORDS[word]
        if folded.endswith(" " + word):
            return text.strip()[: -len(word)].strip(), ROLE_WORDS[word]
    return None


_GUEST_PERMISSION = re.compile(
    r"^(?P<who>.*?)\s*\b(?:får|may)\s+(?P<negation>(?:inte|not)\s+)?"
    r"(?:svara|answer)\s+(?:för|for)\s+(?P<organisation>.+)$",
    re.IGNORECASE,
)


def parse_guest_permission(text: str) -> tuple[str, bool, str] | None:
    """'Anna får svara för Trosa kommun' -> ('Anna', True, 'Trosa kommun');
    'Anna får inte svara för Trosa kommun' -> ('Anna', False, 'Trosa kommun')."""
    match = _GUEST_PERMISSION.match(" ".join(text.split()))
    if match is None:
        return None
    return match["who"].strip(), not match["negation"], match["organisation"].strip()
