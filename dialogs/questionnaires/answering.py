"""Answering a questionnaire for one's organisation: open the card, save drafts, page
through long questionnaires, submit, edit until the deadline.

The answer belongs to the organisation (one response per target). Who may write it is
re-checked on every submit from the sender's AAD object id: the target's contact or
deputy, or an organiser of the group; a guest only where the chair allowed it. A submit
whose free text holds a personal identity number is refused whole. Submitting the same
answers twice (a double click, a redelivered activity) changes nothing and sends no
second status update.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from cards.i18n import t
from cards.questionnaires.actions import OpenAnswerCard, SubmitAnswers
from cards.questionnaires.answer import AnswerState, answer_card, pages, receipt_card
from cards.questionnaires.conflict import conflict_card
from cards.questionnaires.management import QuestionView
from cards.swedish_format import short_day
from dialogs.access import require_group
from dialogs.questionnaires.access import (
    Snapshot,
    may_answer_for,
    parse_number,
    questionnaire_for_tenant,
    require_speaks_for,
    snapshot,
    stored_values,
    target_by_id,
)
from dialogs.questionnaires.delivery import (
    PrivateChat,
    cancel_reminders,
    enqueue_answer_card,
    enqueue_status_update,
    private_chat,
)
from dialogs.text.pii import PersonalNumberFound, ensure_no_personal_number
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage import audit
from storage.db import AsyncSession
from storage.directory import membership
from storage.questionnaires import operations as store
from storage.questionnaires.models import (
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireStatus,
    QuestionnaireTarget,
    ResponseStatus,
)

log = logging.getLogger(__name__)

MAX_NUMBER = 1e12


class _Invalid(ValueError):
    pass


# ---- opening the card ---------------------------------------------------------------------


async def open_card(session: AsyncSession, turn: TurnInput, payload: OpenAnswerCard) -> list[Reply]:
    questionnaire = await _questionnaire_here(session, turn, payload.questionnaire_id)
    if payload.target_id is not None:
        target = target_by_id(questionnaire, payload.target_id)
    else:
        target = await _own_target(session, turn, questionnaire)
    reply = await _answer_card_reply(session, turn, questionnaire, target)
    if turn.via_execute:
        # Teams shows the invoke's answer to the clicker only, in place of the card they
        # clicked: the form never reaches the channel, and its own buttons answer the same
        # way (cards/questionnaires/answer.py).
        return [Reply(card=reply.card, to_sender=True)]
    if turn.in_group:
        # A client without Universal Actions: the form goes to the person's own chat
        # (an Action.Submit cannot answer one person in a channel).
        return await _form_to_own_chat(session, turn, questionnaire, target)
    if payload.target_id is not None and turn.reply_to_id:
        # "Ändra svar" on a receipt, "Svara" on a reminder: that card becomes the form.
        return [Reply(card=reply.card, update_activity_id=turn.reply_to_id)]
    return [reply]


async def _form_to_own_chat(
    session: AsyncSession,
    turn: TurnInput,
    questionnaire: Questionnaire,
    target: QuestionnaireTarget,
) -> list[Reply]:
    aad_id = turn.sender.aad_object_id or ""
    reach = await private_chat(session, questionnaire, aad_id)
    if reach != PrivateChat.UNREACHABLE:
        snap = await snapshot(session, questionnaire, turn.now)
        # One form per click (the activity id), so a redelivered click sends nothing twice.
        click = turn.activity_id or turn.now.isoformat()
        await enqueue_answer_card(
            session,
            snap,
            target,
            aad_id,
            key=f"questionnaire:{questionnaire.id}:open:{target.id}:{aad_id}:{click}",
            kind="questionnaire_invite",
            due_at=turn.now,
            note_key="questionnaires.invite.text",
            channel_fallback=False,
        )
    # Never "sent" unless the chat is known; when it cannot be reached nothing is queued
    # (and the form is never posted in the channel): the way to get it is to open the
    # bot's own chat and ask there.
    note = {
        PrivateChat.KNOWN: "questionnaires.answer.sent_privately",
        PrivateChat.CREATABLE: "questionnaires.answer.sending_privately",
        PrivateChat.UNREACHABLE: "questionnaires.answer.no_private_chat",
    }[reach]
    name = await _sender_name(session, questionnaire, turn)
    return [Reply(text=t(note, turn.language, name=name, number=questionnaire.id))]


async def answer_command(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    """`enkät svara [nr] [organisation]`: the answer card here (in a channel or group
    chat: in the sender's own chat). In a personal chat without a number, the open
    questionnaires the sender is contact or deputy for."""
    text = argument.strip()
    first, _, rest = text.partition(" ")
    number = parse_number(first) if first else None
    if number is None:
        return await _own_open_questionnaires(session, turn)
    questionnaire = await _questionnaire_here(session, turn, number)
    rest = " ".join(rest.split())
    if rest:
        target = next(
            (
                x
                for x in questionnaire.targets
                if " ".join(x.label.split()).casefold() == rest.casefold()
            ),
            None,
        )
        if target is None:
            raise UserFacingError(
                "questionnaires.contact.unknown_target",
                name=rest,
                known=", ".join(x.label for x in questionnaire.targets),
            )
    else:
        target = await _own_target(session, turn, questionnaire)
    return await _form_here_or_own_chat(session, turn, questionnaire, target)


async def _form_here_or_own_chat(
    session: AsyncSession,
    turn: TurnInput,
    questionnaire: Questionnaire,
    target: QuestionnaireTarget,
) -> list[Reply]:
    """A typed `enkät svara` cannot answer one person in a channel: there the form goes
    to the sender's own chat (the rights checked first), elsewhere it is the reply."""
    reply = await _answer_card_reply(session, turn, questionnaire, target)
    if turn.in_group:
        return await _form_to_own_chat(session, turn, questionnaire, target)
    return [reply]


async def _own_open_questionnaires(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    aad_id = turn.sender.aad_object_id or ""
    group_id = (await require_group(session, turn)).id if turn.in_group else None
    found: list[tuple[Questionnaire, QuestionnaireTarget]] = []
    for questionnaire in await store.open_questionnaires(session):
        if questionnaire.tenant_id != turn.tenant_id or group_id not in (
            None,
            questionnaire.group_id,
        ):
            continue
        for target in questionnaire.targets:
            if aad_id and aad_id in (target.contact_aad_id, target.deputy_aad_id):
                found.append((questionnaire, target))
    if not found:
        raise UserFacingError("questionnaires.answer.nothing_open")
    if len(found) == 1:
        return await _form_here_or_own_chat(session, turn, *found[0])
    lines = "\n".join(f"- **{q.id}** {q.title} ({target.label})" for q, target in found[:20])
    return [Reply(text=t("questionnaires.answer.choose", turn.language, lines=lines))]


async def _questionnaire_here(
    session: AsyncSession, turn: TurnInput, questionnaire_id: int
) -> Questionnaire:
    questionnaire = await questionnaire_for_tenant(session, turn, questionnaire_id)
    if turn.in_group:
        group = await require_group(session, turn)
        if questionnaire.group_id != group.id:
            raise UserFacingError("error.invalid_action")
    return questionnaire


async def _own_target(
    session: AsyncSession, turn: TurnInput, questionnaire: Questionnaire
) -> QuestionnaireTarget:
    aad_id = turn.sender.aad_object_id or ""
    for target in questionnaire.targets:
        if aad_id and aad_id in (target.contact_aad_id, target.deputy_aad_id):
            return target
    raise UserFacingError("questionnaires.answer.not_contact", number=questionnaire.id)


async def _answer_card_reply(
    session: AsyncSession,
    turn: TurnInput,
    questionnaire: Questionnaire,
    target: QuestionnaireTarget,
) -> Reply:
    await _require_right(session, turn, questionnaire, target)
    _require_open(questionnaire)
    snap = await snapshot(session, questionnaire, turn.now)
    response = snap.responses.get(target.id)
    _require_editable(questionnaire, response, turn)
    values = stored_values(response, draft=True)
    revision = response.revision if response is not None else 0
    form = _form(turn, snap, target, values, page=0, response=response, revision=revision)
    return Reply(card=form)


def _form(
    turn: TurnInput,
    snap: Snapshot,
    target: QuestionnaireTarget,
    values: dict[int, Any],
    *,
    page: int,
    response: QuestionnaireResponse | None,
    revision: int,
) -> dict[str, Any]:
    """`revision`: the submitted answer the form is made against, carried from the form
    first opened through every page and draft, so its submit can tell it went stale."""
    view = snap.targets[target.id]
    state = AnswerState(
        answered_by=view.answered_by,
        answered_on=view.answered_on,
        draft_by=response.draft_by_name if response is not None and response.draft else None,
        revision=revision,
    )
    return answer_card(turn.language, snap.view, view, values=values, page=page, state=state)


# ---- checks ---------------------------------------------------------------------------------


async def _require_right(
    session: AsyncSession,
    turn: TurnInput,
    questionnaire: Questionnaire,
    target: QuestionnaireTarget,
) -> None:
    aad_id = turn.sender.aad_object_id
    if not aad_id or not await may_answer_for(session, questionnaire, target, aad_id):
        log.info(
            "questionnaire answer refused questionnaire=%s target=%s", questionnaire.id, target.id
        )
        raise UserFacingError("questionnaires.answer.not_allowed", organisation=target.label)
    try:
        await require_speaks_for(session, questionnaire, target, aad_id)
    except UserFacingError:
        log.info(
            "questionnaire answer refused guest questionnaire=%s target=%s",
            questionnaire.id,
            target.id,
        )
        raise


def _require_open(questionnaire: Questionnaire) -> None:
    if questionnaire.status != QuestionnaireStatus.OPEN:
        raise UserFacingError("questionnaires.answer.closed", number=questionnaire.id)


def _require_editable(
    questionnaire: Questionnaire, response: QuestionnaireResponse | None, turn: TurnInput
) -> None:
    """After the deadline a missing answer is still welcome; a given one is final."""
    if (
        response is not None
        and response.status == ResponseStatus.SUBMITTED
        and turn.now > questionnaire.deadline_at
    ):
        raise UserFacingError("questionnaires.answer.locked", number=questionnaire.id)


# ---- submitting -----------------------------------------------------------------------------


async def submit(session: AsyncSession, turn: TurnInput, payload: SubmitAnswers) -> list[Reply]:
    questionnaire = await _questionnaire_here(session, turn, payload.questionnaire_id)
    target = target_by_id(questionnaire, payload.target_id)
    await _require_right(session, turn, questionnaire, target)
    _require_open(questionnaire)
    snap = await snapshot(session, questionnaire, turn.now)
    all_pages = pages(snap.view.questions)
    if payload.page >= len(all_pages):
        raise UserFacingError("error.invalid_action")
    page_questions = {q.id: q for q in all_pages[payload.page] if q.answerable}
    page_values = _convert(page_questions, payload.inputs())
    _guard_pii(page_values, page_questions)
    existing = snap.responses.get(target.id)
    _require_editable(questionnaire, existing, turn)
    merged = stored_values(existing, draft=True)
    for question_id in page_questions:
        value = page_values.get(question_id)
        if value is None:
            merged.pop(question_id, None)
        else:
            merged[question_id] = value
    if payload.step == "submit":
        return await _submit(session, turn, snap, target, merged, payload)
    response = await store.save_draft(
        session,
        target,
        {str(k): v for k, v in merged.items()},
        by_name=await _sender_name(session, questionnaire, turn),
        now=turn.now,
    )
    page = payload.page + {"next": 1, "previous": -1}.get(payload.step, 0)
    page = max(0, min(page, len(all_pages) - 1))
    form = _form(
        turn, snap, target, merged, page=page, response=response, revision=payload.revision
    )
    replies = [_in_place(turn, form)]
    # A form shown to its clicker only says it was saved on itself, never in the channel.
    if payload.step == "draft" and not turn.via_execute:
        day = short_day(snap.view.deadline, turn.language)
        replies.append(Reply(text=t("questionnaires.answer.draft_saved", turn.language, day=day)))
    return replies


async def _submit(
    session: AsyncSession,
    turn: TurnInput,
    snap: Snapshot,
    target: QuestionnaireTarget,
    merged: dict[int, Any],
    payload: SubmitAnswers,
) -> list[Reply]:
    questionnaire = snap.questionnaire
    missing = [
        q.label
        for q in snap.view.questions
        if q.answerable and q.required and _empty(merged.get(q.id))
    ]
    if missing:
        raise UserFacingError("questionnaires.answer.missing", labels=", ".join(missing))
    answers = {str(k): v for k, v in merged.items() if not _empty(v)}
    submission = await store.submit_response(
        session,
        target,
        answers,
        by_aad_id=turn.sender.aad_object_id,
        by_name=await _sender_name(session, questionnaire, turn),
        now=turn.now,
        expected_revision=payload.revision,
    )
    response = submission.response
    if submission.stale:
        log.info(
            "questionnaire answer stale questionnaire=%s target=%s form=%s stored=%s",
            questionnaire.id,
            target.id,
            payload.revision,
            response.revision,
        )
        return [_in_place(turn, _conflict(turn, snap, target, response, merged, payload))]
    unchanged = not submission.changed
    if submission.changed:
        await cancel_reminders(session, questionnaire.id, target.id)
        await enqueue_status_update(session, questionnaire.id, turn.now)
        await audit.record(
            session,
            tenant_id=turn.tenant_id,
            actor_aad_id=turn.sender.aad_object_id or "unknown",
            action="questionnaire.answer",
            subject_type="questionnaire",
            subject_id=questionnaire.id,
            group_id=questionnaire.group_id,
            detail=f"target:{target.id}:rev:{response.revision}",
            at=turn.now,
        )
        log.info(
            "questionnaire answered questionnaire=%s target=%s revision=%s",
            questionnaire.id,
            target.id,
            response.revision,
        )
    fresh = await snapshot(session, questionnaire, turn.now)
    view = fresh.targets[target.id]
    state = AnswerState(
        answered_by=view.answered_by,
        answered_on=view.answered_on,
        editable=turn.now <= questionnaire.deadline_at,
    )
    receipt = receipt_card(
        turn.language,
        fresh.view,
        view,
        answers={int(k): v for k, v in answers.items()},
        state=state,
        note_key=(
            "questionnaires.answer.unchanged" if unchanged else "questionnaires.answer.thanks"
        ),
    )
    return [_in_place(turn, receipt)]


def _conflict(
    turn: TurnInput,
    snap: Snapshot,
    target: QuestionnaireTarget,
    newer: QuestionnaireResponse,
    mine: dict[int, Any],
    payload: SubmitAnswers,
) -> dict[str, Any]:
    return conflict_card(
        turn.language,
        snap.view,
        snap.targets[target.id],
        newer_by=newer.answered_by_name or "",
        newer_at=newer.submitted_at or newer.updated_at,
        newer={int(k): v for k, v in (newer.answers or {}).items()},
        mine=mine,
        mine_inputs=payload.inputs(),
        page=payload.page,
        revision=newer.revision,
    )


def _in_place(turn: TurnInput, card: dict[str, Any]) -> Reply:
    """The next page, receipt or conflict card in place of the form: on an Action.Execute,
    the answer to the clicker's invoke (shown to them only; the form may stand in for the
    channel's status card there), else an update of the form's message."""
    if turn.via_execute:
        return Reply(card=card, to_sender=True)
    return (
        Reply(card=card, update_activity_id=turn.reply_to_id)
        if turn.reply_to_id
        else Reply(card=card)
    )


async def _sender_name(session: AsyncSession, questionnaire: Questionnaire, turn: TurnInput) -> str:
    """The directory's name for the sender (display names in payloads are not trusted)."""
    member = await membership.get_member(
        session, questionnaire.group_id, turn.sender.aad_object_id or ""
    )
    return (member.name if member is not None else turn.sender.name)[:256]


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _guard_pii(values: dict[int, Any], questions: dict[int, QuestionView]) -> None:
    texts = [str(v) for k, v in values.items() if questions[k].kind == "text"]
    try:
        ensure_no_personal_number(*texts)
    except PersonalNumberFound as error:
        raise UserFacingError("questionnaires.answer.personal_number") from error


def _convert(questions: dict[int, QuestionView], inputs: dict[int, str]) -> dict[int, Any]:
    """Card input strings -> stored values; any input for a question not on this page is a
    forged or stale card."""
    if not set(inputs) <= set(questions):
        raise UserFacingError("error.invalid_action")
    values: dict[int, Any] = {}
    invalid: list[str] = []
    for question_id, raw in inputs.items():
        question = questions[question_id]
        try:
            values[question_id] = convert_value(question, raw)
        except _Invalid:
            invalid.append(question.label)
    if invalid:
        raise UserFacingError("questionnaires.answer.invalid", labels=", ".join(sorted(invalid)))
    return values


def convert_value(question: QuestionView, raw: str) -> Any:
    text = raw.strip()
    if not text:
        return None
    kind = question.kind
    if kind == "text":
        return text
    if kind == "choice":
        return question.options[_index(text, question)]
    if kind == "multichoice":
        indexes = sorted(
            {_index(part.strip(), question) for part in text.split(",") if part.strip()}
        )
        return [question.options[i] for i in indexes] or None
    if kind == "yesno":
        folded = text.casefold()
        if folded in ("yes", "true", "ja"):
            return True
        if folded in ("no", "false", "nej"):
            return False
        raise _Invalid
    if kind == "number":
        try:
            number = float(text.replace(",", ".").replace(" ", ""))
        except ValueError as error:
            raise _Invalid from error
        if not math.isfinite(number) or abs(number) >= MAX_NUMBER:
            raise _Invalid
        return int(number) if number.is_integer() else number
    if kind == "scale":
        if text in ("1", "2", "3", "4", "5"):
            return int(text)
        raise _Invalid
    raise _Invalid


def _index(text: str, question: QuestionView) -> int:
    if not text.isdigit() or int(text) >= len(question.options):
        raise _Invalid
    return int(text)
