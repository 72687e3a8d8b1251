"""Routing: text commands, card actions and invokes to the features' flows.

Everything a client sends is untrusted: card payloads are validated against the
feature's model (unknown fields rejected) before a flow sees them, and flows re-check
the sender's role themselves.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bot.features import FEATURES
from bot.features.types import CardAction, Handler, InvokeHandler, Route, invoke_key
from bot.routing.commands import (
    Command,
    available_here,
    command_by_key,
    match_command,
    nearest_command,
)
from cards.actions import CommandAction
from cards.i18n import CATALOGUE
from dialogs.directory.flows import not_understood
from dialogs.text.help_questions import asks_for_help
from dialogs.turn import Reply, TurnInput, UserFacingError


def _merge_handlers() -> dict[str, Handler]:
    merged: dict[str, Handler] = {}
    for feature in FEATURES:
        for key, handler in feature.handlers.items():
            if key in merged:
                raise RuntimeError(f"command {key!r} is handled twice")
            merged[key] = handler
    return merged


HANDLERS: dict[str, Handler] = _merge_handlers()


async def _run_command(route: Route, key: str) -> list[Reply]:
    try:
        command = command_by_key(key)
    except KeyError as exc:
        raise UserFacingError("error.invalid_action") from exc
    if not available_here(command, route.turn):
        raise _not_here(command, route.turn)
    return await HANDLERS[key](route)


def _not_here(command: Command, turn: TurnInput) -> UserFacingError:
    """A group command in the personal chat: say where and how to do it instead."""
    word = command.title_en if turn.language == "en" else command.title_sv
    specific = f"error.group_only.{command.key}"
    key = specific if specific in CATALOGUE else "error.group_only_command"
    return UserFacingError(key, bot=turn.bot_name, word=word)


async def _command_action(route: Route, action: CommandAction) -> list[Reply]:
    return await _run_command(Route(route.session, route.turn, ""), action.command)


CARD_ACTIONS: dict[str, CardAction] = {
    "command": CardAction(model=CommandAction, handler=_command_action),
    **{name: a for feature in FEATURES for name, a in feature.card_actions.items()},
}
INVOKES: dict[str, InvokeHandler] = {
    key: handler for feature in FEATURES for key, handler in feature.invokes.items()
}


async def route_text(route: Route) -> list[Reply]:
    match = match_command(route.turn.text)
    if match is None:
        return await _not_a_command(route)
    return await _run_command(Route(route.session, route.turn, match.argument), match.command.key)


async def _not_a_command(route: Route) -> list[Reply]:
    """A question gets the help card; a near miss gets "Menade du …?"; the rest a short
    "Jag förstod inte" with the help button."""
    turn = route.turn
    if asks_for_help(turn.text):
        return await _run_command(Route(route.session, turn, ""), "help")
    near = nearest_command(turn.text)
    if near is None:
        return not_understood(turn, None)
    command = near.command
    word, example = (
        (command.title_en, command.description_en)
        if near.english
        else (command.title_sv, command.description_sv)
    )
    return not_understood(turn, word, example)


def file_route(text: str) -> Handler | None:
    """A message with files goes to the feature that reads them when it has no text or
    the text is one of that feature's file commands (`protokoll`) or no command at all
    ("här är protokollet"); another command runs as usual and the files are ignored."""
    for feature in FEATURES:
        if feature.file_flow is None:
            continue
        match = match_command(text) if text else None
        if match is None or match.command.key in feature.file_commands:
            return feature.file_flow
    return None


def parse_card_action(value: Any) -> tuple[CardAction, Any]:
    name = value.get("action") if isinstance(value, dict) else None
    action = CARD_ACTIONS.get(name) if isinstance(name, str) else None
    if action is None:
        raise UserFacingError("error.invalid_action")
    try:
        return action, action.model.model_validate(value)
    except ValidationError as exc:
        raise UserFacingError("error.invalid_action") from exc


async def route_card_action(route: Route) -> list[Reply]:
    action, payload = parse_card_action(route.turn.value)
    return await action.handler(route, payload)


def find_invoke(name: str, value: Any) -> InvokeHandler | None:
    return INVOKES.get(invoke_key(name, value))
