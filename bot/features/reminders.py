"""Reminders feature: `påminnelser` (overview, personal opt-out, group pause, office
hours, rules), the snooze button on personal nudges, and the scheduled jobs: weekly
digest and outbox clean-up. Delivery itself is bot/outbox/dispatcher.py, ticked by the app."""

from __future__ import annotations

from bot.features.types import CardAction, Feature, RecurringJob, action_flow, command_flow
from bot.routing.command_types import Command, command
from cards.reminders.reminder_cards import SNOOZE_ACTION, ReminderSnoozeAction
from dialogs.reminders import flows as reminders

COMMANDS: tuple[Command, ...] = (
    command(
        "reminders",
        ("påminnelser", "påminnelse"),
        ("reminders", "reminder"),
        "Se schemalagda påminnelser; påminnelser av/på, paus/återuppta",
        "See scheduled reminders; reminders off/on, pause/resume",
    ),
)


FEATURE = Feature(
    name="reminders",
    order=60,
    commands=COMMANDS,
    handlers={"reminders": command_flow(reminders.handle_command)},
    card_actions={
        SNOOZE_ACTION: CardAction(model=ReminderSnoozeAction, handler=action_flow(reminders.snooze))
    },
    jobs=(
        RecurringJob(
            "reminders-weekly-digest", "dialogs.reminders.flows:weekly_digest", cron="0 8 * * mon"
        ),
        RecurringJob(
            "reminders-outbox-purge", "dialogs.reminders.flows:purge_outbox", cron="30 3 * * *"
        ),
    ),
)
