"""Teams-shaped activities, as Teams (and the Agents Playground) send them to a bot.

Shapes follow recorded traffic: tenant in channelData.tenant.id, team and channel in
channelData, conversation.conversationType, AAD object ids on `from`, mention entities
with `<at>…</at>` text, card submits as messages with `value` and `replyToId`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Literal

Scope = Literal["personal", "groupChat", "channel"]

TENANT = "5f2a1c3e-7b8d-4e6f-9a0b-1c2d3e4f5a6b"
OTHER_TENANT = "0a0b0c0d-1111-2222-3333-444455556666"
BOT_ID = "28:6c0b7e55-9a1c-4a7d-9d2e-3f1a2b3c4d5e"
BOT_NAME = "Samverkansboten"
TEAM_ID = "19:Xq0m3fGq2bQ1@thread.tacv2"
TEAM_NAME = "Samverkansgruppen Sörmland"
GENERAL_CHANNEL_ID = TEAM_ID  # Teams uses the team id for the General channel
GROUP_CHAT_ID = "19:meeting-planering@thread.v2"

_ids = itertools.count(1)

# Every display name and free text the tests send the bot. tests/conftest.py fails a test
# whose log records carry any of them: logs carry ids and codes only.
SENT_TEXT: set[str] = set()
_MIN_NAME_PART = 4
_MIN_TEXT = 6


def remember_sent(value: Any) -> None:
    """Register free text (with a space, so single code words like "klar" are not taken
    for it): each line, the part after its first word, and the parts around colons."""
    if isinstance(value, dict):
        for item in value.values():
            remember_sent(item)
        return
    if isinstance(value, list):
        for item in value:
            remember_sent(item)
        return
    if not isinstance(value, str):
        return
    for line in value.splitlines():
        line = " ".join(line.split())
        candidates = [line, line.partition(" ")[2], *line.split(":")]
        for candidate in (c.strip() for c in candidates):
            if (
                len(candidate) >= _MIN_TEXT
                and " " in candidate
                and any(ch.isalpha() for ch in candidate)
            ):
                SENT_TEXT.add(candidate)


@dataclass(frozen=True)
class User:
    name: str
    aad_object_id: str

    def __post_init__(self) -> None:
        SENT_TEXT.add(self.name)
        SENT_TEXT.update(p for p in self.name.split() if len(p) >= _MIN_NAME_PART)

    @property
    def teams_id(self) -> str:
        return f"29:{self.aad_object_id}"

    def account(self) -> dict[str, Any]:
        return {"id": self.teams_id, "name": self.name, "aadObjectId": self.aad_object_id}

    def member(self) -> dict[str, Any]:
        first, _, last = self.name.partition(" ")
        email = f"{first.lower()}.{last.split(' ')[-1].lower()}@example.se"
        return {
            "id": self.teams_id,
            "name": self.name,
            "aadObjectId": self.aad_object_id,
            "givenName": first,
            "surname": last,
            "email": email,
            "userPrincipalName": email,
            "tenantId": TENANT,
            "userRole": "user",
        }


GABRIEL = User("Gabriel Billing", "11111111-aaaa-4bbb-8ccc-000000000001")
ANNA = User("Anna-Karin Hammar", "11111111-aaaa-4bbb-8ccc-000000000002")
MALIN = User("Malin Palmér", "11111111-aaaa-4bbb-8ccc-000000000003")
KRISTIN = User("Kristin Wirén", "11111111-aaaa-4bbb-8ccc-000000000004")
MARIE = User("Marie Skarfors", "11111111-aaaa-4bbb-8ccc-000000000005")
USERS = (GABRIEL, ANNA, MALIN, KRISTIN, MARIE)


def personal_conversation_id(user: User) -> str:
    return f"a:personal-{user.aad_object_id}"


def conversation_id(scope: Scope, user: User) -> str:
    if scope == "channel":
        return f"{GENERAL_CHANNEL_ID};messageid=1700000000000"
    if scope == "groupChat":
        return GROUP_CHAT_ID
    return personal_conversation_id(user)


def _base(
    activity_type: str,
    scope: Scope,
    user: User,
    service_url: str,
    *,
    tenant: str = TENANT,
    locale: str = "sv-SE",
) -> dict[str, Any]:
    channel_data: dict[str, Any] = {"tenant": {"id": tenant}}
    conversation: dict[str, Any] = {
        "id": conversation_id(scope, user),
        "conversationType": scope,
        "tenantId": tenant,
    }
    if scope == "channel":
        channel_data["team"] = {"id": TEAM_ID, "name": TEAM_NAME, "aadGroupId": "g-1"}
        channel_data["channel"] = {"id": GENERAL_CHANNEL_ID, "name": "General"}
        conversation["isGroup"] = True
        conversation["id"] = GENERAL_CHANNEL_ID
    if scope == "groupChat":
        conversation["isGroup"] = True
    return {
        "type": activity_type,
        "id": f"f:{next(_ids)}",
        "timestamp": "2026-11-23T09:00:00.000Z",
        "localTimestamp": "2026-11-23T10:00:00.000+01:00",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": user.account(),
        "conversation": conversation,
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "channelData": channel_data,
        "locale": locale,
    }


def message(
    scope: Scope,
    text: str,
    user: User,
    service_url: str,
    *,
    mention_bot: bool | None = None,
    mentions: tuple[User, ...] = (),
    **kwargs: Any,
) -> dict[str, Any]:
    activity = _base("message", scope, user, service_url, **kwargs)
    entities: list[dict[str, Any]] = []
    if mention_bot if mention_bot is not None else scope != "personal":
        text = f"<at>{BOT_NAME}</at> {text}"
        entities.append(
            {
                "type": "mention",
                "text": f"<at>{BOT_NAME}</at>",
                "mentioned": {"id": BOT_ID, "name": BOT_NAME},
            }
        )
    for mentioned in mentions:
        text = text.replace(f"@{mentioned.name}", f"<at>{mentioned.name}</at>")
        entities.append(
            {
                "type": "mention",
                "text": f"<at>{mentioned.name}</at>",
                "mentioned": {"id": mentioned.teams_id, "name": mentioned.name},
            }
        )
    remember_sent(text)
    activity.update({"text": text, "textFormat": "plain", "entities": entities})
    if scope == "channel":
        # Teams names the thread in a channel post's conversation id.
        activity["conversation"]["id"] = f"{GENERAL_CHANNEL_ID};messageid={next(_ids)}"
    return activity


def card_submit(
    scope: Scope,
    value: dict[str, Any],
    user: User,
    service_url: str,
    *,
    reply_to_id: str = "activity-1",
    **kw: Any,
) -> dict[str, Any]:
    activity = _base("message", scope, user, service_url, **kw)
    remember_sent(value)
    activity.update({"value": value, "replyToId": reply_to_id})
    return activity


def installation_update(
    scope: Scope, action: str, user: User, service_url: str, **kw: Any
) -> dict[str, Any]:
    activity = _base("installationUpdate", scope, user, service_url, **kw)
    activity["action"] = action
    return activity


def conversation_update(
    scope: Scope,
    user: User,
    service_url: str,
    *,
    added: list[dict[str, Any]] | None = None,
    removed: list[dict[str, Any]] | None = None,
    **kw: Any,
) -> dict[str, Any]:
    activity = _base("conversationUpdate", scope, user, service_url, **kw)
    if added:
        activity["membersAdded"] = added
    if removed:
        activity["membersRemoved"] = removed
    if scope == "channel":
        activity["channelData"]["eventType"] = "teamMemberAdded" if added else "teamMemberRemoved"
    return activity


def bot_account() -> dict[str, Any]:
    return {"id": BOT_ID, "name": BOT_NAME}


def invoke(
    scope: Scope, name: str, value: dict[str, Any], user: User, service_url: str, **kw: Any
) -> dict[str, Any]:
    activity = _base("invoke", scope, user, service_url, **kw)
    remember_sent(value)
    activity.update({"name": name, "value": value})
    return activity
