"""Open questionnaires in the weekly digest: who is still missing ("Saknas: …")."""

from __future__ import annotations

from datetime import datetime

from cards.i18n import Language, t
from cards.swedish_format import join_names, short_day
from dialogs.reminders.catalogue import DigestSection
from dialogs.text.working_time import local_date
from storage.db import AsyncSession
from storage.directory.models import Group
from storage.questionnaires import operations as questionnaires
from storage.questionnaires.models import QuestionnaireStatus


async def digest_lines(
    session: AsyncSession, group: Group, now: datetime, language: Language
) -> list[str]:
    lines = []
    for listed in await questionnaires.list_in_group(session, group.id):
        if listed.status != QuestionnaireStatus.OPEN:
            continue
        questionnaire = await questionnaires.load(session, listed.id)
        if questionnaire is None:
            continue
        responses = await questionnaires.responses_by_target(session, questionnaire)
        missing = [
            target.label
            for target in questionnaire.targets
            if not questionnaires.answered(responses.get(target.id))
        ]
        if not missing:
            continue
        lines.append(
            t(
                "questionnaires.digest.missing",
                language,
                title=questionnaire.title,
                day=short_day(local_date(questionnaire.deadline_at), language),
                missing=join_names(missing, language),
            )
        )
    return lines


DIGEST_SECTION = DigestSection("questionnaires.digest.title", digest_lines)
