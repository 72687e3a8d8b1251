"""Date poll feature: propose dates, answer per date, close and choose (issue #4)."""

from __future__ import annotations

from bot.features.types import (
    CardAction,
    Feature,
    RecurringJob,
    Route,
    action_flow,
    no_change,
)
from bot.routing.command_types import SCOPES_GROUP, Command, command
from cards.days_off.days_off_cards import PollMoveDateAction
from cards.polls.poll_cards import (
    PollAnswerAction,
    PollCloseAction,
    PollDeadlineAction,
    PollRevealAction,
    PollViewAction,
)
from cards.polls.proposal_form import FORM_ACTION, PollProposeForm
from dialogs.polls import days_off as poll_days_off
from dialogs.polls import digest as poll_digest
from dialogs.polls import flows as polls
from dialogs.polls import proposal_form
from dialogs.polls.own_view import own_poll_card
from dialogs.turn import Reply

COMMANDS: tuple[Command, ...] = (
    command(
        "propose_dates",
        ("föreslå datum", "föreslå datumen", "datumförslag"),
        ("propose dates", "suggest dates"),
        "Föreslå mötesdatum, t.ex. föreslå datum 7/3, 21/4 och 16/5 kl 9-12",
        "Propose meeting dates, e.g. propose dates 7/3, 21/4 and 16/5 at 9-12",
        scopes=SCOPES_GROUP,
    ),
)


async def _propose(route: Route) -> list[Reply]:
    """With dates, the poll at once; alone (or from the help card's button), the form."""
    if not route.argument.strip():
        return await proposal_form.open_form(route.session, route.turn)
    return await polls.propose(route.session, route.turn, route.argument)


FEATURE = Feature(
    name="polls",
    order=20,
    commands=COMMANDS,
    handlers={"propose_dates": _propose},
    # Every poll button is an Action.Execute: its invoke is answered with the sender's
    # own view of the card (dialogs/polls/own_view.py); `poll_view` is the card's refresh.
    card_actions={
        FORM_ACTION: CardAction(
            model=PollProposeForm, handler=action_flow(proposal_form.submit_form)
        ),
        "poll_answer": CardAction(
            model=PollAnswerAction, handler=action_flow(polls.answer), view=own_poll_card
        ),
        "poll_close": CardAction(
            model=PollCloseAction, handler=action_flow(polls.close), view=own_poll_card
        ),
        "poll_deadline": CardAction(
            model=PollDeadlineAction, handler=action_flow(polls.change_deadline), view=own_poll_card
        ),
        "poll_reveal": CardAction(
            model=PollRevealAction, handler=action_flow(polls.reveal), view=own_poll_card
        ),
        "poll_view": CardAction(model=PollViewAction, handler=no_change, view=own_poll_card),
        "poll_move_date": CardAction(
            model=PollMoveDateAction, handler=action_flow(poll_days_off.move_date)
        ),
    },
    jobs=(
        RecurringJob("polls.close_due", path="dialogs.polls.flows:close_due_polls", seconds=60),
        RecurringJob(
            "polls.closing_soon", path="dialogs.polls.digest:enqueue_closing_soon", seconds=900
        ),
    ),
    digest_sections=(poll_digest.DIGEST_SECTION,),
    reminder_rules=(poll_digest.CLOSING_SOON_RULE,),
)
