"""Routing as a declared table: command key -> flow, and card action -> flow.

`bot.commands.COMMANDS` says which words mean which command; this module says which flow
answers it. A test checks that the two tables cover each other exactly.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands import COMMANDS, Command, command_by_key, match_command
from cards.actions import CommandAction, parse_card_action
from cards.help import HelpEntry
from dialogs import group_directory
from dialogs.turn import Reply, TurnInput, UserFacingError


@dataclass(frozen=True)
class Route:
    session: AsyncSession
    turn: TurnInput
    argument: str


Handler = Callable[[Route], Awaitable[list[Reply]]]


def _scope(turn: TurnInput) -> str:
    return {"personal": "personal", "groupChat": "groupChat", "channel": "team"}[turn.ref.kind]


def help_entries(turn: TurnInput) -> list[HelpEntry]:
    scope = _scope(turn)
    english = turn.language == "en"
    return [
        HelpEntry(
            word=c.title_en if english else c.title_sv,
            description=c.description_en if english else c.description_sv,
        )
        for c in COMMANDS
        if scope in c.scopes
    ]


async def _help(route: Route) -> list[Reply]:
    return group_directory.show_help(route.turn, help_entries(route.turn))


async def _members(route: Route) -> list[Reply]:
    return await group_directory.show_members(route.session, route.turn)


async def _organisation(route: Route) -> list[Reply]:
    return await group_directory.set_organisation(route.session, route.turn, route.argument)


async def _role(route: Route) -> list[Reply]:
    return await group_directory.change_role(route.session, route.turn, route.argument)


HANDLERS: dict[str, Handler] = {
    "help": _help,
    "members": _members,
    "organisation": _organisation,
    "role": _role,
}


def _available_here(command: Command, turn: TurnInput) -> bool:
    return _scope(turn) in command.scopes


async def route_text(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    match = match_command(turn.text)
    if match is None:
        raise UserFacingError("error.unknown_command")
    if not _available_here(match.command, turn):
        raise UserFacingError("error.group_only")
    return await HANDLERS[match.command.key](Route(session, turn, match.argument))


async def route_card_action(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    """Card submits are client-supplied: validated against the action models first."""
    try:
        action = parse_card_action(turn.value)
    except ValueError as exc:
        raise UserFacingError("error.invalid_action") from exc
    if isinstance(action, CommandAction):
        try:
            command = command_by_key(action.command)
        except KeyError as exc:
            raise UserFacingError("error.invalid_action") from exc
        if not _available_here(command, turn):
            raise UserFacingError("error.group_only")
        return await HANDLERS[command.key](Route(session, turn, ""))
    raise UserFacingError("error.invalid_action")
