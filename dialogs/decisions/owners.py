"""Who is responsible for a decision, read from how it is written.

"Gabriel kontaktar samordnarna …", "Anna-Karin och Malin Palmér tar fram …",
"Processledarna sammanställer …": the owners are named at the start of the sentence and
followed by what they do. Names are matched against the group's stored members only,
and a wrong owner is worse than none: a first name shared by two members, a passive
sentence ("Malin föreslås …") or a name that is not followed by a verb gives no owner,
and the person logging can pick owners on the card form instead.

Role words map to the members holding that role; a role nobody holds is kept as text.

Minutes name owners differently: a first name among thirty people at a meeting. For them
`resolve_owners` looks a name up in the meeting's attendance first and the members second
and never chooses between two people: several candidates become a choice for the user
(the minutes' signer offered first), none keeps the name as written ("Samtliga", a guest
from another organisation).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storage.directory.models import Role

ROLE_OWNER_WORDS: dict[str, Role] = {
    "ordföranden": Role.CHAIR,
    "ordförande": Role.CHAIR,
    "the chair": Role.CHAIR,
    "chair": Role.CHAIR,
    "mötessekreteraren": Role.SECRETARY,
    "sekreteraren": Role.SECRETARY,
    "sekreterare": Role.SECRETARY,
    "the secretary": Role.SECRETARY,
    "secretary": Role.SECRETARY,
    "processledarna": Role.PROCESS_LEADER,
    "processledaren": Role.PROCESS_LEADER,
    "processledare": Role.PROCESS_LEADER,
    "the process leaders": Role.PROCESS_LEADER,
    "the process leader": Role.PROCESS_LEADER,
    "process leaders": Role.PROCESS_LEADER,
    "process leader": Role.PROCESS_LEADER,
}
_ROLE_WORDS_LONGEST_FIRST = sorted(ROLE_OWNER_WORDS, key=len, reverse=True)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SEPARATOR = re.compile(r"\s*(?:,|&|\boch\b|\bsamt\b|\band\b)\s*", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
_LEADING_ATT = re.compile(r"^(?:att|that)\s+", re.IGNORECASE)
# A Swedish verb ending in -s is passive ("föreslås", "skickas", "utses": someone else
# acts) or deponent ("hoppas", "finns": nobody is given a task). Either way no owner.
# English present tense ends in -s ("contacts"), so the check is Swedish only.
_MIN_PASSIVE_LENGTH = 4


@dataclass(frozen=True)
class Candidate:
    member_id: int
    name: str
    role: Role

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else ""


@dataclass(frozen=True)
class OwnerGuess:
    member_ids: tuple[int, ...] = ()
    # Role words whose role nobody in the group holds, as written ("Processledarna").
    written: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return bool(self.member_ids or self.written)


class _Ambiguous(Exception):
    pass


def _at_boundary(text: str, end: int) -> bool:
    return end == len(text) or not (text[end].isalnum() or text[end] == "-")


def _role_at(text: str) -> tuple[Role, str, int] | None:
    folded = text.casefold()
    for word in _ROLE_WORDS_LONGEST_FIRST:
        if folded.startswith(word) and _at_boundary(text, len(word)):
            return ROLE_OWNER_WORDS[word], text[: len(word)], len(word)
    return None


def _name_at(text: str, candidates: Sequence[Candidate]) -> tuple[list[int], int] | None:
    """Members named at the start of `text`: a full name (any case) or a capitalised
    first name. Raises _Ambiguous when the written name fits more than one member."""
    folded = text.casefold()
    for candidate in sorted(candidates, key=lambda c: len(c.name), reverse=True):
        name = candidate.name.casefold()
        if name and folded.startswith(name) and _at_boundary(text, len(name)):
            same = [c.member_id for c in candidates if c.name.casefold() == name]
            if len(set(same)) > 1:
                raise _Ambiguous
            return same, len(name)
    word = _WORD.match(text)
    if word is None or not word.group(0)[0].isupper():
        return None
    matching = {
        c.member_id for c in candidates if c.first_name.casefold() == word.group(0).casefold()
    }
    if not matching:
        return None
    if len(matching) > 1:
        raise _Ambiguous
    return sorted(matching), word.end()


def _acts(rest: str, *, english: bool) -> bool:
    """The owner phrase is followed by a lower-case verb in the active voice."""
    verb = _NEXT_WORD.match(rest)
    if verb is None or not verb.group(1)[0].islower():
        return False
    word = verb.group(1)
    return english or not (word.endswith("s") and len(word) >= _MIN_PASSIVE_LENGTH)


def recognise_owners(
    text: str, candidates: Sequence[Candidate], *, english: bool = False
) -> OwnerGuess:
    rest = _LEADING_ATT.sub("", text.strip())
    member_ids: list[int] = []
    written: list[str] = []
    try:
        while True:
            role = _role_at(rest)
            if role is not None:
                holders = [c.member_id for c in candidates if c.role == role[0]]
                if holders:
                    member_ids += holders
                else:
                    written.append(role[1][:1].upper() + role[1][1:])
                rest = rest[role[2] :]
            else:
                named = _name_at(rest, candidates)
                if named is None:
                    break
                member_ids += named[0]
                rest = rest[named[1] :]
            separator = _SEPARATOR.match(rest)
            if separator is None:
                break
            rest = rest[separator.end() :]
    except _Ambiguous:
        return OwnerGuess()
    if not (member_ids or written) or not _acts(rest, english=english):
        return OwnerGuess()
    return OwnerGuess(member_ids=tuple(dict.fromkeys(member_ids)), written=tuple(written))


def owners_from_names(
    names: Sequence[str], candidates: Sequence[Candidate]
) -> tuple[list[int], list[str]]:
    """Owner names from minutes extraction -> (member ids, names that are no member).
    A full name, a unique first name or a role word; anything else is kept as text."""
    ids: list[int] = []
    unmatched: list[str] = []
    for name in names:
        folded = " ".join(name.split()).casefold()
        role = ROLE_OWNER_WORDS.get(folded)
        by_role = [c.member_id for c in candidates if role is not None and c.role == role]
        by_name = [c.member_id for c in candidates if c.name.casefold() == folded]
        by_first = [c.member_id for c in candidates if c.first_name.casefold() == folded]
        found = by_role or by_name or (by_first if len(by_first) == 1 else [])
        if found:
            ids += found
        else:
            unmatched.append(name)
    return list(dict.fromkeys(ids)), unmatched


# ---- owners of entries imported from minutes ---------------------------------------------


@dataclass(frozen=True)
class OwnerOption:
    """A person a written name may mean: a member, or someone in the meeting's attendance
    who is not a member here (kept as text if chosen)."""

    name: str
    member_id: int | None


@dataclass(frozen=True)
class OwnerChoice:
    """A written name that fits several people ("Marie" with three Maries present): the
    user chooses on the preview card; nothing is picked for them."""

    as_written: str
    options: tuple[OwnerOption, ...]


@dataclass(frozen=True)
class ResolvedOwners:
    member_ids: tuple[int, ...] = ()
    # Kept as written: people unknown to the group, collective owners ("Samtliga",
    # "samverkansgruppen"), role words nobody holds, present non-members.
    written: tuple[str, ...] = ()
    choices: tuple[OwnerChoice, ...] = ()


def _words(name: str) -> list[str]:
    return name.casefold().split()


def _same_person(member_name: str, written_full_name: str) -> bool:
    """ "Malin Palmér" (member) is "Malin Palmér Andersson" (attendance) and vice versa:
    one name's words start the other's. First names alone never count."""
    a, b = _words(member_name), _words(written_full_name)
    shorter = min(len(a), len(b))
    return shorter >= 2 and a[:shorter] == b[:shorter]


def _as_option(full_name: str, candidates: Sequence[Candidate]) -> OwnerOption:
    exact = [c for c in candidates if c.name.casefold() == full_name.casefold()]
    similar = exact or [c for c in candidates if _same_person(c.name, full_name)]
    if len(similar) == 1:
        return OwnerOption(name=similar[0].name, member_id=similar[0].member_id)
    return OwnerOption(name=full_name, member_id=None)


def _possible_people(
    name: str, present: Sequence[str], candidates: Sequence[Candidate]
) -> list[str]:
    """Full names `name` may mean. The meeting's attendance first: a first name given a
    task at a meeting means someone who was there, when anyone there has that name."""
    folded = " ".join(_words(name))
    if not folded:
        return []
    for pool in (present, [c.name for c in candidates]):
        exact = [p for p in pool if " ".join(_words(p)) == folded]
        if exact:
            return exact[:1]
    if len(folded.split()) == 1:
        for pool in (present, [c.name for c in candidates]):
            by_first = [p for p in pool if _words(p)[:1] == [folded]]
            if by_first:
                return list(dict.fromkeys(by_first))
    return []


def _signer_first(options: list[OwnerOption], signer: str | None) -> list[OwnerOption]:
    if signer is None:
        return options
    signed = " ".join(_words(signer))
    first = [o for o in options if " ".join(_words(o.name)) == signed]
    return first + [o for o in options if o not in first]


def resolve_owners(
    names: Sequence[str],
    candidates: Sequence[Candidate],
    *,
    present: Sequence[str] = (),
    matches: Mapping[str, Sequence[str]] | None = None,
    signer: str | None = None,
) -> ResolvedOwners:
    """Owner names as written in minutes -> members, names kept as text, and choices.

    `matches` is what the minutes parser found each written name may mean (from the
    attendance and the members); without it the names are looked up here the same way.
    One person: that person (a member by id, anyone else by full name as text). Several:
    an OwnerChoice, with the minutes' signer first, since the secretary often gives
    themself the follow-up. Nobody: the name as written. A wrong owner silently assigned
    is worse than none, so nothing here ever picks between two people."""
    member_ids: list[int] = []
    written: list[str] = []
    choices: list[OwnerChoice] = []
    known = {" ".join(_words(k)): list(v) for k, v in (matches or {}).items()}
    for name in names:
        folded = " ".join(_words(name))
        role = ROLE_OWNER_WORDS.get(folded)
        if role is not None:
            holders = [c.member_id for c in candidates if c.role == role]
            if holders:
                member_ids += holders
            else:
                written.append(name)
            continue
        people = known[folded] if folded in known else _possible_people(name, present, candidates)
        options = list(dict.fromkeys(_as_option(p, candidates) for p in people))
        if not options:
            written.append(name)
        elif len(options) == 1:
            only = options[0]
            if only.member_id is not None:
                member_ids.append(only.member_id)
            else:
                written.append(only.name)
        else:
            choices.append(
                OwnerChoice(as_written=name, options=tuple(_signer_first(options, signer)))
            )
    return ResolvedOwners(
        member_ids=tuple(dict.fromkeys(member_ids)),
        written=tuple(dict.fromkeys(written)),
        choices=tuple(choices),
    )
