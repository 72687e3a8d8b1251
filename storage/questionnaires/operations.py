"""Questionnaire operations: drafts, targets and their contacts, responses.

Plain async functions over an AsyncSession; the caller owns the transaction. Role and
deadline rules live in dialogs/; this module only keeps the data consistent (one target
per organisation, one response per target, even when two submits race) and is the only
place that changes a questionnaire's rows: every state change has a named operation here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.directory import groups
from storage.directory.models import Conversation, Group
from storage.questionnaires.models import (
    QuestionKind,
    Questionnaire,
    QuestionnaireQuestion,
    QuestionnaireResponse,
    QuestionnaireStatus,
    QuestionnaireTarget,
    ResponseStatus,
)
from storage.upsert import get_or_insert


@dataclass(frozen=True)
class NewQuestion:
    label: str
    text: str
    kind: QuestionKind = QuestionKind.TEXT
    required: bool = True
    help: str | None = None
    options: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class NewTarget:
    target_key: str
    label: str
    organisation_id: int | None = None
    contact_aad_id: str | None = None
    deputy_aad_id: str | None = None


def organisation_key(organisation_id: int) -> str:
    return f"org:{organisation_id}"


def person_key(aad_id: str) -> str:
    return f"person:{aad_id}"


def _with_children() -> tuple[object, ...]:
    return (selectinload(Questionnaire.questions), selectinload(Questionnaire.targets))


async def create(
    session: AsyncSession,
    *,
    tenant_id: str,
    group_id: int,
    title: str,
    intro: str | None,
    deadline_at: datetime,
    created_by_aad_id: str,
    questions: Sequence[NewQuestion],
    targets: Sequence[NewTarget],
    now: datetime,
    copied_from: Questionnaire | None = None,
) -> Questionnaire:
    questionnaire = Questionnaire(
        tenant_id=tenant_id,
        group_id=group_id,
        title=title,
        intro=intro,
        deadline_at=deadline_at,
        created_by_aad_id=created_by_aad_id,
        created_at=now,
        status=QuestionnaireStatus.DRAFT,
        status_revision=0,
        copied_from_id=copied_from.id if copied_from else None,
        series_id=(copied_from.series_id or copied_from.id) if copied_from else None,
    )
    session.add(questionnaire)
    await session.flush()
    if questionnaire.series_id is None:
        questionnaire.series_id = questionnaire.id
    for position, question in enumerate(questions):
        session.add(
            QuestionnaireQuestion(
                questionnaire_id=questionnaire.id,
                position=position,
                label=question.label,
                text=question.text,
                kind=question.kind,
                required=question.required,
                help=question.help,
                options=list(question.options),
            )
        )
    for target in targets:
        session.add(
            QuestionnaireTarget(
                questionnaire_id=questionnaire.id,
                target_key=target.target_key,
                organisation_id=target.organisation_id,
                label=target.label,
                contact_aad_id=target.contact_aad_id,
                deputy_aad_id=target.deputy_aad_id,
            )
        )
    await session.flush()
    loaded = await load(session, questionnaire.id)
    assert loaded is not None
    return loaded


async def load(session: AsyncSession, questionnaire_id: int) -> Questionnaire | None:
    """With questions and targets loaded (fresh from the database, not the identity map)."""
    query = (
        select(Questionnaire)
        .options(*_with_children())  # type: ignore[arg-type]
        .where(Questionnaire.id == questionnaire_id)
        .execution_options(populate_existing=True)
    )
    return await session.scalar(query)


async def list_in_group(session: AsyncSession, group_id: int) -> list[Questionnaire]:
    query = (
        select(Questionnaire)
        .where(Questionnaire.group_id == group_id)
        .order_by(Questionnaire.id.desc())
    )
    return list((await session.scalars(query)).all())


async def latest_in_group(
    session: AsyncSession, group_id: int, statuses: Sequence[QuestionnaireStatus]
) -> Questionnaire | None:
    query = (
        select(Questionnaire.id)
        .where(Questionnaire.group_id == group_id, Questionnaire.status.in_(statuses))
        .order_by(Questionnaire.id.desc())
        .limit(1)
    )
    found = await session.scalar(query)
    return await load(session, found) if found is not None else None


async def open_questionnaires(session: AsyncSession) -> list[Questionnaire]:
    query = (
        select(Questionnaire)
        .options(*_with_children())  # type: ignore[arg-type]
        .where(Questionnaire.status == QuestionnaireStatus.OPEN)
        .order_by(Questionnaire.id)
    )
    return list((await session.scalars(query)).all())


async def previous_round(
    session: AsyncSession, questionnaire: Questionnaire
) -> Questionnaire | None:
    """The latest earlier round of the same series that was sent."""
    query = (
        select(Questionnaire.id)
        .where(
            Questionnaire.series_id == questionnaire.series_id,
            Questionnaire.id < questionnaire.id,
            Questionnaire.status.in_((QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED)),
        )
        .order_by(Questionnaire.id.desc())
        .limit(1)
    )
    found = await session.scalar(query)
    return await load(session, found) if found is not None else None


async def responses_by_target(
    session: AsyncSession, questionnaire: Questionnaire
) -> dict[int, QuestionnaireResponse]:
    target_ids = [t.id for t in questionnaire.targets]
    if not target_ids:
        return {}
    query = (
        select(QuestionnaireResponse)
        .where(QuestionnaireResponse.target_id.in_(target_ids))
        .execution_options(populate_existing=True)
    )
    return {r.target_id: r for r in (await session.scalars(query)).all()}


async def get_or_create_response(
    session: AsyncSession, target: QuestionnaireTarget, now: datetime
) -> QuestionnaireResponse:
    """One response per target, also when the contact and the deputy submit at once."""
    response, _ = await get_or_insert(
        session,
        select(QuestionnaireResponse)
        .where(QuestionnaireResponse.target_id == target.id)
        .execution_options(populate_existing=True),
        lambda: QuestionnaireResponse(
            target_id=target.id,
            status=ResponseStatus.DRAFT,
            answers={},
            draft={},
            revision=0,
            updated_at=now,
        ),
    )
    return response


def answered(response: QuestionnaireResponse | None) -> bool:
    return response is not None and response.status == ResponseStatus.SUBMITTED


async def bump_status_revision(session: AsyncSession, questionnaire_id: int) -> int:
    """An atomic increment: the row lock orders two answers that arrive at once, so each
    status-card update gets its own number (and the later one sees both answers)."""
    revision = await session.scalar(
        update(Questionnaire)
        .where(Questionnaire.id == questionnaire_id)
        .values(status_revision=Questionnaire.status_revision + 1)
        .returning(Questionnaire.status_revision)
    )
    return int(revision or 0)


async def open_draft(session: AsyncSession, questionnaire_id: int, now: datetime) -> bool:
    """Draft -> open, atomically: of two Skicka clicks racing, exactly one wins."""
    opened = await session.scalar(
        update(Questionnaire)
        .where(
            Questionnaire.id == questionnaire_id,
            Questionnaire.status == QuestionnaireStatus.DRAFT,
        )
        .values(status=QuestionnaireStatus.OPEN, sent_at=now)
        .returning(Questionnaire.id)
    )
    return opened is not None


async def group_conversation(session: AsyncSession, questionnaire: Questionnaire) -> Conversation:
    """The channel of the questionnaire's group: where the status card and nudges go."""
    conversation = await groups.group_conversation(session, questionnaire.group_id)
    assert conversation is not None  # a questionnaire's group and channel are never deleted
    return conversation


