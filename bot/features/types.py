"""What a feature plugs into the edge: commands, their flows, card actions and invokes.

A feature is one module in bot/features declaring a `FEATURE`. The router, the help
card and the Teams manifest all read the same declarations, so adding a capability
means adding a feature module here (plus its flows in dialogs/, cards/ and storage/);
bot/features/__init__.py finds it by name. See docs/adding-a-feature.md.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bot.routing.command_types import Command
from dialogs.reminders.catalogue import DigestSection, Rule
from dialogs.turn import Reply, TurnInput


@dataclass(frozen=True)
class Route:
    """One routed turn: the unit of work's session, the typed input, the command's text."""

    session: AsyncSession
    turn: TurnInput
    argument: str = ""


Handler = Callable[[Route], Awaitable[list[Reply]]]
CardActionHandler = Callable[[Route, Any], Awaitable[list[Reply]]]


def command_flow(flow: Callable[[AsyncSession, TurnInput, str], Awaitable[list[Reply]]]) -> Handler:
    """A command whose flow takes (session, turn, the text after the command)."""

    async def handler(route: Route) -> list[Reply]:
        return await flow(route.session, route.turn, route.argument)

    return handler


def turn_flow(flow: Callable[[AsyncSession, TurnInput], Awaitable[list[Reply]]]) -> Handler:
    """A command whose flow needs only (session, turn)."""

    async def handler(route: Route) -> list[Reply]:
        return await flow(route.session, route.turn)

    return handler


def action_flow(
    flow: Callable[[AsyncSession, TurnInput, Any], Awaitable[list[Reply]]],
) -> CardActionHandler:
    """A card action whose flow takes (session, turn, the validated payload)."""

    async def handler(route: Route, payload: Any) -> list[Reply]:
        return await flow(route.session, route.turn, payload)

    return handler


CardView = Callable[[AsyncSession, TurnInput, Any], Awaitable[dict[str, Any]]]


async def no_change(route: Route, payload: Any) -> list[Reply]:
    """A card action that only asks for a view (a card's automatic refresh)."""
    return []


@dataclass(frozen=True)
class CardAction:
    """A card payload `{"action": <name>, ...}` validated by `model` before `handler` runs.

    `view`: for an Action.Execute (Universal Actions) the card to answer the invoke with,
    rendered for the sender after the handler's unit of work commits; without it the
    invoke is answered with a short message."""

    model: type[BaseModel]
    handler: CardActionHandler
    view: CardView | None = None


@dataclass(frozen=True)
class InvokeResult:
    """The HTTP answer to an invoke, plus messages to post after the unit of work commits."""

    status: int = 200
    body: Any = None
    replies: list[Reply] = field(default_factory=list)


InvokeHandler = Callable[[Route], Awaitable[InvokeResult]]


@dataclass(frozen=True)
class RecurringJob:
    """A scheduler tick: `path` is 'module:function' taking a bot.scheduler.JobContext.
    Give either `seconds` (interval) or `cron` (crontab fields, Europe/Stockholm)."""

    job_id: str
    path: str
    seconds: int | None = None
    cron: str | None = None


@dataclass(frozen=True)
class Feature:
    name: str
    # Position on the help card and in the manifest's command lists (lower first).
    order: int = 100
    commands: tuple[Command, ...] = ()
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    card_actions: Mapping[str, CardAction] = field(default_factory=dict)
    # Keyed by `invoke_key()`: e.g. "composeExtension/fetchTask:logDecision",
    # "task/submit:decision_form" (the `action` in the task's data), "signin/verifyState".
    invokes: Mapping[str, InvokeHandler] = field(default_factory=dict)
    jobs: tuple[RecurringJob, ...] = ()
    # Nudge kinds a group can switch off or retime, and lines for the weekly digest
    # (dialogs/reminders/catalogue.py); collected by bot/features/__init__.py.
    reminder_rules: tuple[Rule, ...] = ()
    digest_sections: tuple[DigestSection, ...] = ()
    # Files sent with a message: the flow that reads them (at most one feature), and the
    # commands whose text may come with the file (a file alone goes to it too).
    file_flow: Handler | None = None
    file_commands: tuple[str, ...] = ()


def invoke_key(name: str, value: Any) -> str:
    value = value if isinstance(value, dict) else {}
    if name.startswith("composeExtension/"):
        return f"{name}:{value.get('commandId', '')}"
    if name.startswith("task/"):
        data = value.get("data") if isinstance(value.get("data"), dict) else {}
        return f"{name}:{data.get('action', '')}"
    return name
