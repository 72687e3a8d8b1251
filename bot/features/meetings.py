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
from bot.routing.command_types import SCOPES_GROUP, Command, command
from cards.days_off.days_off_cards import MeetingMoveAction
from cards.meetings.attendance_cards import AttendanceCorrectAction
from cards.meetings.kallelse_cards import (
    AgendaAddAction,
    AgendaRemoveAction,
    AttendanceShowAction,
)
from cards.meetings.meeting_cards import MeetingRsvpAction
from dialogs.meetings import agenda_flows as agenda
from dialogs.meetings import attendance_flows as attendance
from dialogs.meetings import days_off as meeting_days_off
from dialogs.meetings import flows as meetings
from dialogs.meetings import kallelse, online_link
from dialogs.turn import Reply

COMMANDS: tuple[Command, ...] = (
    command(
        "meeting",
        ("möte", "kalla till möte"),
        ("meeting", "call meeting"),
        "Kalla till möte, t.ex. möte 9 oktober kl 10-12 Hotell Malmköping",
        "Call a meeting, e.g. meeting 9 October 10-12 Hotell Malmköping",
        scopes=SCOPES_GROUP,
    ),
    command(
        "meetings_list",
        ("möten", "kommande möten"),
        ("meetings", "upcoming meetings"),
        "Visa kommande möten och vilka som kommer",
        "Show upcoming meetings and who is coming",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "kallelse",
        ("kallelse",),
        ("notice", "meeting notice"),
        "Kallelsen till nästa möte med dagordning, t.ex. kallelse eller kallelse 9/10",
        "The next meeting's notice with agenda, e.g. notice or notice 9/10",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "agenda_add",
        ("punkt",),
        ("item", "agenda item"),
        "Lägg till en punkt på nästa mötes dagordning, t.ex. punkt Gemensam rutin för SIP",
        "Add a point to the next meeting's agenda, e.g. item Joint routine for care plans",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "agenda_remove",
        ("punkt bort", "ta bort punkt"),
        ("item remove", "remove item"),
        "Ta bort en punkt från nästa mötes dagordning, t.ex. punkt bort 4",
        "Remove a point from the next meeting's agenda, e.g. item remove 4",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "meeting_link",
        ("möte länk", "möteslänk"),
        ("meeting link",),
        "Lägg mötets länk på kallelsen, t.ex. möte länk https://teams.microsoft.com/l/…",
        "Put the meeting's link on the notice, e.g. meeting link https://teams.microsoft.com/l/…",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "meeting_attendance",
        ("möte närvaro", "närvarolista"),
        ("meeting attendance", "attendance list"),
        "Närvarolista för protokollet, t.ex. möte närvaro 9/10",
        "Attendance list for the minutes, e.g. meeting attendance 9/10",
        scopes=SCOPES_GROUP,
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
        "meeting_attendance": command_flow(attendance.attendance),
        "kallelse": command_flow(kallelse.kallelse_command),
        "agenda_add": command_flow(agenda.add_point),
        "meeting_link": command_flow(online_link.paste_link),
        "agenda_remove": command_flow(agenda.remove_point),
    },
    card_actions={
        "meeting_rsvp": CardAction(model=MeetingRsvpAction, handler=action_flow(meetings.rsvp)),
        "agenda_add": CardAction(
            model=AgendaAddAction, handler=action_flow(agenda.add_point_from_card)
        ),
        "agenda_remove": CardAction(
            model=AgendaRemoveAction, handler=action_flow(agenda.remove_point_from_card)
        ),
        "attendance_show": CardAction(
            model=AttendanceShowAction, handler=action_flow(attendance.show_attendance)
        ),
        "attendance_correct": CardAction(
            model=AttendanceCorrectAction, handler=action_flow(attendance.correct_attendance)
        ),
        "meeting_move": CardAction(
            model=MeetingMoveAction, handler=action_flow(meeting_days_off.move_meeting)
        ),
    },
    jobs=(
        RecurringJob(
            "meetings.rsvp_reminders",
            path="dialogs.meetings.reminders:send_rsvp_reminders",
            seconds=900,
        ),
        RecurringJob(
            "meetings.kallelse_redraw",
            path="dialogs.meetings.kallelse:redraw_started_meetings",
            seconds=600,
        ),
    ),
)
