"""The rule for how an Outlook answer changes a stored RSVP, without Graph or a database
(tests/bot/test_graph_sync.py covers the same through the sync end to end)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage.meetings.models import MeetingResponse, RsvpSource, RsvpStatus
from storage.meetings.operations import OUTLOOK_RESPONSES, outlook_answer_replaces

CLICKED = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
LATER = CLICKED + timedelta(minutes=5)


def _stored(status: RsvpStatus) -> MeetingResponse:
    return MeetingResponse(
        meeting_id=1, member_id=2, status=status, source=RsvpSource.TEAMS, version=CLICKED
    )


def test_a_first_answer_is_stored() -> None:
    assert outlook_answer_replaces(None, RsvpStatus.COMING, CLICKED)


def test_a_newer_different_answer_replaces() -> None:
    assert outlook_answer_replaces(_stored(RsvpStatus.COMING), RsvpStatus.NOT_COMING, LATER)


@pytest.mark.parametrize("answered_at", [CLICKED, CLICKED - timedelta(seconds=1)])
def test_an_answer_not_newer_than_the_stored_one_changes_nothing(answered_at: datetime) -> None:
    assert not outlook_answer_replaces(
        _stored(RsvpStatus.COMING), RsvpStatus.NOT_COMING, answered_at
    )


def test_the_same_answer_changes_nothing() -> None:
    assert not outlook_answer_replaces(_stored(RsvpStatus.COMING), RsvpStatus.COMING, LATER)


def test_a_decline_never_replaces_a_substitute() -> None:
    assert not outlook_answer_replaces(_stored(RsvpStatus.SUBSTITUTE), RsvpStatus.NOT_COMING, LATER)
    assert outlook_answer_replaces(_stored(RsvpStatus.SUBSTITUTE), RsvpStatus.COMING, LATER)


def test_only_a_clear_yes_or_no_counts() -> None:
    assert set(OUTLOOK_RESPONSES) == {"accepted", "declined"}
