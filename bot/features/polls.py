"""Date poll feature: propose dates, answer per date, close and choose (issue #4)."""

from __future__ import annotations

from bot.features.types import (
    CardAction,
    Feature,
    RecurringJob,
    action_flow,
    command_flow,
    no_change,
)
from bot.routing.command_types import SCOPES_GROUP, Command, command
from cards.polls.poll_cards import (
    PollAnswerAction,
    PollCloseAction,
    PollDeadlineAction,
    PollRevealAction,
    PollViewAction,
)
from dialogs.polls import digest as poll_digest
from dialogs.polls import flows as polls
from dialogs.polls.own_view import own_poll_card

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


FEATURE = Feature(
    name="polls",
    order=20,
    commands=COMMANDS,
    handlers={"propose_dates": command_flow(polls.propose)},
    # Every poll button is an Action.Execute: its invoke is answered with the sender's
    # own view of the card (dialogs/polls/own_view.py); `poll_view` is the card's refresh.
    card_actions={
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
