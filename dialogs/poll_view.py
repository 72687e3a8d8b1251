"""Assemble what a poll card shows from stored answers and the group's members.

Counts per date, the organisations that can attend (an organisation can when at least
one of its members answered Ja or Om det behövs), and who has not answered every date.
The group's active members are the electorate; answers by people who have since left
still count (they answered while they were members).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession

from cards.polls import OptionView, PollView
from cards.swedish_format import local
from storage import directory, polls
from storage.models import Member
from storage.poll_models import Poll, PollChoice


async def build_poll_view(session: AsyncSession, poll: Poll) -> PollView:
    members = await directory.list_members(session, poll.group_id)
    answers = await polls.answers_for(session, poll.id)
    everyone = {m.id: m for m in members}
    missing = set(a.member_id for a in answers) - everyone.keys()
    for member_id in missing:  # former members whose answers still count
        member = await session.get(Member, member_id)
        if member is not None:
            everyone[member_id] = member
    organisation_names = await _organisation_names(session, poll.group_id)
    guest_permissions = await directory.guest_permissions(session, poll.group_id)
    by_option: dict[int, dict[PollChoice, list[Member]]] = defaultdict(lambda: defaultdict(list))
    answered_count: dict[int, int] = defaultdict(int)
    for answer in answers:
        member = everyone.get(answer.member_id)
        if member is None:
            continue
        by_option[answer.option_id][answer.choice].append(member)
        answered_count[member.id] += 1
    options = []
    for option in poll.options:
        choices = by_option[option.id]
        able = {
            organisation_names[m.organisation_id]
            for choice in (PollChoice.YES, PollChoice.IF_NEEDED)
            for m in choices[choice]
            if m.organisation_id in organisation_names
            # A guest's Ja is their own; it speaks for the organisation only by permission.
            and directory.speaks_for(m, m.organisation_id, guest_permissions)
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
    organiser = everyone.get(poll.organiser_member_id) if poll.organiser_member_id else None
    if organiser is None and poll.organiser_member_id:
        organiser = await session.get(Member, poll.organiser_member_id)
    return PollView(
        poll_id=poll.id,
        title=poll.title,
        organiser=organiser.name if organiser else None,
        deadline_at=poll.deadline_at,
        status=poll.status.value,
        options=tuple(options),
        organisations_total=len({m.organisation_id for m in members if m.organisation_id}),
        not_answered=not_answered,
        hide_answers=poll.hide_answers,
        answers_revealed=poll.answers_revealed,
        closed_by=poll.closed_by,
        today=local(poll.created_at).date(),
    )


def _names(members: list[Member]) -> tuple[str, ...]:
    return tuple(sorted(m.name for m in members))


async def _organisation_names(session: AsyncSession, group_id: int) -> dict[int, str]:
    return {o.id: o.name for o in await directory.list_organisations(session, group_id)}
