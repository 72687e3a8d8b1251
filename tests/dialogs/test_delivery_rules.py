"""The outbox's delivery rules on their own: pause, office hours, opt-out, routing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dialogs.reminders.delivery_rules import (
    Defer,
    Drop,
    ForPerson,
    ToConversation,
    ToPerson,
    fallback_mentions,
    hold_back,
    offers_snooze,
    reach_person,
    route,
)
from storage.directory.models import Conversation
from storage.outbox.models import OutboxMessage
from storage.outbox.recipients import PersonReach
from storage.reminders.settings import GroupReminderSettings

REPO = Path(__file__).resolve().parents[2]
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # 11:00 in Stockholm


def message(**fields: object) -> OutboxMessage:
    values: dict[str, object] = {
        "tenant_id": "tenant",
        "nudge": True,
        "group_id": 1,
        "conversation_pk": None,
        "user_aad_id": "aad-1",
        "update_activity_id": None,
        "mentions": [],
    }
    return OutboxMessage(**(values | fields))


def reach(**fields: object) -> PersonReach:
    values: dict[str, object] = {
        "personal_nudges_on": True,
        "personal": None,
        "personal_gone": False,
        "fallback": None,
        "teams_user_id": "29:1",
        "member_name": "Anna",
        "anchor": None,
    }
    return PersonReach(**(values | fields))  # type: ignore[arg-type]


def test_other_messages_go_whatever_the_group_or_the_hour() -> None:
    paused = GroupReminderSettings(group_id=1, paused=True)
    assert hold_back(message(nudge=False), paused, SATURDAY) is None


def test_a_paused_group_drops_its_nudges() -> None:
    paused = GroupReminderSettings(group_id=1, paused=True)
    assert hold_back(message(), paused, MONDAY_MORNING) == Drop("group_paused")


def test_a_nudge_waits_for_the_groups_office_hours() -> None:
    settings = GroupReminderSettings(group_id=1, office_start_hour=9, office_end_hour=16)
    held = hold_back(message(), settings, SATURDAY)
    # Monday 09:00 in Stockholm (UTC+1 in November).
    assert held == Defer(datetime(2026, 11, 30, 8, 0, tzinfo=UTC), "outside_office_hours")
    assert hold_back(message(), settings, MONDAY_MORNING) is None


def test_a_nudge_without_a_group_uses_the_default_hours() -> None:
    held = hold_back(message(group_id=None), None, SATURDAY)
    assert held == Defer(datetime(2026, 11, 30, 7, 0, tzinfo=UTC), "outside_office_hours")


def test_route_to_an_active_conversation_only() -> None:
    active = Conversation(id=5, active=True)
    assert route(message(conversation_pk=5), {5: active}) == ToConversation(active)
    gone = {5: Conversation(id=5, active=False)}
    assert route(message(conversation_pk=5), gone) == Drop("conversation_gone")
    assert route(message(conversation_pk=6), {}) == Drop("conversation_gone")
    # Found gone earlier in the same round: the batch's own copy is not changed.
    assert route(message(conversation_pk=5), {5: active}, gone={5}) == Drop("conversation_gone")


def test_a_gone_personal_chat_is_neither_used_nor_created_again() -> None:
    fallback = Conversation(id=7, active=True)
    chat = Conversation(id=9, active=True)
    fresh = reach_person(message(), reach(fallback=fallback))
    assert isinstance(fresh, ToPerson) and fresh.may_create_personal
    known_gone = reach_person(message(), reach(personal_gone=True, fallback=fallback))
    assert isinstance(known_gone, ToPerson)
    assert (known_gone.personal, known_gone.may_create_personal) == (None, False)
    assert known_gone.fallback is fallback
    gone_this_round = reach_person(message(), reach(personal=chat, fallback=fallback), gone={9})
    assert isinstance(gone_this_round, ToPerson)
    assert (gone_this_round.personal, gone_this_round.may_create_personal) == (None, False)


def test_route_to_a_person_unless_nobody_or_an_update() -> None:
    assert route(message(), {}) == ForPerson()
    assert route(message(user_aad_id=None), {}) == Drop("no_target")
    assert route(message(update_activity_id="a1"), {}) == Drop("no_target")


@pytest.mark.parametrize(("nudge", "dropped"), [(True, True), (False, False)])
def test_an_opt_out_stops_nudges_only(nudge: bool, dropped: bool) -> None:
    plan = reach_person(message(nudge=nudge), reach(personal_nudges_on=False))
    assert (plan == Drop("opted_out")) is dropped


def test_a_fallback_post_mentions_the_person_when_the_row_names_nobody() -> None:
    fallback = Conversation(id=7, active=True)
    plan = reach_person(message(), reach(fallback=fallback, anchor=fallback))
    assert isinstance(plan, ToPerson)
    assert fallback_mentions(message(), plan) == [{"teams_user_id": "29:1", "name": "Anna"}]
    own = [{"teams_user_id": "29:2", "name": "Bo"}]
    assert fallback_mentions(message(mentions=own), plan) == own


def test_only_a_personal_nudge_offers_snooze() -> None:
    assert offers_snooze(message())
    assert not offers_snooze(message(nudge=False))
    assert not offers_snooze(message(user_aad_id=None, conversation_pk=5))
