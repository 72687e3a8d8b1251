"""Minutes sent as a file (.docx, .pdf, .txt, .md): the same preview as a pasted
`protokoll`, then the same confirm (dialogs/decisions/minutes_import.py).

The edge has already fetched and read the file (bot/teams/files.py), so a turn carries
its text or the reason it could not be had. Which messages come here: a file with no
command text, or with `protokoll`/`minutes` (bot/teams/turn_handler.py decides, the same
in every scope, so a file and another command runs that command and ignores the file).

- In a team channel or group chat the preview is for that conversation's group.
- A personal chat belongs to no group: the groups where the sender is an active member
  are the choices. One group: its preview straight away. Several: a card with one button
  per group; a pending import is prepared for each (owners are matched against that
  group's members), and the one clicked is shown; the others are never confirmed and
  go with the pending imports' retention. None: a clear answer, nothing stored.

Every path runs the PII guard on the whole text before anything is read or kept, and a
file that could not be read stores nothing.
"""

from __future__ import annotations

import logging

from cards.decisions.actions import MinutesPickGroup
from cards.decisions.forms import GroupChoice, minutes_group_choice_card
from dialogs.decisions import minutes_import
from dialogs.decisions.register import Sender, check_free_text
from dialogs.turn import IncomingFile, Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.directory import membership

log = logging.getLogger(__name__)

# A button per group; people are in a handful of groups, a card holds only so many.
MAX_GROUP_CHOICES = 10


def the_file(turn: TurnInput) -> IncomingFile:
    if len(turn.files) != 1:
        raise UserFacingError("minutes_file.one_at_a_time")
    file = turn.files[0]
    if file.error is not None or file.text is None:
        raise UserFacingError(file.error or "minutes_file.corrupt")
    return file


async def from_file(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    file = the_file(turn)
    text = file.text or ""
    if turn.in_group:
        return await minutes_import.preview(session, turn, text, note_unread=True)
    check_free_text(text)  # before anything is read or kept
    aad_id = turn.sender.aad_object_id
    groups = await membership.active_groups_of(session, turn.tenant_id, aad_id) if aad_id else []
    if not groups or not aad_id:
        raise UserFacingError("minutes_file.no_group")
    prepared: list[tuple[Sender, str, dict[str, object]]] = []
    for group in groups[:MAX_GROUP_CHOICES]:
        member = await membership.get_member(session, group.id, aad_id)
        assert member is not None  # active_groups_of joined on it
        sender = Sender(group=group, member=member)
        token, payload = await minutes_import.prepare(session, turn, sender, text)
        notes = minutes_import.file_notes(turn, payload)
        if token is None:
            # The same text finds the same decisions, whichever group reads it.
            return [*notes, minutes_import.nothing_found(turn, payload)]
        prepared.append((sender, token, payload))
    log.info("minutes file in personal chat groups=%d", len(prepared))
    if len(prepared) == 1:
        sender, token, payload = prepared[0]
        card = await minutes_import.preview_card(session, turn, sender, token, payload)
        return [*notes, Reply(card=card)]
    choices = [
        GroupChoice(group_id=s.group.id, name=s.group.name, import_id=tok) for s, tok, _ in prepared
    ]
    return [
        *notes,
        Reply(card=minutes_group_choice_card(turn.language, file_name=file.name, choices=choices)),
    ]


async def pick_group(
    session: AsyncSession, turn: TurnInput, payload: MinutesPickGroup
) -> list[Reply]:
    if turn.in_group:
        raise UserFacingError("error.invalid_action")
    sender = await minutes_import.personal_sender(session, turn, payload.group)
    pending = await decisions.find_import(session, sender.group.id, payload.import_id)
    if pending is None or pending.confirmed_at is not None:
        raise UserFacingError("decisions.minutes.unknown_import")
    if pending.created_by_aad_id != sender.member.aad_object_id:
        raise UserFacingError("decisions.minutes.confirm_refused")
    stored = minutes_import.load_payload(pending.payload)
    card = await minutes_import.preview_card(session, turn, sender, pending.token, stored)
    if turn.reply_to_id:
        return [Reply(card=card, update_activity_id=turn.reply_to_id)]
    return [Reply(card=card)]
