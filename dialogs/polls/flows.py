"""Date polls for term planning: propose dates, answer per date, close and choose.

Any active member can propose dates and becomes the poll's organiser; the organiser,
the chair and the secretary can change the deadline, reveal hidden answers and close
the poll (roles re-checked from the stored member on every submit). At the deadline a
recurring job closes the poll and posts the result through the outbox.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime, time
from functools import partial

from cards.common import Card
from cards.i18n import Language, t
from cards.polls.poll_cards import (
    AnnouncedMeeting,
    PollAnswerAction,
    PollCloseAction,
    PollDeadlineAction,
    PollRevealAction,
    announcement_card,
    poll_card,
    poll_title,
    result_card,
)
from cards.swedish_format import STOCKHOLM, local, long_moment
from dialogs.access import may_manage, require_group, require_member
from dialogs.audit import record_action
from dialogs.input_errors import refused_as_user_message
from dialogs.meetings.calendar_files import (
    CALENDAR_CONTENT_TYPE,
    CALENDAR_FILE_NAME,
    meetings_calendar,
)
from dialogs.meetings.flows import rsvp_card_reply
from dialogs.meetings.view import calendar_meeting
from dialogs.polls.day_off_warning import warning_reply
from dialogs.polls.own_view import own_poll_card, poll_group
from dialogs.polls.proposal import END_OF_DAY, MAX_TITLE, parse_proposal
from dialogs.polls.view import build_poll_view
from dialogs.text.pii import ensure_no_personal_number
from dialogs.turn import DownloadFile, JobContext, Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.directory.models import Group, Member
from storage.meetings import operations as meetings
from storage.meetings.models import Meeting
from storage.outbox import operations as outbox
from storage.polls import operations as polls
from storage.polls.models import Poll, PollChoice, PollStatus

log = logging.getLogger(__name__)


def poll_language(poll: Poll) -> Language:
    return "en" if poll.language == "en" else "sv"


# ---- propose ----------------------------------------------------------------------------
async def propose(
    session: AsyncSession, turn: TurnInput, argument: str, *, title: str | None = None
) -> list[Reply]:
    """`title` comes from the proposal form's own field and wins over one in the text."""
    group = await require_group(session, turn)
    organiser = await require_member(session, group, turn, "polls.not_member")
    if not argument.strip():
        raise UserFacingError("polls.usage")
    with refused_as_user_message():
        proposal = parse_proposal(argument, now=turn.now, english=turn.language == "en")
        if title:
            if len(title) > MAX_TITLE:
                raise UserFacingError("polls.title_too_long")
            proposal = replace(proposal, title=title)
        ensure_no_personal_number(proposal.title)
    poll = await polls.create_poll(
        session,
        group=group,
        organiser=organiser,
        title=proposal.title,
        options=proposal.options,
        deadline_at=proposal.deadline_at,
        hide_answers=proposal.hidden,
        language=turn.language,
        now=turn.now,
    )
    await record_action(
        session,
        turn,
        organiser,
        "poll.create",
        subject_type="poll",
        subject_id=poll.id,
        group_id=group.id,
        detail=f"options:{len(proposal.options)}",
    )
    log.info("poll created poll=%s group=%s options=%d", poll.id, group.id, len(poll.options))
    view = await build_poll_view(session, poll)
    poll_id = poll.id

    async def remember(hook_session: AsyncSession, activity_id: str) -> None:
        await polls.set_activity_id(hook_session, poll_id, activity_id)

    replies = [Reply(card=poll_card(view, poll_language(poll)), on_sent=remember)]
    warning = warning_reply(poll, local(turn.now).date(), turn.language)
    return replies if warning is None else [*replies, warning]


# ---- shared checks ----------------------------------------------------------------------
async def _poll_in_group(session: AsyncSession, group: Group, poll_id: int) -> Poll:
    # Locked so that closing, reopening or moving the deadline never interleaves with an
    # answer (answers share the lock: `polls.poll_for_answer`).
    poll = await polls.get_poll(session, poll_id, for_update=True)
    if poll is None or poll.group_id != group.id:
        raise UserFacingError("polls.not_found")
    return poll


async def _manager(
    session: AsyncSession, turn: TurnInput, poll_id: int
) -> tuple[Group, Member, Poll]:
    group = await require_group(session, turn)
    member = await require_member(session, group, turn, "polls.not_member")
    poll = await _poll_in_group(session, group, poll_id)
    if not may_manage(member, poll.organiser_member_id):
        raise UserFacingError("polls.not_organiser")
    return group, member, poll


def _card_update(poll: Poll | polls.AnswerablePoll, turn: TurnInput) -> list[Reply]:
    """The poll card, re-rendered after the turn commits (coalesced by the edge)."""
    target = turn.reply_to_id or poll.activity_id
    if target is None:
        return []
    return [Reply(update_activity_id=target, render=partial(render_poll_card, poll.id))]


