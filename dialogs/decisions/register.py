"""Decision register flows: log a decision by text, change its status from its card,
show it again. Shared by the list, form and minutes flows (dialogs/decision_*.py).

Authorisation is always the stored member found by tenant + conversation (the group)
and the sender's AAD object id, looked up again on every card submit.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from cards.common import Card
from cards.decisions.actions import ShowDecision, StatusChange
from cards.decisions.decision_card import DecisionView, decision_card
from cards.i18n import t
from cards.swedish_format import STOCKHOLM, local
from dialogs.access import require_group, require_member
from dialogs.decisions import copies
from dialogs.decisions import reminders as decision_reminders
from dialogs.decisions.audience import refresh_audience
from dialogs.decisions.owners import Candidate, recognise_owners
from dialogs.text.dates import DateParseError, find_deadline
from dialogs.text.pii import PersonalNumberFound, ensure_no_personal_number
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.decisions.models import (
    CLOSED_STATUSES,
    Decision,
    DecisionSource,
    DecisionStatus,
)
from storage.decisions.operations import DecisionError, NewDecision
from storage.directory import membership
from storage.directory.models import Group, Member

log = logging.getLogger(__name__)

# "beslut: …" / "decision …": the word the user typed, to tell English sentences apart.
_ENGLISH_COMMAND = re.compile(r"^\s*decision\b", re.IGNORECASE)


@dataclass(frozen=True)
class Sender:
    group: Group
    member: Member


def local_today(turn: TurnInput) -> date:
    return local(turn.now).date()


async def require_sender(session: AsyncSession, turn: TurnInput) -> Sender:
    """The group of this conversation and the sender as its active member."""
    group = await require_group(session, turn)
    member = await require_member(session, group, turn, "decisions.error.not_member")
    return Sender(group=group, member=member)


async def candidates(session: AsyncSession, group_id: int) -> list[Candidate]:
    return [
        Candidate(member_id=m.id, name=m.name, role=m.role)
        for m in await membership.list_members(session, group_id)
    ]


def view_of(
    decision: Decision, today: date, refresh_user_ids: tuple[str, ...] = ()
) -> DecisionView:
    return DecisionView(
        id=decision.id,
        reference=decision.reference,
        text=decision.text,
        status=decision.status.value,
        revision=decision.revision,
        logged_at=decision.created_at,
        item=decision.item,
        owners=tuple(owner.member.name for owner in decision.owners),
        owner_text=decision.owner_text,
        due=decision.due,
        overdue=decisions.is_overdue(decision, today),
        logged_by=decision.logged_by.name if decision.logged_by else None,
        transitions=tuple(s.value for s in decisions.TRANSITIONS[decision.status]),
        kind=decision.kind.value,
        meeting_date=decision.meeting_date,
        refresh_user_ids=refresh_user_ids,
    )


async def shared_card(
    session: AsyncSession,
    turn: TurnInput,
    decision: Decision,
    *,
    note: str | None = None,
    audience: tuple[str, ...] | None = None,
) -> Card:
    """The card everyone sees in a conversation; each listed viewer is refreshed to their
    own view (dialogs/decisions/own_view.py). `audience`: already looked up this turn."""
    today = local_today(turn)
    if audience is None:
        audience = await refresh_audience(session, decision)
    return decision_card(turn.language, view_of(decision, today, audience), today=today, note=note)


async def card_reply(
    session: AsyncSession,
    turn: TurnInput,
    decision: Decision,
    *,
    note: str | None = None,
    primary: bool = True,
) -> Reply:
    """A new message with the decision's card; its activity id is remembered as a copy
    (dialogs/decisions/copies.py), and as the decision's own card when `primary` (posted
    as it was logged; a copy shown from a list or search is not)."""
    card = await shared_card(session, turn, decision, note=note)
    return Reply(card=card, on_sent=copies.remember_when_sent(turn, decision, primary=primary))


async def updated_card_reply(
    session: AsyncSession,
    turn: TurnInput,
    decision: Decision,
    *,
    note: str | None = None,
    audience: tuple[str, ...] | None = None,
) -> Reply:
    """The card that was clicked, redrawn in place for everyone."""
    card = await shared_card(session, turn, decision, note=note, audience=audience)
    if turn.reply_to_id:
        return Reply(card=card, update_activity_id=turn.reply_to_id)
    return Reply(card=card)


def check_free_text(*texts: str | None) -> None:
    try:
        ensure_no_personal_number(*texts)
    except PersonalNumberFound as exc:
        raise UserFacingError("error.personal_number") from exc


def deadline_in(turn: TurnInput, text: str) -> date | None:
    try:
        return find_deadline(text, today=local_today(turn))
    except DateParseError as exc:
        raise UserFacingError("decisions.error.date", message=exc.message(turn.language)) from exc


async def store(
    session: AsyncSession,
    turn: TurnInput,
    sender: Sender,
    new: NewDecision,
    source: DecisionSource,
    *,
    origin_key: str | None = None,
    year: int | None = None,
) -> tuple[Decision, bool]:
    """PII guard, then store; (decision, created). Storage codes become user messages.
    The number is of `year` (a meeting's, for minutes), else of today's year."""
    check_free_text(new.text, new.item, new.owner_text)
    try:
        decision, created = await decisions.create_decision(
            session,
            tenant_id=turn.tenant_id,
            group_id=sender.group.id,
            new=new,
            source=source,
            logged_by=sender.member,
            year=year if year is not None else local_today(turn).year,
            now=turn.now,
            origin_key=origin_key,
        )
    except DecisionError as exc:
        raise UserFacingError(f"decisions.error.{exc.code}") from exc
    if created:
        log.info(
            "decision logged group=%s decision=%s source=%s owners=%d",
            sender.group.id,
            decision.id,
            source.value,
            len(decision.owners),
        )
    return decision, created


# ---- `beslut: …` -------------------------------------------------------------------------


def usage(turn: TurnInput) -> list[Reply]:
    return [Reply(text=t("decisions.usage", turn.language))]


async def log_from_text(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    if not argument:
        return usage(turn)
    sender = await require_sender(session, turn)
    # Checked before any parsing, so nothing derived from the text is kept either.
    check_free_text(argument)
    guess = recognise_owners(
        argument,
        await candidates(session, sender.group.id),
        english=bool(_ENGLISH_COMMAND.match(turn.text)),
    )
    new = NewDecision(
        text=argument,
        owner_member_ids=guess.member_ids,
        owner_text=", ".join(guess.written) or None,
        due=deadline_in(turn, argument),
    )
    origin = f"activity:{turn.activity_id}" if turn.activity_id else None
    decision, _ = await store(session, turn, sender, new, DecisionSource.TEXT, origin_key=origin)
    return [await card_reply(session, turn, decision)]


# ---- status buttons -----------------------------------------------------------------------


async def status_sender(session: AsyncSession, turn: TurnInput, decision_id: int) -> Sender:
    """In a group's conversation, that group. In a personal chat (the Klar/Påbörjad buttons
    on a reminder), the decision's own group, where the sender must be an active member
    just the same; the role check below is the card's."""
    if turn.in_group:
        return await require_sender(session, turn)
    group = await decisions.group_of_decision(session, turn.tenant_id, decision_id)
    if group is None:
        raise UserFacingError("decisions.error.not_found")
    member = await require_member(session, group, turn, "decisions.error.not_member")
    return Sender(group=group, member=member)


