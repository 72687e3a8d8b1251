"""`beslut arkiv` (the whole register) and `beslut arkiv 26/1` (the decisions and tasks
of the meeting on that day): a PDF/A file for the diarium, offered as a download.

Every entry carries what a registrar files it by: the group, the meeting date, the
number, the text, the owners and the status history from the register's audit trail
(decision events: who changed the status, when). Texts passed the personal identity
number guard when they were stored; they are masked again here, as every message is on
its way out, because a file leaves the bot's control for good.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from functools import partial

from cards.documents.archive_pdf import PDF_CONTENT_TYPE, ArchiveEntry, ArchiveEvent, archive_pdf
from cards.i18n import t
from cards.swedish_format import join_names
from dialogs.decisions.register import local_today, require_sender
from dialogs.text.dates import DateParseError, past_dates
from dialogs.text.pii import mask_personal_numbers
from dialogs.turn import DownloadFile, Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.decisions.models import Decision, DecisionEvent

log = logging.getLogger(__name__)


def _meeting_day(turn: TurnInput, argument: str) -> date | None:
    if not argument.strip():
        return None
    try:
        # A meeting whose decisions are archived has been held.
        spans = past_dates(argument, today=local_today(turn))
    except DateParseError as exc:
        message = exc.message(turn.language)
        raise UserFacingError("documents.archive.bad_date", message=message) from exc
    if len(spans) != 1:
        raise UserFacingError("documents.archive.one_date")
    return spans[0].day


async def archive(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    sender = await require_sender(session, turn)
    language = turn.language
    day = _meeting_day(turn, argument)
    found = await decisions.register_for_archive(session, sender.group.id, meeting_date=day)
    if day is not None and not found:
        raise UserFacingError("documents.archive.no_meeting_decisions", date=day.isoformat())
    title = (
        t("documents.archive.meeting_title", language, date=day.isoformat())
        if day
        else t("documents.archive.register_title", language)
    )
    # fpdf2 is pure Python, about 4 ms an entry: a register of some hundred entries is
    # laid out in a worker thread so that other turns are not held up meanwhile.
    data = await asyncio.to_thread(
        partial(
            archive_pdf,
            language,
            group_name=mask_personal_numbers(sender.group.name),
            title=title,
            entries=[_entry(d, events) for d, events in found],
            made_at=turn.now,
        )
    )
    stem = (
        t("documents.archive.meeting_file", language, date=day.isoformat())
        if day
        else t("documents.archive.register_file", language, date=local_today(turn).isoformat())
    )
    log.info(
        "decision_archive offered group=%s entries=%d bytes=%d",
        sender.group.id,
        len(found),
        len(data),
    )
    return [
        Reply(
            text=t("documents.archive.ready", language, count=len(found)),
            files=(DownloadFile(f"{stem}.pdf", PDF_CONTENT_TYPE, data),),
        )
    ]


def _entry(decision: Decision, events: list[tuple[DecisionEvent, str | None]]) -> ArchiveEntry:
    names = [owner.member.name for owner in decision.owners]
    if decision.owner_text:
        names.append(decision.owner_text)
    return ArchiveEntry(
        reference=decision.reference,
        kind=decision.kind.value,
        text=mask_personal_numbers(decision.text),
        owners=mask_personal_numbers(join_names(names)),
        status=decision.status.value,
        due=decision.due,
        meeting_date=decision.meeting_date,
        item=mask_personal_numbers(decision.item) if decision.item else None,
        history=tuple(
            ArchiveEvent(at=event.at, status=event.to_status.value, actor=name)
            for event, name in events
        ),
    )