async def render_poll_card(poll_id: int, session: AsyncSession) -> Card | None:
    poll = await polls.get_poll(session, poll_id)
    if poll is None:
        return None
    view = await build_poll_view(session, poll)
    return poll_card(view, poll_language(poll))


# ---- answer -----------------------------------------------------------------------------
async def answer(session: AsyncSession, turn: TurnInput, action: PollAnswerAction) -> list[Reply]:
    group = await poll_group(session, turn, action.poll)
    member = await require_member(session, group, turn, "polls.not_member")
    poll = await polls.poll_for_answer(session, action.poll)
    if poll is None or poll.group_id != group.id:
        raise UserFacingError("polls.not_found")
    if poll.status != PollStatus.OPEN:
        raise UserFacingError("polls.closed")
    if poll.deadline_at <= turn.now:
        raise UserFacingError("polls.past_deadline")
    if action.option not in poll.option_ids:
        raise UserFacingError("polls.unknown_option")
    await polls.record_answer(
        session,
        poll_id=poll.id,
        option_id=action.option,
        member_id=member.id,
        choice=PollChoice(action.choice),
        version=turn.answered_at,
        now=turn.now,
    )
    # Whoever has answered is not nudged that the poll closes soon.
    await outbox.cancel(session, key=closing_soon_key(poll.id, member.aad_object_id))
    log.info("poll answer poll=%s option=%s member=%s", poll.id, action.option, member.id)
    if not turn.in_group:
        return await _answered_from_reminder(session, turn, group, member, poll, action)
    return _card_update(poll, turn)


async def _answered_from_reminder(
    session: AsyncSession,
    turn: TurnInput,
    group: Group,
    member: Member,
    poll: polls.AnswerablePoll,
    action: PollAnswerAction,
) -> list[Reply]:
    """An answer from a reminder in the personal chat: the channel's card is redrawn
    through the outbox (another conversation), rendered now; a later click in the channel
    renders it again anyway. The reminder itself becomes the person's own view: the
    invoke's answer on an Action.Execute, an update in place on an Action.Submit."""
    if poll.activity_id and group.conversation_pk is not None:
        full = await polls.get_poll(session, poll.id)
        assert full is not None
        await outbox.enqueue(
            session,
            key=f"poll:{poll.id}:card:{member.id}:{action.option}:{turn.answered_at.isoformat()}",
            tenant_id=group.tenant_id,
            kind="poll_card",
            due_at=turn.now,
            conversation_pk=group.conversation_pk,
            card=poll_card(await build_poll_view(session, full), poll_language(full)),
            update_activity_id=poll.activity_id,
            group_id=group.id,
            subject=f"poll:{poll.id}",
        )
    if turn.via_execute or not turn.reply_to_id:
        return []
    return [
        Reply(card=await own_poll_card(session, turn, action), update_activity_id=turn.reply_to_id)
    ]


def result_key(poll_id: int) -> str:
    """The outbox key of the result card the deadline job posts (its sent activity id is
    where that card is, to redraw it when the dates are chosen)."""
    return f"poll:{poll_id}:result"


def closing_soon_key(poll_id: int, aad_id: str) -> str:
    return f"poll:{poll_id}:closing_soon:{aad_id}"


# ---- organiser actions ------------------------------------------------------------------
async def reveal(session: AsyncSession, turn: TurnInput, action: PollRevealAction) -> list[Reply]:
    group, member, poll = await _manager(session, turn, action.poll)
    if not poll.hide_answers:
        raise UserFacingError("polls.reveal_not_hidden")
    await polls.set_answers_revealed(session, poll, action.show)
    await record_action(
        session,
        turn,
        member,
        "poll.reveal",
        subject_type="poll",
        subject_id=poll.id,
        group_id=group.id,
        detail="shown" if action.show else "hidden",
    )
    return _card_update(poll, turn)


async def change_deadline(
    session: AsyncSession, turn: TurnInput, action: PollDeadlineAction
) -> list[Reply]:
    group, member, poll = await _manager(session, turn, action.poll)
    if poll.status != PollStatus.OPEN:
        raise UserFacingError("polls.closed")
    deadline = _deadline_from_form(action.deadline_date, action.deadline_time)
    if deadline <= turn.now:
        raise UserFacingError("polls.deadline_in_past")
    if deadline > min(o.starts_at for o in poll.options):
        raise UserFacingError("polls.deadline_after_dates")
    await polls.set_deadline(session, poll, deadline)
    await record_action(
        session,
        turn,
        member,
        "poll.deadline",
        subject_type="poll",
        subject_id=poll.id,
        group_id=group.id,
    )
    replies = _card_update(poll, turn)
    when = long_moment(deadline, turn.language)
    return [*replies, Reply(text=t("polls.deadline_changed", turn.language, when=when))]


