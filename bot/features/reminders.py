"""Reminders feature: `påminnelser` (overview, personal opt-out, group pause, office
hours, rules), the snooze button on personal nudges, and the scheduled jobs: weekly
digest and outbox clean-up. Delivery itself is bot/dispatcher.py, ticked by the app."""

from __future__ import annotations

from typing import Any

from bot.command_types import Command
from bot.features.types import CardAction, Feature, RecurringJob, Route
from cards.reminders import SNOOZE_ACTION, ReminderSnoozeAction
from dialogs import reminders
from dialogs.turn import Reply

COMMANDS: tuple[Command, ...] = (
    Command(
        key="reminders",
        words_sv=("påminnelser", "påminnelse"),
        words_en=("reminders", "reminder"),
        title_sv="påminnelser",
        description_sv="Se schemalagda påminnelser; påminnelser av/på, paus/återuppta",
        title_en="reminders",
        description_en="See scheduled reminders; reminders off/on, pause/resume",
    ),
)


async def _reminders(route: Route) -> list[Reply]:
    return await reminders.handle_command(route.session, route.turn, route.argument)


async def _snooze(route: Route, payload: Any) -> list[Reply]:
    return await reminders.snooze(route.session, route.turn, payload)


FEATURE = Feature(
    name="reminders",
    order=60,
    commands=COMMANDS,
    handlers={"reminders": _reminders},
    card_actions={SNOOZE_ACTION: CardAction(model=ReminderSnoozeAction, handler=_snooze)},
    jobs=(
        RecurringJob(
            "reminders-weekly-digest", "dialogs.reminders:weekly_digest", cron="0 8 * * mon"
        ),
        RecurringJob("reminders-outbox-purge", "dialogs.reminders:purge_outbox", cron="30 3 * * *"),
    ),
)
