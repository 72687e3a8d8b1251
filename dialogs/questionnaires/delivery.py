"""Everything a questionnaire sends outside the turn goes through the outbox: invitations
to contacts' personal chats, reminders, and in-place updates of the channel status card.

Outbox keys (idempotent; `cancel` works on their prefixes):
    questionnaire:<id>:invite:<target id>:<aad id>
    questionnaire:<id>:target:<target id>:remind:<stage>:<aad id>   cancelled on answer
    questionnaire:<id>:status:<revision>                            status card update
    questionnaire:<id>:nudge:<stage>                                channel "Saknas: …"
"""

from __future__ import annotations

import enum
import logging
from datetime import datetime

from cards.i18n import Language, language_for_locale, t
from cards.questionnaires.answer import AnswerState, answer_card
from cards.questionnaires.management import status_card
from cards.questionnaires.reminder import answer_reminder_card, is_short
from cards.swedish_format import short_day
from dialogs.questionnaires.access import Snapshot, snapshot, stored_values
from storage.db import AsyncSession
from storage.directory import conversations, membership
from storage.outbox import operations as outbox
from storage.outbox.recipients import person_reach
from storage.questionnaires import operations as store
from storage.questionnaires.models import Questionnaire, QuestionnaireTarget

log = logging.getLogger(__name__)


def subject(questionnaire_id: int) -> str:
    return f"questionnaire:{questionnaire_id}"


def reminder_prefix(questionnaire_id: int, target_id: int) -> str:
    return f"questionnaire:{questionnaire_id}:target:{target_id}:remind:"


async def language_of(session: AsyncSession, tenant_id: str, aad_id: str | None) -> Language:
    """The person's own chat's language if we know it, else Swedish."""
    if aad_id:
        personal = await conversations.personal_conversation(session, tenant_id, aad_id)
        if personal is not None and personal.locale:
            return language_for_locale(personal.locale)
    return "sv"


class PrivateChat(enum.Enum):
    KNOWN = "known"  # an active 1:1 chat with the bot
    CREATABLE = "creatable"  # none yet: the dispatcher will try to create one
    UNREACHABLE = "unreachable"  # gone (blocked, app removed) or nothing to create it from


async def private_chat(
    session: AsyncSession, questionnaire: Questionnaire, aad_id: str
) -> PrivateChat:
    """Whether a form sent to this person's own chat can arrive, judged from what is
    stored (the same facts the dispatcher routes by, bot/outbox/dispatcher.py). CREATABLE
    is a hope, not a promise: Teams may still refuse to create the chat (the app not
    allowed for the person), so what the user is told says what to do then."""
    reach = await person_reach(
        session,
        tenant_id=questionnaire.tenant_id,
        user_aad_id=aad_id,
        fallback_conversation_pk=None,
        group_id=questionnaire.group_id,
    )
    if reach.personal is not None:
        return PrivateChat.KNOWN
    if reach.personal_gone or not reach.teams_user_id or reach.anchor is None:
        return PrivateChat.UNREACHABLE
    return PrivateChat.CREATABLE


