"""Meetings (from a date poll or called directly) and each member's RSVP.

A meeting's `uid` is fixed at creation and used as the iCalendar UID and the Outlook
event's key, so re-importing an .ics or re-syncing updates the same calendar entry.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, utcnow


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


def new_meeting_uid() -> str:
    return str(uuid.uuid4())


class RsvpStatus(enum.StrEnum):
    COMING = "coming"
    NOT_COMING = "not_coming"
    SUBSTITUTE = "substitute"  # cannot come, sends someone in their place


class RsvpSource(enum.StrEnum):
    TEAMS = "teams"  # the RSVP card
    OUTLOOK = "outlook"  # read back from the Outlook event through Microsoft Graph


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True, default=new_meeting_uid)
    tenant_id: Mapped[str] = mapped_column(String(64))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    poll_id: Mapped[int | None] = mapped_column(ForeignKey("polls.id", ondelete="SET NULL"))
    # A poll option becomes at most one meeting, even if "close" is clicked twice at once.
    poll_option_id: Mapped[int | None] = mapped_column(
        ForeignKey("poll_options.id", ondelete="SET NULL"), unique=True
    )
    title: Mapped[str] = mapped_column(String(200), info={"free_text": True})
    location: Mapped[str | None] = mapped_column(String(200), info={"free_text": True})
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    has_time: Mapped[bool] = mapped_column(Boolean, default=True)
    organiser_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), info={"personal": "member"}
    )
    # The organiser's language: the shared RSVP card keeps it whoever clicks.
    language: Mapped[str] = mapped_column(String(2), default="sv")
    # iCalendar SEQUENCE: bumped when time or place change, so calendars take the update.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    # The channel message holding the RSVP card, updated in place on every answer.
    rsvp_activity_id: Mapped[str | None] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The Teams join link: created through Microsoft Graph or pasted by the organiser.
    online_join_url: Mapped[str | None] = mapped_column(String(2048))
    # Graph's id of the online meeting, needed to read its attendance reports afterwards;
    # None for a pasted link (no report can be read for it).
    online_meeting_id: Mapped[str | None] = mapped_column(String(512))
    # Why Graph refused to make the Teams meeting for good (e.g. "http_403": the app has
    # no permission or access policy); no new attempt is made while it is set.
    online_meeting_error: Mapped[str | None] = mapped_column(String(32))


class MeetingResponse(Base):
    """A member's RSVP; exactly one row per (meeting, member), newest version wins."""

    __tablename__ = "meeting_responses"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True, info={"personal": "member"}
    )
    status: Mapped[RsvpStatus] = mapped_column(_enum(RsvpStatus))
    # The substitute is someone else (often not in Teams): a name for the attendance list.
    substitute_name: Mapped[str | None] = mapped_column(String(120), info={"free_text": True})
    comment: Mapped[str | None] = mapped_column(String(500), info={"free_text": True})
    source: Mapped[RsvpSource] = mapped_column(_enum(RsvpSource), default=RsvpSource.TEAMS)
    version: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    ABSENT = "absent"


class AttendanceSource(enum.StrEnum):
    RSVP = "rsvp"  # what people said they would do
    GRAPH = "graph"  # the Teams meeting's attendance report
    ORGANISER = "organiser"  # the organiser's correction, which wins over both


class AgendaItem(Base):
    """A point on a meeting's agenda added by a member (`punkt: …`); the standing items
    (previous minutes, follow-up, any other business) are not stored, they are added
    around these when the agenda is shown."""

    __tablename__ = "meeting_agenda_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), info={"free_text": True})
    added_by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), info={"personal": "member"}
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AttendanceRecord(Base):
    """One person on a meeting's attendance list, as one source saw it. The list shown is
    the merge of the sources (dialogs/meetings/attendance_list.py): the organiser's rows
    win over the Teams report, which wins over the RSVPs. `member_id` is None for someone
    who is not in the group in Teams (a substitute, a guest who joined by link)."""

    __tablename__ = "meeting_attendance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), info={"personal": "member"}
    )
    name: Mapped[str] = mapped_column(String(256), info={"free_text": True})
    organisation: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[AttendanceStatus] = mapped_column(_enum(AttendanceStatus))
    substitute_for_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), info={"personal": "member"}
    )
    # Present for only part of the meeting (the report's time well short of its length).
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[AttendanceSource] = mapped_column(_enum(AttendanceSource))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MeetingCalendarEvent(Base):
    """The Outlook event (Microsoft Graph) that mirrors a meeting, in the organiser's
    mailbox with the members as attendees; one per meeting."""

    __tablename__ = "meeting_calendar_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    mailbox: Mapped[str] = mapped_column(String(320), info={"personal": "email"})
    event_id: Mapped[str] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A code such as "http_503" when the last sync failed; RSVP data is never touched then.
    last_error: Mapped[str | None] = mapped_column(String(32))
    # SHA-256 (hex) of the body last written to Outlook: a link or agenda that changes
    # after the event was made is sent as an update of the body alone. NULL: written
    # before m002, or the body was never written.
    body_digest: Mapped[str | None] = mapped_column(String(64))
