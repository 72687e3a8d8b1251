"""Each person's own view of a decision card (Universal Actions' user-specific views).

Teams asks for it when someone sees the card (its `refresh`) and after they click one of
its Action.Execute buttons; the answer replaces the card for that person only. Like every
card action the request is untrusted: the decision must belong to the group of the
conversation it came from (in a personal chat, to a group the sender is an active member
of: the card of a reminder), and whether the status buttons are shown is decided from
the stored member, never from the payload. Anyone else is refused, as a click would be.
"""

from __future__ import annotations

from typing import Protocol

from cards.common import Card
from cards.decisions.actions import StatusChange
from cards.decisions.decision_card import DecisionViewer, decision_card
from cards.i18n import t
from dialogs.decisions.audience import refresh_audience
from dialogs.decisions.register import local_today, status_sender, view_of
from dialogs.turn import TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.decisions import operations as decisions


class NamesDecision(Protocol):
    @property
    def decision_id(self) -> int: ...


async def own_decision_card(session: AsyncSession, turn: TurnInput, payload: NamesDecision) -> Card:
    sender = await status_sender(session, turn, payload.decision_id)
    decision = await decisions.get_decision(session, sender.group.id, payload.decision_id)
    if decision is None:
        raise UserFacingError("decisions.error.not_found")
    today = local_today(turn)
    view = view_of(decision, today, await refresh_audience(session, decision))
    viewer = DecisionViewer(may_change=decisions.may_change_status(decision, sender.member))
    note = None
    if isinstance(payload, StatusChange) and _made_by_this_click(
        payload, view.status, view.revision
    ):
        note = t(
            "decisions.card.changed_by",
            turn.language,
            name=sender.member.name,
            status=t(f"decisions.status.{view.status}", turn.language),
        )
    return decision_card(turn.language, view, today=today, note=note, viewer=viewer)


def _made_by_this_click(payload: StatusChange, status: str, revision: int) -> bool:
    """The decision is one change past the card that was clicked, into the status asked
    for: this click's change (the shared card says the same)."""
    return status == payload.to_status and revision == payload.revision + 1
