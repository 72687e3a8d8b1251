"""Date poll feature: propose dates, answer per date, close and choose (issue #4)."""

from __future__ import annotations

from bot.command_types import Command
from bot.features.types import CardAction, Feature, RecurringJob, Route
from cards.polls import PollAnswerAction, PollCloseAction, PollDeadlineAction, PollRevealAction
from dialogs import polls
from dialogs.turn import Reply

COMMANDS: tuple[Command, ...] = (
    Command(
        key="propose_dates",
        words_sv=("föreslå datum", "föreslå datumen", "datumförslag"),
        words_en=("propose dates", "suggest dates"),
        title_sv="föreslå datum",
        description_sv="Föreslå mötesdatum, t.ex. föreslå datum 7/3, 21/4 och 16/5 kl 9-12",
        title_en="propose dates",
        description_en="Propose meeting dates, e.g. propose dates 7/3, 21/4 and 16/5 at 9-12",
        scopes=("team", "groupChat"),
    ),
)


async def _propose(route: Route) -> list[Reply]:
    return await polls.propose(route.session, route.turn, route.argument)


async def _answer(route: Route, payload: PollAnswerAction) -> list[Reply]:
    return await polls.answer(route.session, route.turn, payload)


async def _close(route: Route, payload: PollCloseAction) -> list[Reply]:
    return await polls.close(route.session, route.turn, payload)


async def _deadline(route: Route, payload: PollDeadlineAction) -> list[Reply]:
    return await polls.change_deadline(route.session, route.turn, payload)


async def _reveal(route: Route, payload: PollRevealAction) -> list[Reply]:
    return await polls.reveal(route.session, route.turn, payload)


FEATURE = Feature(
    name="polls",
    order=20,
    commands=COMMANDS,
    handlers={"propose_dates": _propose},
    card_actions={
        "poll_answer": CardAction(model=PollAnswerAction, handler=_answer),
        "poll_close": CardAction(model=PollCloseAction, handler=_close),
        "poll_deadline": CardAction(model=PollDeadlineAction, handler=_deadline),
        "poll_reveal": CardAction(model=PollRevealAction, handler=_reveal),
    },
    jobs=(RecurringJob("polls.close_due", path="dialogs.polls:close_due_polls", seconds=60),),
)
