"""Outlook calendar sync: meetings become events in the organiser's Outlook calendar with
the group's members as attendees, and the attendees' Outlook answers flow back into the
RSVP list.

This module only transports: it writes events and reads answers through Microsoft Graph
and schedules the sync. How an Outlook answer changes a stored RSVP (newer wins, a
decline never replaces a substitute, tentative changes nothing) is decided by
`storage.meetings.operations.merge_outlook_answers`.

The event's body (the Teams link and the agenda) is written with the event and sent
again, alone, when it changes before the meeting starts (`update_body`).

A failing Graph call (after the client's retries) is recorded as a code on the meeting's
calendar row and the next meeting is tried; RSVP rows are only written from successful
reads, so Graph trouble never loses what members answered in Teams.

`OutlookCalendarSync` is the live service the app registers with the scheduler when
Graph is configured (GRAPH_CLIENT_ID); it ticks every few minutes.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import ssl
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import aiohttp
import requests
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.graph.client import GraphClient, GraphConfig, GraphError, Sleep, parse_graph_time
from bot.graph.online_meetings import create_teams_meetings, read_attendance_reports
from cards.swedish_format import local
from dialogs.meetings.outlook_invitation import invitation_html
from storage.db import unit_of_work
from storage.directory import membership
from storage.directory.models import Member
from storage.meetings import operations as meetings
from storage.meetings.models import Meeting, MeetingCalendarEvent

log = logging.getLogger(__name__)

# The Windows zone id Graph expects for Stockholm (Central European with DST).
GRAPH_TIME_ZONE = "W. Europe Standard Time"
KEEP_SYNCING_AFTER_START = timedelta(days=1)


def _graph_time(moment: datetime) -> dict[str, str]:
    return {
        "dateTime": local(moment).replace(tzinfo=None).isoformat(timespec="seconds"),
        "timeZone": GRAPH_TIME_ZONE,
    }


def _html_body(content: str) -> dict[str, str]:
    return {"contentType": "HTML", "content": content}


def _digest(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _event_body(meeting: Meeting, attendees: list[Member], content: str) -> dict[str, Any]:
    start = meeting.starts_at
    if meeting.has_time:
        end = meeting.ends_at or start + timedelta(hours=1)
    else:
        # All-day events run from local midnight to the midnight after the last day.
        last = meeting.ends_at or start
        end = (local(last) + timedelta(days=1)).replace(hour=0, minute=0).astimezone(UTC)
    body: dict[str, Any] = {
        "subject": meeting.title,
        "start": _graph_time(start),
        "end": _graph_time(end),
        "isAllDay": not meeting.has_time,
        "attendees": [
            {"emailAddress": {"address": m.email, "name": m.name}, "type": "required"}
            for m in attendees
            if m.email
        ],
        # Graph's idempotency key: a retried create after a lost answer makes no twin.
        "transactionId": meeting.uid,
    }
    if meeting.location:
        body["location"] = {"displayName": meeting.location}
    # The Teams link (made by online_meetings.py or pasted) and the agenda, as on the
    # kallelse (dialogs/meetings/outlook_invitation.py).
    body["body"] = _html_body(content)
    return body


async def push_meeting(
    session: AsyncSession, client: GraphClient, meeting: Meeting, now: datetime
) -> MeetingCalendarEvent | None:
    """Create the Outlook event once; None when the organiser has no mailbox."""
    existing = await meetings.calendar_event_for(session, meeting.id)
    if existing is not None:
        return existing
    organiser = await meetings.organiser_of(session, meeting)
    if organiser is None or not organiser.email:
        return None
    members = await membership.list_members(session, meeting.group_id)
    attendees = [m for m in members if m.id != organiser.id]
    content = await invitation_html(session, meeting)
    body = _event_body(meeting, attendees, content)
    created = await client.request("POST", f"/users/{quote(organiser.email)}/events", json=body)
    event_id = created.get("id")
    if not isinstance(event_id, str) or not event_id:
        raise GraphError(502, "no_event_id")
    log.info("outlook event created meeting=%s", meeting.id)
    return await meetings.add_calendar_event(
        session,
        meeting_id=meeting.id,
        mailbox=organiser.email,
        event_id=event_id,
        now=now,
        body_digest=_digest(content),
    )


async def update_body(
    session: AsyncSession,
    client: GraphClient,
    meeting: Meeting,
    row: MeetingCalendarEvent,
    now: datetime,
) -> bool:
    """Send the invitation's body again when it no longer says what was last written (a
    link or agenda change), before the meeting starts; only the body is sent, so nothing
    an attendee or the organiser changed in Outlook is overwritten. True if sent."""
    if meeting.starts_at <= now:
        return False
    content = await invitation_html(session, meeting)
    digest = _digest(content)
    if row.body_digest == digest:
        return False
    await client.request(
        "PATCH",
        f"/users/{quote(row.mailbox)}/events/{quote(row.event_id)}",
        json={"body": _html_body(content)},
    )
    await meetings.record_calendar_body(session, row, digest)
    log.info("outlook event body updated meeting=%s", meeting.id)
    return True


def _outlook_answers(event: dict[str, Any]) -> list[meetings.OutlookAnswer]:
    """The attendees' answers as Graph reports them; malformed entries are skipped."""
    answers = []
    for attendee in event.get("attendees") or []:
        if not isinstance(attendee, dict):
            continue
        address = str((attendee.get("emailAddress") or {}).get("address") or "")
        status = attendee.get("status") or {}
        answers.append(
            meetings.OutlookAnswer(
                email=address,
                response=str(status.get("response")),
                answered_at=parse_graph_time(status.get("time")),
            )
        )
    return answers


