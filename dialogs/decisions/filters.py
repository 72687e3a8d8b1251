"""The filter syntax of `beslut lista`: `nyckel:värde`, several at once.

    beslut lista                          open and in-progress decisions, overdue first
    beslut lista ägare:Gabriel            owned by a member (first or full name, or "mig")
    beslut lista status:klar,inaktuell    by status ("alla" for every status; "påbörjad"
                                          and the older "pågår" are the same)
    beslut lista org:Gnesta               with an owner from an organisation
    beslut lista punkt:budget             whose agenda item contains the word

English keys work too: owner:, status:, org:, item:. A value runs until the next key,
so names with spaces need no quotes ("ägare:Malin Palmér status:klar").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storage.decisions.models import DecisionStatus

KEYS: dict[str, str] = {
    "ägare": "owner",
    "ansvarig": "owner",
    "owner": "owner",
    "status": "status",
    "org": "org",
    "organisation": "org",
    "organization": "org",
    "punkt": "item",
    "möte": "item",
    "item": "item",
    "meeting": "item",
}
STATUS_WORDS: dict[str, tuple[DecisionStatus, ...]] = {
    "öppen": (DecisionStatus.OPEN,),
    "öppna": (DecisionStatus.OPEN,),
    "open": (DecisionStatus.OPEN,),
    # The cards say "påbörjad" (the button's word); "pågår" is the older word and the
    # stored value, so both are understood.
    "påbörjad": (DecisionStatus.IN_PROGRESS,),
    "påbörjade": (DecisionStatus.IN_PROGRESS,),
    "pågår": (DecisionStatus.IN_PROGRESS,),
    "pågående": (DecisionStatus.IN_PROGRESS,),
    "started": (DecisionStatus.IN_PROGRESS,),
    "ongoing": (DecisionStatus.IN_PROGRESS,),
    "in progress": (DecisionStatus.IN_PROGRESS,),
    "klar": (DecisionStatus.DONE,),
    "klara": (DecisionStatus.DONE,),
    "done": (DecisionStatus.DONE,),
    "inaktuell": (DecisionStatus.OBSOLETE,),
    "inaktuella": (DecisionStatus.OBSOLETE,),
    "obsolete": (DecisionStatus.OBSOLETE,),
    "aktiva": (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS),
    "active": (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS),
    "alla": tuple(DecisionStatus),
    "all": tuple(DecisionStatus),
}
SELF_WORDS = frozenset({"mig", "jag", "me", "mine", "mina"})
_KEY = re.compile(r"(?<!\S)(" + "|".join(sorted(KEYS, key=len, reverse=True)) + r")\s*:\s*", re.I)
MAX_VALUE = 100
# The filters ride along in the 'Visa fler' button (cards.decisions.actions.ListMore).
MAX_FILTERS = 200


class FilterSyntaxError(ValueError):
    """`code` picks the message; `value` is the offending word, shown back to the user."""

    def __init__(self, code: str, value: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.value = value


@dataclass(frozen=True)
class ListFilters:
    statuses: tuple[DecisionStatus, ...] = (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)
    owner: str | None = None
    organisation: str | None = None
    item: str | None = None
    given: tuple[str, ...] = field(default=())  # the filters as typed, for the card header


def parse_filters(text: str) -> ListFilters:
    text = " ".join(text.split())
    if not text:
        return ListFilters()
    if len(text) > MAX_FILTERS:
        raise FilterSyntaxError("syntax")
    matches = list(_KEY.finditer(text))
    if not matches or matches[0].start() != 0:
        raise FilterSyntaxError("syntax")
    values: dict[str, str] = {}
    given: list[str] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[match.end() : end].strip()
        if not value or len(value) > MAX_VALUE:
            raise FilterSyntaxError("syntax")
        values[KEYS[match.group(1).casefold()]] = value
        given.append(f"{match.group(1).casefold()}:{value}")
    statuses = ListFilters.statuses
    if "status" in values:
        chosen: list[DecisionStatus] = []
        for word in values["status"].split(","):
            found = STATUS_WORDS.get(word.strip().casefold())
            if found is None:
                raise FilterSyntaxError("status", word.strip())
            chosen += found
        statuses = tuple(dict.fromkeys(chosen))
    return ListFilters(
        statuses=statuses,
        owner=values.get("owner"),
        organisation=values.get("org"),
        item=values.get("item"),
        given=tuple(given),
    )
