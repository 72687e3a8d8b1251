"""`mina beslut`: the sender's open decisions across all their groups, with group names.

Works in any conversation; the list is the same everywhere because it is about the
person, not the group. Only groups of the sender's own tenant are searched."""

from __future__ import annotations

from cards.decisions.decision_card import DecisionView
from cards.decisions.mine import my_decisions_card
from dialogs.decisions.register import local_today, view_of
from dialogs.turn import Reply, TurnInput
from storage.db import AsyncSession
from storage.decisions import operations as decisions


async def show_mine(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    today = local_today(turn)
    aad_id = turn.sender.aad_object_id
    rows = await decisions.open_owned_by(session, turn.tenant_id, aad_id, today) if aad_id else []
    groups: dict[str, list[DecisionView]] = {}
    for group_name, decision in rows:
        groups.setdefault(group_name, []).append(view_of(decision, today))
    card = my_decisions_card(turn.language, groups=list(groups.items()), today=today)
    return [Reply(card=card)]