def _deadline_from_form(day_text: str, time_text: str) -> datetime:
    """Input.Date 'YYYY-MM-DD' and Input.Time 'HH:MM' (Stockholm); no time = end of day."""
    try:
        day = datetime.strptime(day_text, "%Y-%m-%d").date()
        at = datetime.strptime(time_text[:5], "%H:%M").time() if time_text else END_OF_DAY
    except ValueError as error:
        raise UserFacingError("polls.deadline_unclear") from error
    return datetime.combine(day, time(at.hour, at.minute), tzinfo=STOCKHOLM).astimezone(UTC)


async def close(session: AsyncSession, turn: TurnInput, action: PollCloseAction) -> list[Reply]:
    """Close (if still open) and choose the dates; the chosen dates become meetings."""
    group, member, poll = await _manager(session, turn, action.poll)
    if poll.status == PollStatus.DECIDED:
        raise UserFacingError("polls.already_decided")
    chosen_ids = action.option_ids()
    options = {o.id: o for o in poll.options}
    if any(option_id not in options for option_id in chosen_ids):
        raise UserFacingError("polls.unknown_option")
    await polls.close_poll(session, poll, now=turn.now, closed_by="organiser")
    if not await polls.choose_options(session, poll, chosen_ids):
        raise UserFacingError("polls.already_decided")
    poll = await polls.get_poll(session, poll.id) or poll
    language = poll_language(poll)
    title = poll.title or t("meetings.default_title", language)
    created: list[Meeting] = []
    for option_id in chosen_ids:
        created.append(
            await meetings.meeting_from_option(
                session,
                group=group,
                option=options[option_id],
                title=title,
                organiser_member_id=poll.organiser_member_id,
                language=language,
                now=turn.now,
            )
        )
    await record_action(
        session,
        turn,
        member,
        "poll.decide",
        subject_type="poll",
        subject_id=poll.id,
        group_id=group.id,
        detail=f"chosen:{len(chosen_ids)}",
    )
    log.info("poll decided poll=%s meetings=%d", poll.id, len(created))
    replies = _card_update(poll, turn)
    view = await build_poll_view(session, poll)
    # One truth per poll: the poll card and the result card (posted when the deadline
    # closed it) both show the outcome, whichever of them the dates were chosen on.
    result_id = await outbox.sent_activity_id(session, result_key(poll.id))
    for other in (poll.activity_id, result_id):
        if other and other != (turn.reply_to_id or poll.activity_id):
            replies.append(Reply(card=poll_card(view, language), update_activity_id=other))
    replies.extend(await announce_meetings(session, poll, created))
    return replies


async def announce_meetings(
    session: AsyncSession, poll: Poll, created: list[Meeting]
) -> list[Reply]:
    """The announcement with an .ics of all chosen meetings, then one RSVP card each."""
    language = poll_language(poll)
    view = await build_poll_view(session, poll)
    title = poll_title(view, language)
    announced = [
        AnnouncedMeeting(m.title, m.starts_at, m.ends_at, m.has_time, m.location) for m in created
    ]
    card = announcement_card(title, announced, language, today=view.today)
    if not created:
        return [Reply(card=card)]
    ics = meetings_calendar([calendar_meeting(m) for m in created])
    replies = [
        Reply(card=card, files=(DownloadFile(CALENDAR_FILE_NAME, CALENDAR_CONTENT_TYPE, ics),))
    ]
    for meeting in created:
        replies.append(await rsvp_card_reply(session, meeting))
    return replies


# ---- the deadline job -------------------------------------------------------------------


async def close_due_polls(ctx: JobContext) -> None:
    """Close every open poll whose deadline has passed; post the result via the outbox.
    Idempotent: a poll is closed once (conditional update), outbox keys are unique."""
    for poll in await polls.due_polls(ctx.session, ctx.now):
        if not await polls.close_poll(ctx.session, poll, now=ctx.now, closed_by="deadline"):
            continue
        group = await polls.group_of_poll(ctx.session, poll)
        if group is None:
            continue
        language = poll_language(poll)
        view = await build_poll_view(ctx.session, poll)
        subject = f"poll:{poll.id}"
        if poll.activity_id:
            await outbox.enqueue(
                ctx.session,
                key=f"{subject}:closed_card",
                tenant_id=poll.tenant_id,
                kind="poll_closed_card",
                due_at=ctx.now,
                conversation_pk=group.conversation_pk,
                card=poll_card(view, language),
                update_activity_id=poll.activity_id,
                group_id=group.id,
                subject=subject,
            )
        await outbox.enqueue(
            ctx.session,
            key=result_key(poll.id),
            tenant_id=poll.tenant_id,
            kind="poll_result",
            due_at=ctx.now,
            conversation_pk=group.conversation_pk,
            text=t("polls.closed_by_deadline_text", language, title=poll_title(view, language)),
            card=result_card(view, language),
            group_id=group.id,
            subject=subject,
        )
        log.info("poll closed at deadline poll=%s group=%s", poll.id, group.id)
