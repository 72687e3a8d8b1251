"""The meeting's Teams link: made through Microsoft Graph when the app is configured for
it (bot/graph/online_meetings.py does the calls and reports here), or pasted by the
organiser with `möte länk https://…`.

When Graph cannot make the meeting, the organiser hears why in their personal chat (or
with an @mention in the group's channel) and the cycle goes on without a link: the
kallelse, the answers and the minutes need none. A refusal for good (no permission, no
access policy for the organiser) stops further attempts for that meeting; a passing
failure (Graph unavailable) is told once and tried again on the next sync.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial
from urllib.parse import urlsplit

from cards.i18n import t
from cards.swedish_format import long_moment
from dialogs.access import may_manage, require_group, require_member
from dialogs.audit import record_action
from dialogs.input_errors import refused_as_user_message
from dialogs.meetings.kallelse import queue_redraw, redraw_in_turn
from dialogs.meetings.lookup import meeting_on_day_or, upcoming_meeting
from dialogs.meetings.view import meeting_language
from dialogs.text.pii import ensure_no_personal_number
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.meetings import attendance as attendance_store
from storage.meetings import operations as meetings
from storage.meetings.attendance import MAX_JOIN_URL
from storage.meetings.models import Meeting
from storage.outbox import operations as outbox

log = logging.getLogger(__name__)


def valid_join_url(text: str) -> str:
    """An https address with a host and no spaces, as Teams, Zoom and others give them."""
    url = text.strip()
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in url):
        raise UserFacingError("online.bad_url")
    if len(url) > MAX_JOIN_URL:
        raise UserFacingError("online.url_too_long", limit=MAX_JOIN_URL)
    return url


async def paste_link(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    """`möte länk https://…` (the next meeting) or `möte länk 9/10 https://…`."""
    group = await require_group(session, turn)
    member = await require_member(session, group, turn, "meetings.not_member")
    words = argument.split()
    if not words:
        raise UserFacingError("online.usage")
    url = valid_join_url(words[-1])
    with refused_as_user_message():
        ensure_no_personal_number(url)
    next_one = await upcoming_meeting(session, group, turn.now)
    meeting = await meeting_on_day_or(
        session, group, turn, " ".join(words[:-1]), next_one, "kallelse.no_meeting"
    )
    if not may_manage(member, meeting.organiser_member_id):
        raise UserFacingError("online.not_allowed")
    await attendance_store.set_join_url(session, meeting, url, None)
    await record_action(
        session,
        turn,
        member,
        "meeting.link_pasted",
        subject_type="meeting",
        subject_id=meeting.id,
        group_id=group.id,
    )
    log.info("meeting link pasted meeting=%s", meeting.id)
    confirmation = Reply(text=t("online.link_saved", turn.language))
    return [confirmation, *await redraw_in_turn(session, turn, meeting)]


# ---- reported by the Graph sync ---------------------------------------------------------
async def teams_link_created(
    session: AsyncSession, meeting: Meeting, join_url: str, online_meeting_id: str, now: datetime
) -> None:
    """Graph made the Teams meeting: the link goes on every copy of the kallelse."""
    await attendance_store.set_join_url(session, meeting, join_url, online_meeting_id)
    await queue_redraw(session, meeting, now, "teams_link")
    log.info("teams meeting created meeting=%s", meeting.id)


async def teams_link_failed(
    session: AsyncSession, meeting: Meeting, *, status: int, code: str, now: datetime
) -> None:
    """Tell the organiser once per kind of failure; stop trying after a refusal for good."""
    permanent = 400 <= status < 500 and status != 429
    if permanent:
        await attendance_store.record_online_meeting_error(session, meeting, code or str(status))
    reason = "permission" if status in (401, 403) else "refused" if permanent else "unavailable"
    log.warning(
        "teams meeting not created meeting=%s status=%s reason=%s", meeting.id, status, reason
    )
    await tell_organiser(session, meeting, f"online.failed.{reason}", now)


async def tell_organiser(session: AsyncSession, meeting: Meeting, key: str, now: datetime) -> None:
    """Message `key` to the meeting's organiser, once per meeting (the outbox key): in
    their personal chat, else with an @mention in the group's channel; to the channel
    when the organiser has left."""
    group = await meetings.group_of_meeting(session, meeting)
    if group is None:
        return
    organiser = await meetings.organiser_of(session, meeting)
    language = meeting_language(meeting)
    when = long_moment(meeting.starts_at, language, has_time=meeting.has_time)
    enqueue = partial(
        outbox.enqueue,
        session,
        key=f"meeting:{meeting.id}:{key}",
        tenant_id=meeting.tenant_id,
        kind="meeting_graph_problem",
        due_at=now,
        text=t(key, language, title=meeting.title, when=when),
        group_id=group.id,
        subject=f"meeting:{meeting.id}",
    )
    if organiser is None or not organiser.active:
        await enqueue(conversation_pk=group.conversation_pk)
        return
    mention = outbox.OutboxMention(organiser.teams_user_id or "", organiser.name)
    await enqueue(
        user_aad_id=organiser.aad_object_id,
        fallback_conversation_pk=group.conversation_pk,
        mentions=(mention,) if organiser.teams_user_id else (),
    )
