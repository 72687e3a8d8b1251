"""Translate a Teams Activity into the typed input the flows work with, once, at the edge.

The request's JSON has been checked already (bot/teams/activity_json.py: the ids every
turn needs, the service URL, nesting, numbers, surrogates). What is left here are
fields that may be odd without making the activity useless: a team or channel id that
is not an id, a name that is a number, a mention that is not an object. Those are
ignored (None) or cut to the length of the column they are stored in, so a turn never
fails on them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

from botbuilder.schema import Activity, ChannelAccount

from bot.routing.commands import normalise_text
from bot.teams.activity_json import is_valid_id
from cards.i18n import language_for_locale
from dialogs.turn import Person, TurnInput
from storage.directory.conversations import ConversationRef
from storage.directory.models import ConversationKind

_TAG = re.compile(r"<[^>]{1,200}>")
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>|</p>|</div>|</li>", re.IGNORECASE)
MAX_TEXT_LENGTH = 8000
# Pasted minutes are long; the request body limit bounds this too.
MAX_RAW_TEXT_LENGTH = 60_000
# The lengths of the columns these land in (storage/directory/models.py).
MAX_NAME_LENGTH = 256
MAX_LOCALE_LENGTH = 16
# The group is named "<team> / <channel>" in a 128-character column (storage/directory):
# Teams allows 50 characters for a channel name; a longer team name is cut for display.
MAX_TEAM_NAME_LENGTH = 62
MAX_AAD_ID_LENGTH = 64


def _channel_data(activity: Activity) -> dict[str, Any]:
    data = activity.channel_data
    return data if isinstance(data, dict) else {}


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _id_or_none(value: object, max_length: int = 512) -> str | None:
    return value if is_valid_id(value, max_length) else None  # type: ignore[return-value]


def _name_or_none(value: object, max_length: int = MAX_NAME_LENGTH) -> str | None:
    return value.strip()[:max_length] if isinstance(value, str) else None


def _locale(value: object) -> str | None:
    return value if isinstance(value, str) and len(value) <= MAX_LOCALE_LENGTH else None


def tenant_of(activity: Activity) -> str | None:
    """botbuilder maps a different key for conversation.tenantId in Teams payloads, so the
    reliable source is channelData.tenant.id (see TEAMS-NOTES)."""
    tenant = _channel_data(activity).get("tenant")
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
        return str(tenant["id"])
    conversation = activity.conversation
    return getattr(conversation, "tenant_id", None) if conversation else None


def conversation_kind(activity: Activity) -> ConversationKind:
    kind = (activity.conversation.conversation_type if activity.conversation else None) or ""
    if kind == "channel":
        return ConversationKind.CHANNEL
    if kind == "groupChat":
        return ConversationKind.GROUP_CHAT
    if kind == "personal":
        return ConversationKind.PERSONAL
    # Older payloads omit conversationType: a team in channelData means a channel.
    return (
        ConversationKind.CHANNEL
        if _channel_data(activity).get("team")
        else ConversationKind.PERSONAL
    )


def channel_conversation_id(conversation_id: str, kind: ConversationKind) -> str:
    """A channel post's conversation id names its thread ('19:…@thread.tacv2;messageid=…');
    the group lives in the channel, so references are stored without the thread part.
    Replies within the turn still go to the thread (botbuilder uses the activity's id)."""
    if kind == ConversationKind.CHANNEL:
        return conversation_id.split(";messageid=", 1)[0]
    return conversation_id


def conversation_ref(activity: Activity, tenant_id: str) -> ConversationRef:
    data = _channel_data(activity)
    team = _dict(data.get("team"))
    channel = _dict(data.get("channel"))
    kind = conversation_kind(activity)
    sender = activity.from_property
    recipient = activity.recipient
    return ConversationRef(
        tenant_id=tenant_id,
        conversation_id=channel_conversation_id(activity.conversation.id, kind),
        kind=kind,
        service_url=activity.service_url or "",
        bot_id=recipient.id if recipient else "",
        bot_name=_name_or_none(recipient.name) if recipient else None,
        channel_id=activity.channel_id or "msteams",
        team_id=_id_or_none(team.get("id")),
        team_name=_name_or_none(team.get("name"), MAX_TEAM_NAME_LENGTH),
        teams_channel_id=_id_or_none(channel.get("id")),
        teams_channel_name=_name_or_none(channel.get("name"), MAX_TEAM_NAME_LENGTH),
        user_aad_id=(
            _id_or_none(sender.aad_object_id, MAX_AAD_ID_LENGTH)
            if kind == ConversationKind.PERSONAL and sender
            else None
        ),
        locale=_locale(activity.locale),
    )


def person_of(account: ChannelAccount | None) -> Person:
    if account is None:
        return Person(teams_user_id="", name="")
    return Person(
        teams_user_id=_id_or_none(account.id, MAX_NAME_LENGTH) or "",
        name=_name_or_none(account.name) or "",
        aad_object_id=_id_or_none(account.aad_object_id, MAX_AAD_ID_LENGTH),
    )


def _mention_entities(activity: Activity) -> list[dict[str, Any]]:
    found = []
    for entity in activity.entities or []:
        props = entity.additional_properties if hasattr(entity, "additional_properties") else {}
        if getattr(entity, "type", None) != "mention":
            continue
        mentioned = (props or {}).get("mentioned")
        text = (props or {}).get("text")
        if not isinstance(mentioned, dict):
            continue  # a mention of nobody: nothing to strip, nobody to add
        found.append({"text": text if isinstance(text, str) else "", "mentioned": mentioned})
    return found


def keep_lines(text: str) -> str:
    text = html.unescape(_TAG.sub("", _LINE_BREAK_TAG.sub("\n", text)))
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = unicodedata.normalize("NFKC", line)
        indent = len(line) - len(line.lstrip())
        lines.append(" " * indent + " ".join(line.split()))
    return "\n".join(lines).strip("\n")


def text_and_mentions(activity: Activity) -> tuple[str, str, tuple[Person, ...]]:
    """Strip the bot's own @mention (channels require it), keep other mentions as people,
    and reduce Teams' HTML to the plain text the user typed."""
    text = (activity.text or "")[:MAX_RAW_TEXT_LENGTH]
    bot_id = activity.recipient.id if activity.recipient else None
    people: list[Person] = []
    for mention in _mention_entities(activity):
        mentioned = mention["mentioned"]
        mention_text = mention["text"]
        if mentioned.get("id") == bot_id:
            if mention_text:
                text = text.replace(mention_text, " ")
            continue
        person_id = _id_or_none(mentioned.get("id"), MAX_NAME_LENGTH)
        if person_id is None:
            continue
        people.append(
            Person(
                teams_user_id=person_id,
                name=_name_or_none(mentioned.get("name")) or "",
                aad_object_id=_id_or_none(mentioned.get("aadObjectId"), MAX_AAD_ID_LENGTH),
            )
        )
    raw = keep_lines(text)
    text = html.unescape(_TAG.sub(" ", text[:MAX_TEXT_LENGTH]))
    return normalise_text(text), raw, tuple(people)


def _aware(value: object) -> datetime | None:
    """The sender's clock: only used to order redeliveries, never trusted as 'now'."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return None


def turn_input(activity: Activity, tenant_id: str) -> TurnInput:
    text, raw_text, mentions = text_and_mentions(activity)
    value = activity.value if isinstance(activity.value, dict) else None
    recipient = activity.recipient
    return TurnInput(
        ref=conversation_ref(activity, tenant_id),
        sender=person_of(activity.from_property),
        language=language_for_locale(_locale(activity.locale)),
        bot_name=(_name_or_none(recipient.name) if recipient else None) or "Samverkansboten",
        text=text,
        raw_text=raw_text,
        mentions=mentions,
        activity_id=activity.id,
        timestamp=_aware(activity.timestamp),
        value=value,
        reply_to_id=activity.reply_to_id,
    )
