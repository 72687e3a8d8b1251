"""Who a name in the minutes may mean: the candidates, never a guess.

Minutes name owners the way people speak ("Marie skickar ..."), and a group often has
several people with the same first name. A wrong owner silently assigned is worse than
none, so this module only narrows a written name down to the full names it can mean and
leaves the choice to the person confirming the import:

- A full name that is in the meeting's attendance or among the group's members: that one.
- A first name: every present person with that first name (three Maries present, three
  candidates). The group's members who were not at the meeting are candidates only when
  nobody present has the name, because minutes talk about the people in the room.
- A name written as first and last name while the list has a middle name too ("Malin
  Andersson" for "Malin Palmér Andersson"): matched on first and last word.
- Anything else (a guest, someone outside the group): no candidates; the caller keeps the
  name as written.

When the minutes' signer is among the candidates, the signer comes first: the secretary
writing "Marie stämmer av ..." about herself is the likeliest reading, but still a choice.
Role words and collectives ("Samtliga", "Ordförande") are the caller's to recognise; they
never reach here.
"""

from __future__ import annotations

from collections.abc import Sequence


def candidates(
    written: str, *, present: Sequence[str], members: Sequence[str], signer: str | None
) -> tuple[str, ...]:
    """The full names `written` may mean, present people first, the signer foremost."""
    words = _key(written).split()
    if not words:
        return ()
    present_keys = {_key(name) for name in present}
    absent = [name for name in members if _key(name) not in present_keys]
    found = _matching(words, present) or _matching(words, absent)
    if signer is not None:
        found.sort(key=lambda name: _key(name) != _key(signer))
    return tuple(found)


def _matching(words: list[str], pool: Sequence[str]) -> list[str]:
    written = " ".join(words)
    found: dict[str, str] = {}
    for name in pool:
        key = _key(name)
        parts = key.split()
        if not parts:
            continue
        if key == written:
            return [name]
        if len(words) == 1:
            hit = parts[0] == words[0]
        else:
            hit = len(parts) > len(words) and parts[0] == words[0] and parts[-1] == words[-1]
        if hit:
            found.setdefault(key, name)
    return list(found.values())


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()
