"""The button on the day-off warning (dialogs/polls/day_off_warning.py) that moves a
proposed date to the nearest working day.

Only the poll's managers may move a date, only while the poll is open and nobody has
answered for it, and only to a working day within a week of the old one (the payload is
untrusted; storage re-checks the answers under the poll's lock).
"""

from __future__ import annotations

import logging
from functools import partial

from cards.days_off.days_off_cards import PollMoveDateAction
from cards.i18n import t
from cards.swedish_format import local, short_day
from dialogs.access import may_manage, require_group, require_member
from dialogs.audit import record_action
from dialogs.polls.flows import render_poll_card
from dialogs.text.days_off import MAX_MOVE, shifted
from dialogs.text.working_time import is_working_day
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.polls import operations as polls

log = logging.getLogger(__name__)


async def move_date(
    session: AsyncSession, turn: TurnInput, action: PollMoveDateAction
) -> list[Reply]:
    group = await require_group(session, turn)
    member = await require_member(session, group, turn, "polls.not_member")
    poll = await polls.get_poll(session, action.poll, for_update=True)
    if poll is None or poll.group_id != group.id:
        raise UserFacingError("polls.not_found")
    if not may_manage(member, poll.organiser_member_id):
        raise UserFacingError("polls.not_organiser")
    option = next((o for o in poll.options if o.id == action.option), None)
    if option is None:
        raise UserFacingError("polls.unknown_option")
    language = turn.language
    moved_text = t(
        "days_off.poll_moved",
        language,
        day=short_day(action.from_day, language),
        to=short_day(action.to, language),
    )
    current = local(option.starts_at).date()
    if current == action.to:
        return [Reply(text=moved_text)]  # a double click: already done
    others = {local(o.starts_at).date() for o in poll.options if o.id != option.id}
    if (
        current != action.from_day
        or not is_working_day(action.to)
        or action.to <= local(turn.now).date()
        or abs(action.to - current) > MAX_MOVE
        or action.to in others
    ):
        raise UserFacingError("days_off.bad_day")
    days = (action.to - current).days
    ends_at = shifted(option.ends_at, days) if option.ends_at is not None else None
    if not await polls.move_option(
        session, poll, option.id, starts_at=shifted(option.starts_at, days), ends_at=ends_at
    ):
        return [Reply(text=t("days_off.poll_not_moved", language))]
    await record_action(
        session,
        turn,
        member,
        "poll.move_date",
        subject_type="poll",
        subject_id=poll.id,
        group_id=group.id,
    )
    log.info("poll date moved poll=%s option=%s days=%d", poll.id, option.id, days)
    replies = [Reply(text=moved_text)]
    if poll.activity_id:
        replies.append(
            Reply(update_activity_id=poll.activity_id, render=partial(render_poll_card, poll.id))
        )
    return replies
