"""Meetings feature: call a meeting, RSVP, upcoming meetings, attendance list (issue #4)."""

from __future__ import annotations

from bot.features.types import (
    CardAction,
    Feature,
    RecurringJob,
    Route,
    action_flow,
    command_flow,
    turn_flow,
)
from bot.routing.command_types import Command
from cards.meetings.meeting_cards import MeetingRsvpAction
from dialogs.meetings import flows as meetings
from dialogs.turn import Reply

COMMANDS: tuple[Command, ...] = (
    Command(
        key="meeting",
        words_sv=("möte", "kalla till möte"),
        words_en=("meeting", "call meeting"),
        title_sv="möte",
        description_sv="Kalla till möte, t.ex. möte 9 oktober kl 10-12 Hotell Malmköping",
        title_en="meeting",
        description_en="Call a meeting, e.g. meeting 9 October 10-12 Hotell Malmköping",
        scopes=("team", "groupChat"),
    ),
    Command(
        key="meetings_list",
        words_sv=("möten", "kommande möten"),
        words_en=("meetings", "upcoming meetings"),
        title_sv="möten",
        description_sv="Visa kommande möten och vilka som kommer",
        title_en="meetings",
        description_en="Show upcoming meetings and who is coming",
        scopes=("team", "groupChat"),
        in_manifest=False,
    ),
    Command(
        key="meeting_attendance",
        words_sv=("möte närvaro", "närvarolista"),
        words_en=("meeting attendance", "attendance list"),
        title_sv="möte närvaro",
        description_sv="Närvarolista för protokollet, t.ex. möte närvaro 9/10",
        title_en="meeting attendance",
        description_en="Attendance list for the minutes, e.g. meeting attendance 9/10",
        scopes=("team", "groupChat"),
        in_manifest=False,
    ),
)


async def _meeting(route: Route) -> list[Reply]:
    if not route.argument:
        return await meetings.list_meetings(route.session, route.turn)
    return await meetings.call_meeting(route.session, route.turn, route.argument)


FEATURE = Feature(
    name="meetings",
    order=21,
    commands=COMMANDS,
    handlers={
        "meeting": _meeting,
        "meetings_list": turn_flow(meetings.list_meetings),
        "meeting_attendance": command_flow(meetings.attendance),
    },
    card_actions={
        "meeting_rsvp": CardAction(model=MeetingRsvpAction, handler=action_flow(meetings.rsvp))
    },
    jobs=(
        RecurringJob(
            "meetings.rsvp_reminders",
            path="dialogs.meetings.reminders:send_rsvp_reminders",
            seconds=900,
        ),
    ),
)
