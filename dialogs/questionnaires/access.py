"""Who may do what with a questionnaire, and the views the cards are built from.

Every check reads the stored directory by tenant + AAD object id of the sender; card
payloads only say *which* questionnaire or organisation, never who is asking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cards.questionnaires.management import QuestionnaireView, QuestionView, TargetView
from dialogs.access import Permission, may, require_permission, roles_for
from dialogs.questionnaires.dates import days_left, deadline_day, local_today
from dialogs.refresh_audience import refresh_audience
from dialogs.turn import Person, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.directory import guests, membership
from storage.directory.models import Group, Member
from storage.questionnaires import operations as store
from storage.questionnaires.models import (
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireTarget,
    ResponseStatus,
)


async def require_organiser(session: AsyncSession, group: Group, turn: TurnInput) -> Member:
    return await require_permission(
        session, group, turn, Permission.MANAGE_QUESTIONNAIRES, "questionnaires.not_allowed"
    )


async def questionnaire_in_group(
    session: AsyncSession, group: Group, questionnaire_id: int
) -> Questionnaire:
    """A questionnaire of *this* group (a payload naming another group's is refused)."""
    questionnaire = await store.load(session, questionnaire_id)
    if (
        questionnaire is None
        or questionnaire.group_id != group.id
        or questionnaire.tenant_id != group.tenant_id
    ):
        raise UserFacingError("questionnaires.not_found", number=questionnaire_id)
    return questionnaire


async def questionnaire_for_tenant(
    session: AsyncSession, turn: TurnInput, questionnaire_id: int
) -> Questionnaire:
    """From a personal chat there is no group to scope by: the tenant must match, and the
    caller checks the sender's right to the target."""
    questionnaire = await store.load(session, questionnaire_id)
    if questionnaire is None or questionnaire.tenant_id != turn.tenant_id:
        raise UserFacingError("error.invalid_action")
    return questionnaire


def parse_number(text: str) -> int | None:
    cleaned = text.strip().lstrip("#").strip()
    return int(cleaned) if cleaned.isdigit() and len(cleaned) < 10 else None


async def may_answer_for(
    session: AsyncSession, questionnaire: Questionnaire, target: QuestionnaireTarget, aad_id: str
) -> bool:
    """The target's contact or deputy, or an organiser of the questionnaire's group."""
    if aad_id in (target.contact_aad_id, target.deputy_aad_id):
        member = await membership.get_member(session, questionnaire.group_id, aad_id)
        # A named-person target outside the group's roster is still that person.
        return member is None or member.active
    member = await membership.get_member(session, questionnaire.group_id, aad_id)
    return may(member, Permission.MANAGE_QUESTIONNAIRES)


async def require_speaks_for(
    session: AsyncSession, questionnaire: Questionnaire, target: QuestionnaireTarget, aad_id: str
) -> None:
    """An answer to an organisation's target is the organisation's answer: a guest gives it
    only where the chair allowed it (a named-person target is the guest's own)."""
    if target.organisation_id is None:
        return
    member = await membership.get_member(session, questionnaire.group_id, aad_id)
    if member is not None and not await guests.may_speak_for(
        session, member, target.organisation_id
    ):
        raise UserFacingError("guest.may_not_answer", organisation=target.label)


@dataclass(frozen=True)
class Snapshot:
    """A questionnaire with everything its cards need, read in one go."""

    questionnaire: Questionnaire
    view: QuestionnaireView
    targets: dict[int, TargetView]
    responses: dict[int, QuestionnaireResponse]
    members: dict[str, Member]

    def person(self, aad_id: str | None) -> Person | None:
        member = self.members.get(aad_id or "")
        if member is None or not member.teams_user_id:
            return None
        return Person(teams_user_id=member.teams_user_id, name=member.name, aad_object_id=aad_id)


def question_views(questionnaire: Questionnaire) -> tuple[QuestionView, ...]:
    return tuple(
        QuestionView(
            id=q.id,
            label=q.label,
            text=q.text,
            kind=q.kind.value,
            required=q.required,
            help=q.help,
            options=tuple(q.options or ()),
        )
        for q in questionnaire.questions
    )


async def snapshot(session: AsyncSession, questionnaire: Questionnaire, now: datetime) -> Snapshot:
    members = {
        m.aad_object_id: m for m in await membership.list_members(session, questionnaire.group_id)
    }
    responses = await store.responses_by_target(session, questionnaire)
    targets: dict[int, TargetView] = {}
    for target in questionnaire.targets:
        response = responses.get(target.id)
        submitted = response is not None and response.status == ResponseStatus.SUBMITTED
        submitted_at = response.submitted_at if response is not None and submitted else None
        targets[target.id] = TargetView(
            id=target.id,
            label=target.label,
            contact=_name(members, target.contact_aad_id),
            deputy=_name(members, target.deputy_aad_id),
            answered=submitted,
            answered_by=response.answered_by_name if response is not None and submitted else None,
            answered_on=local_today(submitted_at) if submitted_at else None,
            late=bool(submitted_at and submitted_at > questionnaire.deadline_at),
        )
    view = QuestionnaireView(
        id=questionnaire.id,
        title=questionnaire.title,
        intro=questionnaire.intro,
        deadline=deadline_day(questionnaire.deadline_at),
        days_left=days_left(questionnaire.deadline_at, now),
        status=questionnaire.status.value,
        questions=question_views(questionnaire),
        targets=tuple(targets[t.id] for t in questionnaire.targets),
        refresh_user_ids=_refresh_audience(questionnaire, list(members.values())),
    )
    return Snapshot(questionnaire, view, targets, responses, members)


def _refresh_audience(questionnaire: Questionnaire, members: list[Member]) -> tuple[str, ...]:
    """Every member up to Teams' 60, else the contacts, deputies and organisers (the
    others see the shared card, which has every button)."""
    answering = {a for t in questionnaire.targets for a in (t.contact_aad_id, t.deputy_aad_id) if a}
    organisers = roles_for(Permission.READ_QUESTIONNAIRE_RESULTS)
    user_ids, _ = refresh_audience(
        members, lambda m: m.aad_object_id in answering or m.role in organisers
    )
    return user_ids


def _name(members: dict[str, Member], aad_id: str | None) -> str | None:
    if not aad_id:
        return None
    member = members.get(aad_id)
    return member.name if member is not None else None


def target_by_id(questionnaire: Questionnaire, target_id: int) -> QuestionnaireTarget:
    for target in questionnaire.targets:
        if target.id == target_id:
            return target
    raise UserFacingError("error.invalid_action")


def stored_values(response: QuestionnaireResponse | None, *, draft: bool) -> dict[int, Any]:
    """Question id -> value; the draft (when asked) on top of the submitted answers."""
    if response is None:
        return {}
    merged: dict[str, Any] = dict(response.answers or {})
    if draft:
        merged.update(response.draft or {})
    return {int(key): value for key, value in merged.items()}
