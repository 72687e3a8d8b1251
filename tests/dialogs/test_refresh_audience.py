"""Who Teams refreshes to their own view (dialogs/refresh_audience.py): every member up
to Teams' 60, else only the people who act on the card; someone without a known Teams
id can never be listed, so then the card cannot count on everyone being refreshed."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.refresh_audience import refresh_audience


@dataclass(frozen=True)
class Person:
    teams_user_id: str | None
    acts: bool = False


def people(count: int, *, acting: int = 0) -> list[Person]:
    return [Person(f"29:{n}", acts=n < acting) for n in range(count)]


def test_up_to_sixty_members_all_are_listed() -> None:
    ids, everyone = refresh_audience(people(60, acting=2), lambda p: p.acts)
    assert len(ids) == 60 and everyone


def test_over_sixty_only_those_who_act_on_the_card_are_listed() -> None:
    ids, everyone = refresh_audience(people(61, acting=3), lambda p: p.acts)
    assert ids == ("29:0", "29:1", "29:2") and not everyone


def test_a_member_without_a_teams_id_means_not_everyone_is_refreshed() -> None:
    group = [*people(5, acting=1), Person(None, acts=True)]
    ids, everyone = refresh_audience(group, lambda p: p.acts)
    assert ids == ("29:0",) and not everyone


def test_never_more_than_sixty_are_listed() -> None:
    ids, everyone = refresh_audience(people(100, acting=80), lambda p: p.acts)
    assert len(ids) == 60 and not everyone