# ---- the questionnaire's life: draft -> open -> closed, or draft -> cancelled ----------------


async def cancel_draft(session: AsyncSession, questionnaire: Questionnaire) -> None:
    """Only a draft is cancelled; the caller has checked it is one."""
    questionnaire.status = QuestionnaireStatus.CANCELLED
    await session.flush()


async def close(session: AsyncSession, questionnaire: Questionnaire, now: datetime) -> None:
    """Open -> closed: no more answers. The caller has checked it is open."""
    questionnaire.status = QuestionnaireStatus.CLOSED
    questionnaire.closed_at = now
    await session.flush()


async def remember_status_card(
    session: AsyncSession, questionnaire_id: int, activity_id: str
) -> None:
    """The channel message now holding the status card: later updates edit that one."""
    stored = await session.get(Questionnaire, questionnaire_id)
    if stored is not None:
        stored.status_activity_id = activity_id


# ---- who answers for a target ----------------------------------------------------------------


async def set_contact(session: AsyncSession, target: QuestionnaireTarget, aad_id: str) -> bool:
    """One person is never both contact and deputy: a deputy who becomes the contact stops
    being the deputy. Returns whether the contact changed (then they need an invitation)."""
    changed = target.contact_aad_id != aad_id
    target.contact_aad_id = aad_id
    if target.deputy_aad_id == aad_id:
        target.deputy_aad_id = None
    await session.flush()
    return changed


