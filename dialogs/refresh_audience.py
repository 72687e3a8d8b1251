"""Who Teams refreshes automatically to their own view of a Universal Actions card.

Teams refreshes at most 60 listed users (`refresh.userIds`). Up to 60 members, all of
them are listed, so each sees only what they may use and the shared message can be
neutral. More: only those `keep` picks (the people who act on the card: organisers,
owners, contacts) are listed and the others refresh by hand, so the shared message must
still offer what they might need.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from cards.common import MAX_REFRESH_USERS


class Reachable(Protocol):
    @property
    def teams_user_id(self) -> str | None: ...


P = TypeVar("P", bound=Reachable)


def refresh_audience(
    people: Sequence[P], keep: Callable[[P], bool]
) -> tuple[tuple[str, ...], bool]:
    """(Teams user ids to list, whether that is every member)."""
    reachable = [p for p in people if p.teams_user_id]
    if len(reachable) == len(people) and len(people) <= MAX_REFRESH_USERS:
        return tuple(p.teams_user_id for p in reachable if p.teams_user_id), True
    kept = [p.teams_user_id for p in reachable if p.teams_user_id and keep(p)]
    return tuple(kept[:MAX_REFRESH_USERS]), False
