"""The typed input a flow receives and the replies it returns.

The Teams edge (`bot/`) translates a botbuilder Activity into a `TurnInput` once, and
turns `Reply` objects back into activities. Flows never see botbuilder types, so the
edge can move to another SDK without touching them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cards.common import Card
from cards.i18n import Language
from storage.db import AsyncSession
from storage.directory.conversations import ConversationRef
from storage.directory.models import ConversationKind


@dataclass(frozen=True)
class Person:
    """Someone in an activity: the sender or a mentioned user."""

    teams_user_id: str
    name: str
    aad_object_id: str | None = None


@dataclass(frozen=True)
class IncomingFile:
    """A file the user sent with the message, already fetched and read by the edge:
    its text, or `error` — a catalogue key saying why it could not be had (too large,
    password-protected, no text layer, not downloadable here …). Never both."""

    name: str
    text: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class TurnInput:
    ref: ConversationRef
    sender: Person
    language: Language
    bot_name: str
    text: str = ""
    # The message with its line breaks kept (Teams' <br>, </p>, </div>, </li> become "\n";
    # each line NFKC-normalised, inner whitespace collapsed, indentation kept): for pasted
    # lists such as `enkät ny` questions and `protokoll` minutes.
    raw_text: str = ""
    mentions: tuple[Person, ...] = ()
    value: Mapping[str, Any] | None = None
    reply_to_id: str | None = None
    # The app's clock (UTC), so tests can move time; flows never call datetime.now().
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    activity_id: str | None = None
    # When the client says it sent the activity (UTC); orders redeliveries, never the clock.
    timestamp: datetime | None = None
    # Files sent with the message (minutes as .docx/.pdf/.txt/.md), read at the edge.
    files: tuple[IncomingFile, ...] = ()
    # An Action.Execute click (Universal Actions): a flow may answer with a card shown to
    # the clicker only (`Reply.to_sender`), e.g. a form opened from a channel's card.
    via_execute: bool = False

    @property
    def answered_at(self) -> datetime:
        """When an answer in this turn was given: the activity's own timestamp when the edge
        supplies it (so an older redelivery loses to a newer click), else the turn's clock.
        Never later than the turn's clock, so a skewed timestamp cannot pin an answer in
        the future."""
        if self.timestamp is not None:
            return min(self.timestamp, self.now)
        return self.now

    @property
    def in_group(self) -> bool:
        return self.ref.kind != ConversationKind.PERSONAL

    @property
    def tenant_id(self) -> str:
        return self.ref.tenant_id


@dataclass(frozen=True)
class DownloadFile:
    """A file the user can download (CSV, Markdown, .ics, XLSX): the edge stores it and
    posts a short-lived link, which works in channels, group and personal chats alike."""

    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class CardImages:
    """Images a card shows (charts), served by the bot's own download route instead of
    embedded as data: URIs, which count in full against Teams' ~28 KB message limit. The
    edge stores each file like a download and builds the card with `build`, given the
    files' public URLs by file name; the images are not listed as download links."""

    files: tuple[DownloadFile, ...]
    build: Callable[[Mapping[str, str]], Card]


@dataclass(frozen=True)
class Reply:
    """A message to post, or — with `update_activity_id` — a card to replace in place for
    everyone (Teams: update the sent activity)."""

    text: str | None = None
    card: Card | None = None
    mentions: tuple[Person, ...] = field(default=())
    update_activity_id: str | None = None
    files: tuple[DownloadFile, ...] = field(default=())
    # With images: `card` is what to send without them (an edge that cannot serve files).
    images: CardImages | None = None
    # Called by the edge after the reply was posted, with the new activity id, in a new
    # unit of work: how a flow remembers which message holds its card (to update it later).
    on_sent: SentHook | None = None
    # For an update: render the card at delivery, from what is committed, instead of
    # `card`. The edge then coalesces a burst of updates (200 members clicking one poll
    # card) to about two renderings, cheaper and within Teams' 7 messages/s per
    # conversation; see bot/teams/card_refresh.py.
    render: CardRender | None = None
    # On an Action.Execute turn: the card is the invoke's answer, which Teams shows to the
    # person who clicked only (it replaces the clicked card for them); nothing is posted.
    to_sender: bool = False


SentHook = Callable[[AsyncSession, str], Awaitable[None]]
CardRender = Callable[[AsyncSession], Awaitable[Card | None]]


Primitive = str | int | float | bool | None


@dataclass(frozen=True)
class JobContext:
    """What a scheduled job receives: its own unit of work, the app's clock (UTC) and the
    primitive keyword arguments it was registered with (bot/scheduler.py builds it)."""

    session: AsyncSession
    now: datetime
    kwargs: dict[str, Primitive] = field(default_factory=dict)


class UserFacingError(Exception):
    """A refusal the user should read; `key` is a catalogue key in cards.i18n."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values
