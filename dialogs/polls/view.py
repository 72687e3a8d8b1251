"""Assemble what a poll card shows from stored answers and the group's members.

Counts per date, the organisations that can attend (an organisation can when at least
one of its members answered Ja or Om det behövs), and who has not answered every date.
The group's active members are the electorate; answers by people who have since left
still count (they answered while they were members).
"""

from __future__ import annotations

from collections import defaultdict

from cards.polls.poll_cards import OptionView, PollView
from cards.swedish_format import local
from dialogs.access import Permission, roles_for
from dialogs.refresh_audience import refresh_audience
from storage.db import AsyncSession
from storage.directory import guests
from storage.polls import operations as polls
from storage.polls.models import Poll, PollChoice
from storage.polls.operations import Voter

ABLE = (PollChoice.YES, PollChoice.IF_NEEDED)


async def build_poll_view(session: AsyncSession, poll: Poll) -> PollView:
    everyone = {v.id: v for v in await polls.voters(session, poll)}
    members = [v for v in everyone.values() if v.active]  # by name
    answers = await polls.answer_rows(session, poll.id)
    # Loaded only when a guest could speak for an organisation (rare), to spare a query.
    permissions = (
        await guests.guest_permissions(session, poll.group_id)
        if any(v.guest for v in everyone.values())
        else set()
    )
    by_option: dict[int, dict[PollChoice, list[Voter]]] = defaultdict(lambda: defaultdict(list))
    answered_count: dict[int, int] = defaultdict(int)
    for answer in answers:
        voter = everyone.get(answer.member_id)
        if voter is None:
            continue
        by_option[answer.option_id][answer.choice].append(voter)
        answered_count[voter.id] += 1
    options = []
    for option in poll.options:
        choices = by_option[option.id]
        able = {
            v.organisation_name
            for choice in ABLE
            for v in choices[choice]
            if v.organisation_id is not None
            and v.organisation_name is not None
            # A guest's Ja is their own; it speaks for the organisation only by permission.
            and guests.speaks_for(v, v.organisation_id, permissions)
        }
        options.append(
            OptionView(
                option_id=option.id,
                starts_at=option.starts_at,
                ends_at=option.ends_at,
                has_time=option.has_time,
                yes=_names(choices[PollChoice.YES]),
                if_needed=_names(choices[PollChoice.IF_NEEDED]),
                no=_names(choices[PollChoice.NO]),
                organisations_able=tuple(sorted(able)),
                chosen=option.chosen,
            )
        )
    total_options = len(poll.options)
    not_answered = tuple(
        (m.name, answered_count[m.id]) for m in members if answered_count[m.id] < total_options
    )
    organiser = None
    if poll.organiser_member_id is not None:
        known = everyone.get(poll.organiser_member_id)
        organiser = (
            known.name if known else await polls.member_name(session, poll.organiser_member_id)
        )
    refresh_ids, covers_all = _refresh_audience(poll, members)
    return PollView(
        poll_id=poll.id,
        title=poll.title,
        organiser=organiser,
        deadline_at=poll.deadline_at,
        status=poll.status.value,
        options=tuple(options),
        organisations_total=len({m.organisation_id for m in members if m.organisation_id}),
        not_answered=not_answered,
        hide_answers=poll.hide_answers,
        answers_revealed=poll.answers_revealed,
        closed_by=poll.closed_by,
        today=local(poll.created_at).date(),
        refresh_user_ids=refresh_ids,
        refresh_covers_all=covers_all,
    )


def _refresh_audience(poll: Poll, members: list[Voter]) -> tuple[tuple[str, ...], bool]:
    """Every member up to Teams' 60 (each sees their own answers; the neutral view then
    needs no organiser buttons), else those who manage the poll, and the organiser's
    buttons stay on the neutral view for whoever is left out (dialogs/refresh_audience)."""
    managing = roles_for(Permission.MANAGE_MEETINGS)
    return refresh_audience(
        members, lambda m: m.id == poll.organiser_member_id or m.role in managing
    )


def _names(voters: list[Voter]) -> tuple[str, ...]:
    return tuple(sorted(v.name for v in voters))