async def set_deputy(session: AsyncSession, target: QuestionnaireTarget, aad_id: str) -> None:
    """The mirror of set_contact: a contact who becomes the deputy leaves the contact empty."""
    target.deputy_aad_id = aad_id
    if target.contact_aad_id == aad_id:
        target.contact_aad_id = None
    await session.flush()


# ---- answers -----------------------------------------------------------------------------


async def save_draft(
    session: AsyncSession,
    target: QuestionnaireTarget,
    values: dict[str, Any],
    *,
    by_name: str,
    now: datetime,
) -> QuestionnaireResponse:
    """Work in progress: only `draft` changes, so a submitted answer stays submitted."""
    response = await get_or_create_response(session, target, now)
    response.draft = values
    response.draft_by_name = by_name
    response.updated_at = now
    await session.flush()
    return response


@dataclass(frozen=True)
class Submission:
    response: QuestionnaireResponse
    # False when the same answers were already submitted (a double click, a redelivery).
    changed: bool
    # True when the answer changed since the form was opened (another person submitted
    # meanwhile): nothing was written; `response` holds the newer answer.
    stale: bool = False


async def submit_response(
    session: AsyncSession,
    target: QuestionnaireTarget,
    answers: dict[str, Any],
    *,
    by_aad_id: str | None,
    by_name: str,
    now: datetime,
    expected_revision: int,
) -> Submission:
    """Draft -> submitted, or new answers over submitted ones, only if the submitted answer
    is still the one the form was made against (`expected_revision`). The revision counts
    changes of the submitted answers, so resubmitting the same answers keeps it (and who
    answered and when); either way the draft is done with.

    The revision check and the write are one conditional UPDATE: of two submits made
    against the same revision (contact and deputy at the same moment), the row lock lets
    exactly one match; the other updates nothing and is told, with the newer answer."""
    response = await get_or_create_response(session, target, now)
    unchanged = response.status == ResponseStatus.SUBMITTED and response.answers == answers
    if unchanged:
        response.draft = {}
        response.draft_by_name = None
        response.updated_at = now
        await session.flush()
        return Submission(response=response, changed=False)
    if (response.revision or 0) != expected_revision:
        return Submission(response=response, changed=False, stale=True)
    written = await session.scalar(
        update(QuestionnaireResponse)
        .where(
            QuestionnaireResponse.id == response.id,
            QuestionnaireResponse.revision == expected_revision,
        )
        .values(
            answers=answers,
            status=ResponseStatus.SUBMITTED,
            answered_by_aad_id=by_aad_id,
            answered_by_name=by_name,
            submitted_at=now,
            revision=QuestionnaireResponse.revision + 1,
            draft={},
            draft_by_name=None,
            updated_at=now,
        )
        .returning(QuestionnaireResponse.id)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(response)
    return Submission(response=response, changed=written is not None, stale=written is None)


async def awaiting_answer_from(
    session: AsyncSession, tenant_id: str, aad_object_id: str
) -> list[tuple[str, Questionnaire, QuestionnaireTarget]]:
    """Open questionnaires, in the tenant's installed groups, where this person is the
    contact or deputy of an organisation that has not submitted its answer yet
    (`påminnelser` in the personal chat): (group name, questionnaire, target), soonest
    deadline first."""
    submitted = select(QuestionnaireResponse.target_id).where(
        QuestionnaireResponse.status == ResponseStatus.SUBMITTED
    )
    query = (
        select(Group.name, Questionnaire, QuestionnaireTarget)
        .join(Questionnaire, Questionnaire.id == QuestionnaireTarget.questionnaire_id)
        .join(Group, Group.id == Questionnaire.group_id)
        .join(Conversation, Conversation.id == Group.conversation_pk)
        .where(
            Group.tenant_id == tenant_id,
            Conversation.active.is_(True),
            Questionnaire.status == QuestionnaireStatus.OPEN,
            or_(
                QuestionnaireTarget.contact_aad_id == aad_object_id,
                QuestionnaireTarget.deputy_aad_id == aad_object_id,
            ),
            QuestionnaireTarget.id.not_in(submitted),
        )
        .order_by(Questionnaire.deadline_at, QuestionnaireTarget.id)
    )
    rows = (await session.execute(query)).tuples().all()
    return [(name, questionnaire, target) for name, questionnaire, target in rows]
