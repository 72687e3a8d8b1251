"""Each person's own view of a poll card (Universal Actions' user-specific views).

Teams asks for it when someone sees the card (the card's `refresh`) and after they click
one of its Action.Execute buttons; the answer replaces the card for that person only,
while the channel's shared message stays the neutral view. Like every card action, the
request is untrusted: the poll must belong to the group of the conversation it came
from, and what the view shows is decided from the stored member, never the payload.
Someone who is not an active member sees the neutral view; nobody ever gets another
person's answers marked or buttons they may not use.

In a personal chat (the buttons of a "closing soon" reminder) the poll's own group is
used, where the sender must be an active member; the organiser's buttons are left out
there, as they act on the channel's card.
"""

from __future__ import annotations

from typing import Protocol, cast

from cards.common import Card
from cards.i18n import Language
from cards.polls.poll_cards import Choice, PollViewer, poll_card
from dialogs.access import active_member, may_manage, require_group
from dialogs.polls.view import build_poll_view
from dialogs.turn import TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.directory.models import Group
from storage.polls import operations as polls


class NamesPoll(Protocol):
    @property
    def poll(self) -> int: ...


async def poll_group(session: AsyncSession, turn: TurnInput, poll_id: int) -> Group:
    """The group of this conversation; in a personal chat, the poll's own group (the
    sender's membership is checked by the caller)."""
    if turn.in_group:
        return await require_group(session, turn)
    group = await polls.group_of_poll_id(session, turn.tenant_id, poll_id)
    if group is None:
        raise UserFacingError("polls.not_found")
    return group


async def own_poll_card(session: AsyncSession, turn: TurnInput, payload: NamesPoll) -> Card:
    group = await poll_group(session, turn, payload.poll)
    poll = await polls.get_poll(session, payload.poll)
    if poll is None or poll.group_id != group.id:
        raise UserFacingError("polls.not_found")
    view = await build_poll_view(session, poll)
    language: Language = "en" if poll.language == "en" else "sv"
    member = await active_member(session, group.id, turn)
    if member is None:
        if not turn.in_group:
            raise UserFacingError("polls.not_member")
        return poll_card(view, language)
    stored = await polls.member_answers(session, poll.id, member.id)
    answers = {option_id: cast(Choice, choice.value) for option_id, choice in stored.items()}
    manager = turn.in_group and may_manage(member, poll.organiser_member_id)
    return poll_card(view, language, PollViewer(answers=answers, manager=manager))
