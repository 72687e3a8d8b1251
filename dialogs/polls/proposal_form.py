"""Proposing dates through a form instead of one typed line (`föreslå datum` alone, or the
help card's button). The form's fields are put together into the typed command's text
and read by the same parser, so form and command accept and refuse exactly the same."""

from __future__ import annotations

from cards.polls.proposal_form import PollProposeForm, proposal_form_card, proposal_sent_card
from dialogs.access import require_group, require_member
from dialogs.polls.flows import propose
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage.db import AsyncSession


async def open_form(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    group = await require_group(session, turn)
    await require_member(session, group, turn, "polls.not_member")
    return [Reply(card=proposal_form_card(turn.language))]


async def submit_form(session: AsyncSession, turn: TurnInput, form: PollProposeForm) -> list[Reply]:
    dates = " ".join(form.dates.split())
    if not dates:
        raise UserFacingError("polls.form.dates_required")
    deadline = form.deadline.strip()
    keyword = "deadline" if turn.language == "en" else "svara senast"
    argument = f"{dates} {keyword} {deadline}" if deadline else dates
    replies = await propose(session, turn, argument, title=form.title.strip() or None)
    if turn.reply_to_id:
        sent = proposal_sent_card(turn.language)
        replies = [Reply(card=sent, update_activity_id=turn.reply_to_id), *replies]
    return replies
