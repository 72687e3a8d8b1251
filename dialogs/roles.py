"""Role words users type, in Swedish and English, mapped to stored roles."""

from __future__ import annotations

from storage.models import Role

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