async def change_status(
    session: AsyncSession, turn: TurnInput, payload: StatusChange
) -> list[Reply]:
    sender = await status_sender(session, turn, payload.decision_id)
    decision = await decisions.get_decision(session, sender.group.id, payload.decision_id)
    if decision is None:
        raise UserFacingError("decisions.error.not_found")
    if not decisions.may_change_status(decision, sender.member):
        log.info(
            "decision status change refused group=%s decision=%s member=%s",
            sender.group.id,
            decision.id,
            sender.member.id,
        )
        raise UserFacingError("decisions.error.status_refused")
    target = DecisionStatus(payload.to_status)
    try:
        changed = await decisions.change_status(
            session,
            decision,
            to=target,
            expected_from=DecisionStatus(payload.from_status),
            expected_revision=payload.revision,
            actor=sender.member,
            now=turn.now,
        )
    except DecisionError:
        changed = False  # a forged transition: show the decision as it is
    fresh = await decisions.get_decision(session, sender.group.id, decision.id)
    assert fresh is not None
    if changed and target in CLOSED_STATUSES:
        await decision_reminders.cancel_reminders(session, decision.id)
    if not changed:
        # Replayed, double-clicked or overtaken: nothing to record, just show the truth.
        return [await updated_card_reply(session, turn, fresh)]
    audience = await refresh_audience(session, fresh)
    everyone = await shared_card(session, turn, fresh, audience=audience)
    others = await copies.redraw_other_copies(session, turn, fresh, lambda: everyone)
    log.info(
        "decision status changed group=%s decision=%s revision=%d",
        sender.group.id,
        fresh.id,
        fresh.revision,
    )
    note = t(
        "decisions.card.changed_by",
        turn.language,
        name=sender.member.name,
        status=t(f"decisions.status.{target.value}", turn.language),
    )
    clicked = await updated_card_reply(session, turn, fresh, note=note, audience=audience)
    return [clicked, *others]


async def show(session: AsyncSession, turn: TurnInput, payload: ShowDecision) -> list[Reply]:
    sender = await require_sender(session, turn)
    decision = await decisions.get_decision(session, sender.group.id, payload.decision_id)
    if decision is None:
        raise UserFacingError("decisions.error.not_found")
    return [await card_reply(session, turn, decision, primary=False)]


def utc_midnight(day: date) -> datetime:
    """The start of a Stockholm day, in UTC."""
    return datetime.combine(day, time(), tzinfo=STOCKHOLM).astimezone(UTC)
