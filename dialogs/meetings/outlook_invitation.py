"""What the Outlook invitation's body says (bot/graph/calendar_sync.py writes it): the
Teams link, when the meeting has one, and the agenda as it stands, in the meeting's
language. The sync sends it again, as an update of the body alone, whenever this text
changes before the meeting starts — a link pasted with `möte länk`, a point added or
removed — so Outlook shows what the kallelse shows.

What it cannot do: every such update reaches the attendees as an updated invitation
(Outlook has no quiet edit of a meeting with attendees); the sync runs every few minutes,
so points added together make one update. After the start the invitation is left as it
was.
"""

from __future__ import annotations

import html

from cards.i18n import t
from dialogs.meetings.agenda import full_agenda
from dialogs.meetings.view import meeting_language
from storage.db import AsyncSession
from storage.meetings.models import Meeting


async def invitation_html(session: AsyncSession, meeting: Meeting) -> str:
    language = meeting_language(meeting)
    parts = []
    if meeting.online_join_url:
        link = html.escape(meeting.online_join_url, quote=True)
        parts.append(f'<p><a href="{link}">{html.escape(t("kallelse.join", language))}</a></p>')
    items = "".join(f"<li>{html.escape(item)}</li>" for item in await full_agenda(session, meeting))
    parts.append(f"<p><b>{html.escape(t('kallelse.agenda', language))}</b></p><ol>{items}</ol>")
    return "".join(parts)
