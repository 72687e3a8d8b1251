"""Each person's own view of a poll card (Universal Actions' user-specific views).

Teams asks for it when someone sees the card (the card's `refresh`) and after they click
one of its Action.Execute buttons; the answer replaces the card for that person only,
while the channel's shared message stays the neutral view. Like every card action, the
request is untrusted: the poll must belong to the group of the conversation it came
from, and what the view shows is decided from the stored member, never the payload.
Someone who is not an active member sees the neutral view; nobody ever gets another
person's answers marked or buttons they may not use.
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
from storage.polls import operations as polls


class NamesPoll(Protocol):
    @property
    def poll(self) -> int: ...


async def own_poll_card(session: AsyncSession, turn: TurnInput, payload: NamesPoll) -> Card:
    group = await require_group(session, turn)
    poll = await polls.get_poll(session, payload.poll)
    if poll is None or poll.group_id != group.id:
        raise UserFacingError("polls.not_found")
    view = await build_poll_view(session, poll)
    language: Language = "en" if poll.language == "en" else "sv"
    member = await active_member(session, group.id, turn)
    if member is None:
        return poll_card(view, language)
    stored = await polls.member_answers(session, poll.id, member.id)
    answers = {option_id: cast(Choice, choice.value) for option_id, choice in stored.items()}
    viewer = PollViewer(answers=answers, manager=may_manage(member, poll.organiser_member_id))
    return poll_card(view, language, viewer)
