"""Date polls in the weekly digest and the "closing soon" nudge.

The nudge goes to members who have not answered a poll at all, from a number of working
days before its deadline (the group's rule setting, default 2), delivered in office
hours by the outbox. It carries the dates with their answer buttons, so the member
answers from the reminder (dialogs.polls.own_view covers the personal chat). Answering
cancels it (dialogs.polls.flows.answer).
"""

from __future__ import annotations

from datetime import datetime

from cards.common import Card
from cards.i18n import Language, t
from cards.polls.reminder_card import poll_reminder_card
from cards.swedish_format import long_moment
from dialogs.polls.flows import closing_soon_key, poll_language
from dialogs.polls.view import build_poll_view
from dialogs.reminders.catalogue import DigestSection, Rule
from dialogs.reminders.flows import rule_setting
from dialogs.text.working_time import local_date, office_start_utc, working_days_before
from dialogs.turn import JobContext
from storage.db import AsyncSession
from storage.directory import membership
from storage.directory.models import Group
from storage.outbox import operations as outbox
from storage.polls import operations as polls

CLOSING_SOON_RULE = Rule(
    "datumforslag_stanger",
    title_sv="datumförslag stänger snart",
    title_en="date poll closing soon",
    default_lead_days=2,
)


async def enqueue_closing_soon(ctx: JobContext) -> None:
    session, now = ctx.session, ctx.now
    for poll in await polls.open_polls(session, now):
        setting = await rule_setting(session, poll.group_id, CLOSING_SOON_RULE.name)
        if not setting.enabled:
            continue
        starts = office_start_utc(
            working_days_before(local_date(poll.deadline_at), setting.lead_days)
        )
        if now < starts:
            continue
        group = await polls.group_of_poll(session, poll)
        if group is None:
            continue
        answered = await polls.answered_member_ids(session, poll.id)
        language = poll_language(poll)
        card: Card | None = None
        text = t(
            "polls.closing_soon",
            language,
            title=poll.title or t("polls.default_title", language),
            when=long_moment(poll.deadline_at, language),
        )
        for member in await membership.list_members(session, poll.group_id):
            if member.id in answered:
                continue
            if card is None:
                # The dates with their answer buttons: the member answers from the reminder.
                card = await _reminder_card(session, poll.id, language)
            await outbox.enqueue(
                session,
                key=closing_soon_key(poll.id, member.aad_object_id),
                tenant_id=poll.tenant_id,
                kind="poll_closing_soon",
                due_at=now,
                user_aad_id=member.aad_object_id,
                fallback_conversation_pk=group.conversation_pk,
                text=text,
                card=card,
                mentions=[
                    outbox.OutboxMention(teams_user_id=member.teams_user_id or "", name=member.name)
                ]
                if member.teams_user_id
                else (),
                group_id=poll.group_id,
                subject=f"poll:{poll.id}",
            )


async def _reminder_card(session: AsyncSession, poll_id: int, language: Language) -> Card:
    poll = await polls.get_poll(session, poll_id)  # with its options
    assert poll is not None
    return poll_reminder_card(await build_poll_view(session, poll), language)


async def digest_lines(
    session: AsyncSession, group: Group, now: datetime, language: Language
) -> list[str]:
    return [
        t(
            "polls.digest.open",
            language,
            title=poll.title or t("polls.default_title", language),
            when=long_moment(poll.deadline_at, language),
        )
        for poll in await polls.open_polls(session, now, group_id=group.id)
    ]


DIGEST_SECTION = DigestSection("polls.digest.title", digest_lines)
