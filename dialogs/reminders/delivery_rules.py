"""Whether a claimed outbox message may go now, to whom, or until when it waits: the rules
the dispatcher (bot/outbox/dispatcher.py) applies to each row before it sends.

A nudge (a reminder to act) obeys its group's pause (dropped, not sent later; a pause
with an end date is over at that moment without anyone resuming it), the
group's office hours on Swedish working days (deferred to the next office morning; 08–17
without a group) and the person's opt-out of personal nudges. Other messages (results,
invitations, card updates) go as soon as they are due. Then the target: the row's
conversation while it is active, else a person's 1:1 chat, with a fallback @mention in
the row's fallback conversation.

These functions do no I/O: they judge what the dispatcher read, when it read it. A group
paused or a conversation removed after its batch was claimed is seen by the next batch
(a send to a removed conversation fails with "gone" anyway).
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime

from dialogs.text.working_time import next_office_time
from storage.directory.models import Conversation
from storage.outbox.models import OutboxMessage
from storage.outbox.recipients import PersonReach
from storage.reminders.settings import GroupReminderSettings


@dataclass(frozen=True)
class Drop:
    """Nowhere to deliver, or not wanted: the row ends as dropped with this reason code."""

    reason: str


@dataclass(frozen=True)
class Defer:
    """Not now: back to the queue until then, without counting an attempt."""

    until: datetime
    reason: str


@dataclass(frozen=True)
class ToConversation:
    conversation: Conversation


@dataclass(frozen=True)
class ForPerson:
    """The row is for a person: read how they can be reached, then ask `reach_person`."""


@dataclass(frozen=True)
class ToPerson:
    personal: Conversation | None
    # No active 1:1 chat: may the dispatcher create one through the connector? Not when
    # their chat is known to be gone (Teams would give back that same blocked chat): a
    # gone chat stays gone until they write to the bot or reinstall it.
    may_create_personal: bool
    fallback: Conversation | None
    teams_user_id: str | None
    member_name: str | None
    # Where the personal chat can be created from (its service URL and bot id).
    anchor: Conversation | None


def hold_back(
    message: OutboxMessage, settings: GroupReminderSettings | None, now: datetime
) -> Drop | Defer | None:
    """Why a due message may not go now, or None when it may. `settings` are its group's.
    A message past its `expires_at` is superseded (the reminder that now applies is
    another one) whatever its kind: sent late, it would say something no longer true."""
    if message.expires_at is not None and now >= message.expires_at:
        return Drop("superseded")
    if not message.nudge:
        return None
    if settings is not None and settings.paused_at(now):
        return Drop("group_paused")
    if settings is not None:
        office = next_office_time(now, start=settings.office_start, end=settings.office_end)
    else:
        office = next_office_time(now)
    if office > now:
        return Defer(office, "outside_office_hours")
    return None


def route(
    message: OutboxMessage,
    conversations: Mapping[int, Conversation],
    gone: AbstractSet[int] = frozenset(),
) -> Drop | ToConversation | ForPerson:
    """Its conversation (from `conversations`, the batch's), or the person it names.
    `gone`: conversations found gone since the batch was read."""
    if message.conversation_pk is not None:
        conversation = conversations.get(message.conversation_pk)
        if conversation is None or not conversation.active or conversation.id in gone:
            return Drop("conversation_gone")
        return ToConversation(conversation)
    # An update replaces a card in a conversation; a person has none to update.
    if message.update_activity_id or not message.user_aad_id:
        return Drop("no_target")
    return ForPerson()


def reach_person(
    message: OutboxMessage, reach: PersonReach, gone: AbstractSet[int] = frozenset()
) -> Drop | ToPerson:
    if message.nudge and not reach.personal_nudges_on:
        return Drop("opted_out")
    personal = reach.personal if reach.personal and reach.personal.id not in gone else None
    fallback = reach.fallback if reach.fallback and reach.fallback.id not in gone else None
    return ToPerson(
        personal=personal,
        may_create_personal=personal is None
        and not reach.personal_gone
        and not (reach.personal is not None and reach.personal.id in gone),
        fallback=fallback,
        teams_user_id=reach.teams_user_id,
        member_name=reach.member_name,
        anchor=reach.anchor,
    )


def fallback_mentions(message: OutboxMessage, plan: ToPerson) -> list[dict[str, str]]:
    """Who a fallback post @mentions: the row's own mentions, else the person it is for
    (from the directory), so they see it is meant for them."""
    if not message.mentions and plan.teams_user_id and plan.member_name:
        return [{"teams_user_id": plan.teams_user_id, "name": plan.member_name}]
    return list(message.mentions or [])


def offers_snooze(message: OutboxMessage) -> bool:
    """A nudge for one person carries a snooze button (dialogs/reminders/flows.py:snooze)."""
    return bool(message.nudge and message.user_aad_id)
