"""Each person's own view of a questionnaire's status card (Universal Actions).

Teams asks for it when someone sees the card (its `refresh`) and after a click on its
Action.Execute buttons; the answer replaces the card for that person only. What it shows
is decided from the stored directory and the questionnaire's targets, never from the
payload: the organisation the sender answers for (as contact or deputy, else their own
organisation's target) on top, "Svara" only for a contact or deputy, "Resultat" only for
the roles that may read the results and "Stäng enkäten" only for those who may manage
questionnaires (dialogs/access.py ROLE_POLICY).
"""

from __future__ import annotations

from typing import Protocol

from cards.common import Card
from cards.questionnaires.management import StatusViewer, TargetView, status_card
from dialogs.access import Permission, may, require_group
from dialogs.questionnaires.access import Snapshot, questionnaire_in_group, snapshot
from dialogs.turn import TurnInput
from storage.db import AsyncSession


class NamesQuestionnaire(Protocol):
    @property
    def questionnaire_id(self) -> int: ...


async def own_status_card(
    session: AsyncSession, turn: TurnInput, payload: NamesQuestionnaire
) -> Card:
    group = await require_group(session, turn)
    questionnaire = await questionnaire_in_group(session, group, payload.questionnaire_id)
    snap = await snapshot(session, questionnaire, turn.now)
    return status_card(turn.language, snap.view, viewer_of(snap, turn.sender.aad_object_id))


def viewer_of(snap: Snapshot, aad_id: str | None) -> StatusViewer:
    member = snap.members.get(aad_id or "")  # active members only
    answering = next(
        (
            t
            for t in snap.questionnaire.targets
            if aad_id and aad_id in (t.contact_aad_id, t.deputy_aad_id)
        ),
        None,
    )
    own: TargetView | None = None
    if answering is not None:
        own = snap.targets[answering.id]
    elif member is not None and member.organisation_id is not None:
        own = next(
            (
                snap.targets[t.id]
                for t in snap.questionnaire.targets
                if t.organisation_id == member.organisation_id
            ),
            None,
        )
    return StatusViewer(
        own=own,
        may_answer=answering is not None,
        may_read_results=may(member, Permission.READ_QUESTIONNAIRE_RESULTS),
        may_manage=may(member, Permission.MANAGE_QUESTIONNAIRES),
    )
