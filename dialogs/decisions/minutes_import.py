"""Import decisions from minutes pasted in Teams: `protokoll` + the text, or the paste
form it opens.

Order of events, each a separate turn:
1. The whole pasted text passes the PII guard, or nothing happens at all.
2. extract_minutes reads it; the decisions found are kept as a pending import (a row
   with a random token) and shown on a preview card, where owners and due dates can be
   corrected and single decisions left out. No decision exists yet.
3. Confirm stores them. The pending import is single use (a conditional UPDATE claims
   it), so a second confirm, a double click or a redelivery stores nothing more.
Proposed meeting dates are only mentioned, with the command that starts a date poll.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Any

from cards.common import Card
from cards.decisions.actions import (
    MAX_IMPORT_DECISIONS,
    MinutesPaste,
    confirmed_values,
)
from cards.decisions.forms import PreviewDecision, minutes_paste_card, minutes_preview_card
from cards.decisions.lists import decision_list_card
from cards.i18n import t
from dialogs.decisions.forms import member_choices
from dialogs.decisions.owners import owners_from_names
from dialogs.decisions.register import (
    Sender,
    candidates,
    check_free_text,
    local_today,
    require_sender,
    store,
    view_of,
)
from dialogs.text.minutes import extract_minutes
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.decisions.models import (
    MAX_AGENDA_ITEM,
    MAX_DECISION_TEXT,
    MAX_OWNER_TEXT,
    DecisionSource,
)
from storage.decisions.operations import STATUS_ROLES, NewDecision
from storage.directory import membership

log = logging.getLogger(__name__)

PAYLOAD_VERSION = 1


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pasted_text(turn: TurnInput, argument: str) -> str:
    """The minutes as pasted, line by line (`raw_text` keeps line breaks that
    `TurnInput.text` collapses); the flattened argument when there is nothing else."""
    raw = turn.raw_text
    if raw.strip():
        lines = raw.strip().splitlines()
        first = lines[0].split(None, 1)
        lines[0] = first[1] if len(first) > 1 else ""
        return "\n".join(lines).strip()
    return argument


async def start(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    text = pasted_text(turn, argument)
    if not text.strip():
        await require_sender(session, turn)
        return [Reply(card=minutes_paste_card(turn.language))]
    return await preview(session, turn, text)


async def from_paste(session: AsyncSession, turn: TurnInput, payload: MinutesPaste) -> list[Reply]:
    if not payload.minutes.strip():
        raise UserFacingError("decisions.minutes.empty")
    return await preview(session, turn, payload.minutes)


async def preview(session: AsyncSession, turn: TurnInput, text: str) -> list[Reply]:
    sender = await require_sender(session, turn)
    check_free_text(text)  # before reading it: a refused text leaves no trace at all
    token, payload = await prepare(session, turn, sender, text)
    if token is None:
        return [nothing_found(turn, payload)]
    return [Reply(card=await preview_card(session, turn, sender, token, payload))]


async def prepare(
    session: AsyncSession, turn: TurnInput, sender: Sender, text: str
) -> tuple[str | None, dict[str, Any]]:
    """Read the minutes for `sender.group` and keep what was found as a pending import:
    (its token, the payload); no token when no decision was found. The caller has passed
    the whole text through the PII guard."""
    today = local_today(turn)
    people = await candidates(session, sender.group.id)
    extract = extract_minutes(text, today=today, known_people=[p.name for p in people])
    found: list[dict[str, Any]] = []
    for decision in extract.decisions[:MAX_IMPORT_DECISIONS]:
        owner_ids, unmatched = owners_from_names(decision.owners, people)
        found.append(
            {
                "item": _clip(decision.item, MAX_AGENDA_ITEM) if decision.item else None,
                "text": _clip(decision.text, MAX_DECISION_TEXT),
                "owner_ids": owner_ids,
                "unmatched": unmatched,
                "due": decision.due.isoformat() if decision.due else None,
            }
        )
    payload: dict[str, Any] = {
        "v": PAYLOAD_VERSION,
        "decisions": found,
        # What the preview card shows besides the decisions, so it can be drawn later
        # (a minutes file in the personal chat, once a group is chosen).
        "meeting_date": extract.meeting_date.isoformat() if extract.meeting_date else None,
        "proposed_dates": [d.isoformat() for d in extract.proposed_dates],
        "left_out": max(len(extract.decisions) - MAX_IMPORT_DECISIONS, 0),
    }
    if not found:
        return None, payload
    pending = await decisions.create_import(
        session,
        tenant_id=turn.tenant_id,
        group_id=sender.group.id,
        created_by_aad_id=sender.member.aad_object_id,
        payload=json.dumps(payload, ensure_ascii=False),
        now=turn.now,
    )
    log.info(
        "minutes preview group=%s import=%s decisions=%d", sender.group.id, pending.id, len(found)
    )
    return pending.token, payload


async def preview_card(
    session: AsyncSession,
    turn: TurnInput,
    sender: Sender,
    token: str,
    payload: dict[str, Any],
) -> Card:
    """The preview of a pending import; in the personal chat it names the group."""
    personal = not turn.in_group
    return minutes_preview_card(
        turn.language,
        import_id=token,
        decisions=[_preview_of(i, entry) for i, entry in enumerate(payload["decisions"])],
        members=await member_choices(session, sender.group.id),
        meeting_date=_day(payload.get("meeting_date")),
        proposed_dates=[d for d in map(_day, payload.get("proposed_dates") or []) if d],
        left_out=int(payload.get("left_out") or 0),
        today=local_today(turn),
        group_id=sender.group.id if personal else None,
        group_name=sender.group.name if personal else None,
    )


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def nothing_found(turn: TurnInput, payload: dict[str, Any]) -> Reply:
    proposed = tuple(d for d in map(_day, payload.get("proposed_dates") or []) if d)
    return _nothing_found(turn, proposed)


async def personal_sender(session: AsyncSession, turn: TurnInput, group_id: int | None) -> Sender:
    """In the personal chat, which belongs to no group: the group a card names, and the
    sender as its active member (looked up again, never taken from the card)."""
    aad_id = turn.sender.aad_object_id
    if group_id is None or not aad_id:
        raise UserFacingError("decisions.minutes.unknown_import")
    for group in await membership.active_groups_of(session, turn.tenant_id, aad_id):
        if group.id == group_id:
            member = await membership.get_member(session, group.id, aad_id)
            if member is not None and member.active:
                return Sender(group=group, member=member)
    raise UserFacingError("decisions.error.not_member")


def _nothing_found(turn: TurnInput, proposed: tuple[date, ...]) -> Reply:
    text = t("decisions.minutes.none_found", turn.language)
    if proposed:
        typed = ", ".join(f"{d.day}/{d.month}" for d in proposed)
        text += "\n\n" + t("decisions.minutes.proposed_only", turn.language, typed=typed)
    return Reply(text=text)


def _preview_of(index: int, entry: dict[str, Any]) -> PreviewDecision:
    return PreviewDecision(
        index=index,
        text=entry["text"],
        item=entry["item"],
        owner_ids=tuple(entry["owner_ids"]),
        unmatched_owners=tuple(entry["unmatched"]),
        due=date.fromisoformat(entry["due"]) if entry["due"] else None,
    )


def _may_confirm(sender: Sender, created_by_aad_id: str) -> bool:
    member = sender.member
    return member.aad_object_id == created_by_aad_id or member.role in STATUS_ROLES


async def confirm(session: AsyncSession, turn: TurnInput, payload: Any) -> list[Reply]:
    if turn.in_group:
        sender = await require_sender(session, turn)
    else:
        sender = await personal_sender(session, turn, payload.group)
    pending = await decisions.find_import(session, sender.group.id, payload.import_id)
    if pending is None:
        raise UserFacingError("decisions.minutes.unknown_import")
    if not _may_confirm(sender, pending.created_by_aad_id):
        raise UserFacingError("decisions.minutes.confirm_refused")
    stored_payload = json.loads(pending.payload)
    if not await decisions.claim_import(session, pending, turn.now):
        return [Reply(text=t("decisions.minutes.already_saved", turn.language))]
    today = local_today(turn)
    saved = []
    for index, entry in enumerate(stored_payload.get("decisions", [])):
        chosen = confirmed_values(payload, index)
        if not chosen.include:
            continue
        unmatched = ", ".join(entry["unmatched"]) or None
        new = NewDecision(
            text=entry["text"],
            item=entry["item"],
            owner_member_ids=entry["owner_ids"] if chosen.owners is None else chosen.owners,
            owner_text=_clip(unmatched, MAX_OWNER_TEXT) if unmatched else None,
            due=chosen.due if chosen.due_sent else _stored_due(entry),
        )
        decision, _ = await store(session, turn, sender, new, DecisionSource.MINUTES)
        saved.append(decision)
    log.info(
        "minutes import confirmed group=%s import=%s saved=%d",
        sender.group.id,
        pending.id,
        len(saved),
    )
    card = decision_list_card(
        turn.language,
        title=t("decisions.minutes.saved_title", turn.language, count=len(saved)),
        views=[view_of(d, today) for d in saved],
        today=today,
        filters="",
        next_offset=None,
    )
    if turn.reply_to_id:
        return [Reply(card=card, update_activity_id=turn.reply_to_id)]
    return [Reply(card=card)]


def _stored_due(entry: dict[str, Any]) -> date | None:
    return date.fromisoformat(entry["due"]) if entry.get("due") else None


def load_payload(raw: str) -> dict[str, Any]:
    loaded = json.loads(raw)
    if not isinstance(loaded, dict) or not isinstance(loaded.get("decisions"), list):
        raise UserFacingError("decisions.minutes.unknown_import")
    return loaded