async def pull_responses(
    session: AsyncSession,
    client: GraphClient,
    meeting: Meeting,
    row: MeetingCalendarEvent,
    now: datetime,
) -> int:
    """Read the attendees' Outlook answers and hand them to the RSVP merge; returns how
    many RSVPs changed."""
    event = await client.request(
        "GET",
        f"/users/{quote(row.mailbox)}/events/{quote(row.event_id)}",
        params={"$select": "attendees"},
    )
    changed = await meetings.merge_outlook_answers(session, meeting, _outlook_answers(event), now)
    await meetings.mark_calendar_synced(session, row, now)
    return changed


async def sync_calendars(session: AsyncSession, client: GraphClient, now: datetime) -> None:
    """Make the Teams meetings (first, so new events carry the link), push new meetings,
    update invitations whose link or agenda changed and pull answers for every meeting
    not long past, then read attendance reports of meetings just over."""
    await create_teams_meetings(session, client, now)
    upcoming = await meetings.meetings_starting_between(
        session, now - KEEP_SYNCING_AFTER_START, now + timedelta(days=400)
    )
    for meeting in upcoming:
        try:
            async with session.begin_nested():
                row = await push_meeting(session, client, meeting, now)
                if row is None:
                    continue
                changed = await pull_responses(session, client, meeting, row, now)
            # Apart: a body Outlook will not take must not undo the answers just merged.
            async with session.begin_nested():
                await update_body(session, client, meeting, row, now)
        except GraphError as error:
            log.warning(
                "outlook sync failed meeting=%s status=%s code=%s",
                meeting.id,
                error.status,
                error.code,
            )
            await meetings.record_calendar_error(session, meeting.id, error.code)
            continue
        if changed:
            log.info("outlook answers merged meeting=%s changed=%d", meeting.id, changed)
    await read_attendance_reports(session, client, now)


class OutlookCalendarSync:
    """A live service for the scheduler (`Scheduler.register_service`): one Graph client
    per process, so msal's token cache and the HTTP connection pool are reused across
    ticks. Each tick is one unit of work."""

    def __init__(
        self,
        config: GraphConfig,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        *,
        ssl_context: ssl.SSLContext | None = None,
        token_http: requests.Session | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._config = config
        self._sessions = sessions
        self._clock = clock
        self._ssl = ssl_context
        self._token_http = token_http
        self._sleep = sleep
        self._http: aiohttp.ClientSession | None = None
        self._client: GraphClient | None = None

    @classmethod
    def from_settings(
        cls,
        settings: Any,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
    ) -> OutlookCalendarSync | None:
        """None when Graph is not configured (GRAPH_CLIENT_ID empty)."""
        config = GraphConfig.from_settings(settings)
        return cls(config, sessions, clock) if config is not None else None

    def _graph(self) -> GraphClient:
        # Created inside the running loop (aiohttp sessions belong to one loop).
        if self._client is None:
            self._http = aiohttp.ClientSession()
            self._client = GraphClient(
                self._config,
                http=self._http,
                ssl_context=self._ssl,
                token_http=self._token_http,
                sleep=self._sleep,
            )
        return self._client

    async def run_once(self) -> None:
        async with unit_of_work(self._sessions) as session:
            await sync_calendars(session, self._graph(), self._clock())

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
        self._http, self._client = None, None
