"""Decisions in the weekly digest ("Veckans läge"): overdue ones and those due within
the coming week, oldest due date first."""

from __future__ import annotations

from datetime import datetime, timedelta

from cards.i18n import Language, t
from cards.swedish_format import short_day
from dialogs.reminders.catalogue import DigestSection
from dialogs.text.working_time import local_date
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.directory.models import Group

DIGEST_HORIZON = timedelta(days=7)
MAX_LINES = 15


async def digest_lines(
    session: AsyncSession, group: Group, now: datetime, language: Language
) -> list[str]:
    today = local_date(now)
    lines = []
    for decision in await decisions.open_due_by(
        session, group.id, today + DIGEST_HORIZON, limit=MAX_LINES
    ):
        assert decision.due is not None
        key = "decisions.digest.overdue" if decision.due < today else "decisions.digest.due"
        lines.append(
            t(
                key,
                language,
                number=f"B-{decision.year}-{decision.number:03d}",
                day=short_day(decision.due, language),
                text=decision.text if len(decision.text) <= 80 else decision.text[:79] + "…",
            )
        )
    return lines


DIGEST_SECTION = DigestSection("decisions.digest.title", digest_lines)