async def enqueue_answer_card(
    session: AsyncSession,
    snap: Snapshot,
    target: QuestionnaireTarget,
    aad_id: str,
    *,
    key: str,
    kind: str,
    due_at: datetime,
    note_key: str,
    form: bool = True,
    channel_fallback: bool = True,
) -> bool:
    """The answer card to one person: their personal chat when the bot can reach it, else
    the group's channel with an @mention (guests, people without the bot installed).
    Without `form` (reminders) a short card whose "Svara" opens the form, unless the
    questionnaire is short enough to answer in the reminder itself. Without
    `channel_fallback` (a form someone asked for, which may hold the organisation's
    draft) never the channel: the personal chat or nothing."""
    questionnaire = snap.questionnaire
    language = await language_of(session, questionnaire.tenant_id, aad_id)
    conversation = await store.group_conversation(session, questionnaire)
    response = snap.responses.get(target.id)
    target_view = snap.targets[target.id]
    draft_by = response.answered_by_name if response is not None and response.draft else None
    if form or is_short(snap.view):
        card = answer_card(
            language,
            snap.view,
            target_view,
            values=stored_values(response, draft=True),
            page=0,
            state=AnswerState(
                answered_by=target_view.answered_by,
                answered_on=target_view.answered_on,
                draft_by=draft_by,
                revision=response.revision if response is not None else 0,
            ),
        )
    else:
        card = answer_reminder_card(language, snap.view, target_view, draft_by=draft_by)
    person = snap.person(aad_id)
    name = person.name if person is not None else ""
    text = t(
        note_key,
        language,
        name=name,
        title=questionnaire.title,
        organisation=target.label,
        day=short_day(snap.view.deadline, language),
    )
    mentions = (
        (outbox.OutboxMention(teams_user_id=person.teams_user_id, name=person.name),)
        if person is not None
        else ()
    )
    created = await outbox.enqueue(
        session,
        key=key,
        tenant_id=questionnaire.tenant_id,
        kind=kind,
        due_at=due_at,
        user_aad_id=aad_id,
        fallback_conversation_pk=conversation.id if channel_fallback else None,
        text=text,
        card=card,
        mentions=mentions,
        group_id=questionnaire.group_id,
        subject=subject(questionnaire.id),
    )
    if created:
        log.info(
            "questionnaire card queued questionnaire=%s target=%s kind=%s",
            questionnaire.id,
            target.id,
            kind,
        )
    return created


async def enqueue_invites(
    session: AsyncSession, questionnaire: Questionnaire, now: datetime
) -> int:
    snap = await snapshot(session, questionnaire, now)
    reachable = await membership.contactable_people(
        session, questionnaire.group_id, (t.contact_aad_id for t in questionnaire.targets)
    )
    count = 0
    for target in questionnaire.targets:
        if target.contact_aad_id in reachable:
            count += await enqueue_invite(session, snap, target, target.contact_aad_id, now)
    return count


async def enqueue_invite(
    session: AsyncSession, snap: Snapshot, target: QuestionnaireTarget, aad_id: str, now: datetime
) -> bool:
    return await enqueue_answer_card(
        session,
        snap,
        target,
        aad_id,
        key=f"questionnaire:{snap.questionnaire.id}:invite:{target.id}:{aad_id}",
        kind="questionnaire_invite",
        due_at=now,
        note_key="questionnaires.invite.text",
    )


async def enqueue_status_update(
    session: AsyncSession, questionnaire_id: int, now: datetime
) -> bool:
    """Re-render the channel's status card and queue it as an in-place update. The
    revision is bumped atomically first, so two answers arriving together both show."""
    revision = await store.bump_status_revision(session, questionnaire_id)
    questionnaire = await store.load(session, questionnaire_id)
    if questionnaire is None or not questionnaire.status_activity_id:
        return False
    snap = await snapshot(session, questionnaire, now)
    return await enqueue_status_card(session, snap, key=f"status:{revision}", now=now)


async def enqueue_status_card(
    session: AsyncSession, snap: Snapshot, *, key: str, now: datetime
) -> bool:
    """The status card as an in-place edit of the channel message holding it (none until
    the card has been posted). `key` is unique per update under the questionnaire's own
    outbox prefix, so a repeated update is queued once."""
    questionnaire = snap.questionnaire
    if not questionnaire.status_activity_id:
        return False
    conversation = await store.group_conversation(session, questionnaire)
    language = language_for_locale(conversation.locale)
    return await outbox.enqueue(
        session,
        key=f"questionnaire:{questionnaire.id}:{key}",
        tenant_id=questionnaire.tenant_id,
        kind="questionnaire_status",
        due_at=now,
        conversation_pk=conversation.id,
        card=status_card(language, snap.view),
        update_activity_id=questionnaire.status_activity_id,
        group_id=questionnaire.group_id,
        subject=subject(questionnaire.id),
    )


async def cancel_reminders(session: AsyncSession, questionnaire_id: int, target_id: int) -> int:
    return await outbox.cancel(session, key_prefix=reminder_prefix(questionnaire_id, target_id))
