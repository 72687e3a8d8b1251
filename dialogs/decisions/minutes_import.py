"""Import decisions from minutes pasted in Teams: `protokoll` + the text, or the paste
form it opens.

Order of events, each a separate turn:
1. The whole pasted text passes the PII guard, or nothing happens at all.
2. extract_minutes reads it; the decisions and tasks found are kept as a pending import
   (a row with a random token) and shown on a preview card, where owners and due dates
   can be corrected and single entries left out. Owners are resolved against the
   meeting's attendance and the group's members (dialogs/decisions/owners.py): a name
   that fits several people is a required choice on the card, never a guess; a name that
   fits nobody is kept as written. Entries the register already holds (same group, same
   normalised text, same meeting date), entries naming a number the register has
   ("B-2026-014", as a returned minutes draft lists them) and entries with the text of
   an open one are flagged and not offered. No entry exists yet.
3. Confirm stores them, numbered in the meeting's year and carrying its date. The
   pending import is single use (a conditional UPDATE claims it), so a second confirm, a
   double click or a redelivery stores nothing more; and every entry's origin key
   (storage: decisions.minutes_origin, unique per group) keeps a second import of the same
   minutes, even one confirmed at the same moment, from storing a twin.
Proposed meeting dates are only mentioned, with the command that starts a date poll.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date, datetime
from typing import Any

from cards.common import Card, shorten
from cards.decisions.actions import (
    MAX_IMPORT_DECISIONS,
    MAX_OWNER_CHOICES,
    ConfirmedDecision,
    MinutesPaste,
    confirmed_values,
    entered_values,
)
from cards.decisions.forms import (
    PreviewDecision,
    PreviewOption,
    PreviewOwnerChoice,
    minutes_paste_card,
    minutes_preview_card,
)
from cards.decisions.lists import decision_list_card
from cards.i18n import t
from cards.swedish_format import short_day
from dialogs.decisions.forms import member_choices
from dialogs.decisions.owners import Candidate, resolve_owners
from dialogs.decisions.register import (
    Sender,
    candidates,
    check_free_text,
    local_today,
    require_sender,
    store,
    view_of,
)
from dialogs.text.minutes import MinutesExtract, extract_minutes
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.decisions.models import (
    MAX_AGENDA_ITEM,
    MAX_DECISION_TEXT,
    MAX_OWNER_TEXT,
    DecisionKind,
    DecisionSource,
    reference_of,
)
from storage.decisions.operations import STATUS_ROLES, NewDecision
from storage.directory import membership

log = logging.getLogger(__name__)

# An open entry's text shorter than this ("Budget") would match too much prose to
# recognise the entry in it.
_MIN_WORDS_TO_RECOGNISE = 3
# A register number as the draft and the cards write it: "B-2026-014".
_REFERENCE = re.compile(r"\bB-(?P<year>\d{4})-(?P<number>\d{1,6})\b")

# 2: entries carry kind, choices, origin; the payload carries the meeting date. Pending
# imports of version 1 still confirm (the new keys are read with defaults).
PAYLOAD_VERSION = 2


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


async def preview(
    session: AsyncSession, turn: TurnInput, text: str, *, note_unread: bool = False
) -> list[Reply]:
    """`note_unread`: a file (a returned minutes draft) also gets what it lacked; pasted
    text is often a few lines on purpose."""
    sender = await require_sender(session, turn)
    check_free_text(text)  # before reading it: a refused text leaves no trace at all
    token, payload = await prepare(session, turn, sender, text)
    notes = file_notes(turn, payload) if note_unread else []
    if token is None:
        return [*notes, nothing_found(turn, payload)]
    return [*notes, Reply(card=await preview_card(session, turn, sender, token, payload))]


async def prepare(
    session: AsyncSession, turn: TurnInput, sender: Sender, text: str
) -> tuple[str | None, dict[str, Any]]:
    """Read the minutes for `sender.group` and keep what was found as a pending import:
    (its token, the payload); no token when no decision was found. The caller has passed
    the whole text through the PII guard."""
    today = local_today(turn)
    people = await candidates(session, sender.group.id)
    extract = extract_minutes(text, today=today, known_people=[p.name for p in people])
    found = _found_entries(extract, people)
    register_texts = await _mark_registered(session, sender.group.id, found)
    payload: dict[str, Any] = {
        "v": PAYLOAD_VERSION,
        "meeting_date": extract.meeting_date.isoformat() if extract.meeting_date else None,
        "decisions": found,
        # What the preview card shows besides the entries, so it can be drawn later
        # (a minutes file in the personal chat, once a group is chosen).
        "proposed_dates": [d.isoformat() for d in extract.proposed_dates],
        "left_out": max(len(extract.decisions) + len(extract.actions) - MAX_IMPORT_DECISIONS, 0),
        "missing_reports": list(extract.missing_reports),
        "deadlines": [
            [day.isoformat(), text]
            for day, text in _loose_deadlines(extract, found)
            if not _of_the_register(text, register_texts)
        ],
        "unread": _unread_parts(extract),
        "next_meeting": _iso_moment(extract.next_meeting),
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


def _unread_parts(extract: MinutesExtract) -> list[str]:
    """The parts every set of minutes (and the bot's own draft) has that were not found:
    a file edited out of shape is read as far as it goes, and the user is told the rest."""
    missing = []
    if extract.meeting_date is None:
        missing.append("date")
    if not extract.agenda_items:
        missing.append("items")
    if not extract.present:
        missing.append("present")
    return missing


def _iso_moment(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def file_notes(turn: TurnInput, payload: dict[str, Any]) -> list[Reply]:
    """Said before the preview of a minutes file (a returned draft): what it lacked, and
    the next meeting it names with the command that calls it."""
    notes = []
    parts = [str(part) for part in payload.get("unread") or []]
    if parts:
        lines = [f"- {t(f'minutes_file.unread.{part}', turn.language)}" for part in parts]
        notes.append(Reply(text="\n".join([t("minutes_file.unread", turn.language), *lines])))
    if isinstance(raw := payload.get("next_meeting"), str):
        notes.append(Reply(text=_next_meeting_text(turn, raw)))
    return notes


def _next_meeting_text(turn: TurnInput, raw: str) -> str:
    """The next meeting as a day and as the `möte` command that calls it."""
    if "T" in raw:
        moment = datetime.fromisoformat(raw)
        day = moment.date()
        clock = f" kl {moment.hour}" if moment.minute == 0 else f" kl {moment:%H.%M}"
    else:
        day, clock = date.fromisoformat(raw), ""
    typed = f"{day.day}/{day.month}{clock}"
    when = short_day(day, turn.language)
    return t("minutes_file.next_meeting", turn.language, when=when, typed=typed)


async def preview_card(
    session: AsyncSession,
    turn: TurnInput,
    sender: Sender,
    token: str,
    payload: dict[str, Any],
    *,
    start: int = 0,
    values: dict[str, str] | None = None,
    edit: int | None = None,
) -> Card:
    """The preview of a pending import; in the personal chat it names the group. `start`,
    `values` and `edit`: another page of a long preview, with what was entered so far."""
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
        missing_reports=[str(name) for name in payload.get("missing_reports") or []],
        deadlines=[
            (day, str(text))
            for day, text in ((_day(d), x) for d, x in payload.get("deadlines") or [])
            if day is not None
        ],
        group_id=sender.group.id if personal else None,
        group_name=sender.group.name if personal else None,
        start=start,
        values=values,
        edit=edit,
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
        kind=entry.get("kind", DecisionKind.DECISION.value),
        choices=tuple(
            PreviewOwnerChoice(
                as_written=choice["as_written"],
                options=tuple(
                    PreviewOption(
                        name=o["name"], member=o["member_id"] is not None, signer=o["signer"]
                    )
                    for o in choice["options"]
                ),
            )
            for choice in entry.get("choices", [])
        ),
        duplicate_of=entry.get("registered_as"),
    )


# ---- entries: decisions and tasks, their owners, and what the register already holds ----


def _found_entries(extract: MinutesExtract, people: list[Candidate]) -> list[dict[str, Any]]:
    """Decisions, then tasks, as the pending import keeps them (JSON), at most
    MAX_IMPORT_DECISIONS. Owners are resolved against the meeting's attendance and the
    group's members; a name that fits several people becomes a choice for the user."""
    kinds = [(DecisionKind.DECISION, d) for d in extract.decisions]
    kinds += [(DecisionKind.TASK, a) for a in extract.actions]
    entries: list[dict[str, Any]] = []
    origins: set[str] = set()
    for kind, found in kinds[:MAX_IMPORT_DECISIONS]:
        resolved = resolve_owners(
            found.owners,
            people,
            present=extract.present,
            matches={p.as_written: p.matches for p in found.people} if found.people else None,
            signer=extract.signer,
        )
        text = shorten(found.text, MAX_DECISION_TEXT)
        origin = decisions.minutes_origin(text, extract.meeting_date)
        if origin in origins:
            continue  # the same sentence twice in one text (a decision also read as a task)
        origins.add(origin)
        signer = " ".join((extract.signer or "").casefold().split())
        entries.append(
            {
                "kind": kind.value,
                "item": shorten(found.item, MAX_AGENDA_ITEM) if found.item else None,
                "text": text,
                "owner_ids": list(resolved.member_ids),
                "unmatched": list(resolved.written),
                "choices": [
                    {
                        "as_written": choice.as_written,
                        "options": [
                            {
                                "name": o.name,
                                "member_id": o.member_id,
                                "signer": " ".join(o.name.casefold().split()) == signer,
                            }
                            for o in choice.options
                        ],
                    }
                    for choice in resolved.choices[:MAX_OWNER_CHOICES]
                ],
                # More ambiguous names than the card offers choices for stay as written.
                "unchosen": [c.as_written for c in resolved.choices[MAX_OWNER_CHOICES:]],
                "due": found.due.isoformat() if found.due else None,
                "origin": origin,
            }
        )
    return entries


async def _mark_registered(
    session: AsyncSession, group_id: int, entries: list[dict[str, Any]]
) -> dict[str, str]:
    """Flag the entries the register already holds (a re-import, or the same item from
    the same meeting). The unique origin key in storage is what finally keeps them from
    being stored twice, also when two previews of the same minutes are confirmed. Returns
    the open entries by normalised text (for the deadlines a draft repeats)."""
    registered = await decisions.registered_origins(
        session, group_id, {entry["origin"] for entry in entries}
    )
    # A returned minutes draft lists the open entries with their numbers; one the
    # secretary quoted or a table torn into loose lines must not come back as new.
    named = {
        entry["origin"]: [
            (int(m["year"]), int(m["number"])) for m in _REFERENCE.finditer(entry["text"])
        ]
        for entry in entries
    }
    known, open_texts = await decisions.already_registered(
        session, group_id, {ref for refs in named.values() for ref in refs}
    )
    for entry in entries:
        if entry["origin"] in registered:
            entry["registered_as"] = registered[entry["origin"]]
        elif refs := [ref for ref in named[entry["origin"]] if ref in known]:
            entry["registered_as"] = reference_of(*refs[0])
        elif (same := open_texts.get(decisions.normalised_text(entry["text"]))) is not None:
            entry["registered_as"] = same
    return open_texts


def _of_the_register(text: str, open_texts: dict[str, str]) -> bool:
    """A deadline the minutes repeat from the register (a returned draft's table of open
    entries, whole or torn into lines): it is that entry's, not a new one."""
    if _REFERENCE.search(text):
        return True
    folded = f" {decisions.normalised_text(text)} "
    return any(
        f" {registered} " in folded
        for registered in open_texts
        if len(registered.split()) >= _MIN_WORDS_TO_RECOGNISE
    )


def _loose_deadlines(
    extract: MinutesExtract, entries: list[dict[str, Any]]
) -> list[tuple[date, str]]:
    """The minutes' deadlines that are no entry's due date (those are shown with it)."""
    dues = {entry["due"] for entry in entries if entry["due"]}
    return [(d.date, d.text) for d in extract.deadlines if d.date.isoformat() not in dues]


def _owners_chosen(entry: dict[str, Any], chosen: ConfirmedDecision) -> tuple[list[int], list[str]]:
    """(member ids, names as text) from the user's choices among the candidates the
    preview offered. A position the card did not offer is a forged payload."""
    member_ids: list[int] = []
    written: list[str] = []
    for k, choice in enumerate(entry.get("choices", [])):
        position = chosen.who[k] if k < len(chosen.who) else None
        if position is None:
            written.append(choice["as_written"])
            continue
        if position >= len(choice["options"]):
            raise UserFacingError("decisions.error.unknown_owner")
        option = choice["options"][position]
        if option["member_id"] is not None:
            member_ids.append(int(option["member_id"]))
        else:
            written.append(option["name"])
    return member_ids, written + list(entry.get("unchosen", []))


def _entry_to_store(
    entry: dict[str, Any], chosen: ConfirmedDecision, meeting_date: date | None
) -> NewDecision:
    picked_ids, picked_names = _owners_chosen(entry, chosen)
    owner_ids = entry["owner_ids"] if chosen.owners is None else chosen.owners
    written = ", ".join(dict.fromkeys([*entry["unmatched"], *picked_names])) or None
    return NewDecision(
        text=entry["text"],
        item=entry["item"],
        owner_member_ids=list(dict.fromkeys([*owner_ids, *picked_ids])),
        owner_text=shorten(written, MAX_OWNER_TEXT) if written else None,
        due=chosen.due if chosen.due_sent else _stored_due(entry),
        kind=DecisionKind(entry.get("kind", DecisionKind.DECISION.value)),
        meeting_date=meeting_date,
    )


def _may_confirm(sender: Sender, created_by_aad_id: str) -> bool:
    member = sender.member
    return member.aad_object_id == created_by_aad_id or member.role in STATUS_ROLES


async def show_page(session: AsyncSession, turn: TurnInput, payload: Any) -> list[Reply]:
    """Another page of a long preview, or an entry's owner picker opened: the card is
    drawn again in place with what the user entered so far. Nothing is stored; the same
    people as for confirm may do it, and only while the import is pending."""
    if turn.in_group:
        sender = await require_sender(session, turn)
    else:
        sender = await personal_sender(session, turn, payload.group)
    pending = await decisions.find_import(session, sender.group.id, payload.import_id)
    if pending is None:
        raise UserFacingError("decisions.minutes.unknown_import")
    if not _may_confirm(sender, pending.created_by_aad_id):
        raise UserFacingError("decisions.minutes.confirm_refused")
    if pending.confirmed_at is not None:
        return [Reply(text=t("decisions.minutes.already_saved", turn.language))]
    stored = load_payload(pending.payload)
    entries = len(stored["decisions"])
    if payload.start >= entries or (payload.edit is not None and payload.edit >= entries):
        raise UserFacingError("error.invalid_action")
    card = await preview_card(
        session,
        turn,
        sender,
        pending.token,
        stored,
        start=payload.start,
        values=entered_values(payload),
        edit=payload.edit,
    )
    if turn.reply_to_id:
        return [Reply(card=card, update_activity_id=turn.reply_to_id)]
    return [Reply(card=card)]


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
    meeting = stored_payload.get("meeting_date")
    meeting_date = date.fromisoformat(meeting) if meeting else None
    saved = []
    for index, entry in enumerate(stored_payload.get("decisions", [])):
        chosen = confirmed_values(payload, index)
        if not chosen.include or entry.get("registered_as"):
            continue
        decision, created = await store(
            session,
            turn,
            sender,
            _entry_to_store(entry, chosen, meeting_date),
            DecisionSource.MINUTES,
            origin_key=entry.get("origin"),
            year=meeting_date.year if meeting_date else None,
        )
        if created:  # not when a twin import stored it first
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
