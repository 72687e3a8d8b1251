"""One truth per decision: every posted copy of its card is known and redrawn when the
decision changes.

Copies: the card posted when the decision was logged (the channel card, also remembered
on the decision as `card_activity_id`), and every copy shown from `beslut lista` and
`beslut sök`. A status change from any copy redraws the one clicked in place and every
other copy: copies in the same conversation in this turn (after the commit, like every
reply), copies in other conversations through the outbox (an in-place update there, with
its retries and rate limits). Decisions logged before copies were recorded still have
their channel card redrawn from `card_activity_id`.

Not covered: reminder messages about a decision (their text and Klar/Påbörjad buttons)
are not tracked as copies; they say what was true when they were sent, and a click on a
stale one changes nothing (the revision check) but shows the decision as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from cards.common import Card
from dialogs.turn import Reply, SentHook, TurnInput
from storage.card_copies import operations as copies
from storage.card_copies.operations import Copy, decision_subject
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.decisions.models import Decision
from storage.directory import conversations, groups
from storage.outbox import operations as outbox


async def _turn_conversation_pk(session: AsyncSession, turn: TurnInput) -> int | None:
    found = await conversations.find_conversation(session, turn.tenant_id, turn.ref.conversation_id)
    return found.id if found is not None else None


async def remember(
    session: AsyncSession, turn: TurnInput, decision: Decision, activity_id: str, *, primary: bool
) -> None:
    """Record a posted copy; `primary` for the card posted when the decision was logged."""
    if primary:
        await decisions.set_card_activity(session, decision.id, activity_id)
    conversation_pk = await _turn_conversation_pk(session, turn)
    if conversation_pk is None:
        return
    await copies.remember_copy(
        session,
        tenant_id=decision.tenant_id,
        subject=decision_subject(decision.id),
        conversation_pk=conversation_pk,
        activity_id=activity_id,
        now=turn.now,
    )


def remember_when_sent(turn: TurnInput, decision: Decision, *, primary: bool) -> SentHook:
    async def hook(session: AsyncSession, activity_id: str) -> None:
        await remember(session, turn, decision, activity_id, primary=primary)

    return hook


async def redraw_other_copies(
    session: AsyncSession, turn: TurnInput, decision: Decision, render: Callable[[], Card]
) -> list[Reply]:
    """Replies updating every known copy but the one clicked (`turn.reply_to_id`); copies
    in other conversations are queued in the outbox, keyed by the decision's revision so
    a redelivered click queues nothing twice."""
    known = await copies.copies_of(session, decision_subject(decision.id))
    if decision.card_activity_id and not any(
        c.activity_id == decision.card_activity_id for c in known
    ):
        channel = await groups.group_conversation(session, decision.group_id)
        if channel is not None:
            known.append(Copy(channel.id, decision.card_activity_id))
    here = await _turn_conversation_pk(session, turn)
    replies: list[Reply] = []
    for copy in known:
        if copy.activity_id == turn.reply_to_id and copy.conversation_pk == here:
            continue
        if copy.conversation_pk == here:
            replies.append(Reply(card=render(), update_activity_id=copy.activity_id))
            continue
        digest = hashlib.sha256(copy.activity_id.encode()).hexdigest()[:16]
        await outbox.enqueue(
            session,
            key=f"decision:{decision.id}:rev:{decision.revision}:copy:{copy.conversation_pk}:{digest}",
            tenant_id=decision.tenant_id,
            kind="decision_card_copy",
            due_at=turn.now,
            conversation_pk=copy.conversation_pk,
            card=render(),
            update_activity_id=copy.activity_id,
            group_id=decision.group_id,
            subject=decision_subject(decision.id),
        )
    return replies
