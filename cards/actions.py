"""Models of the data our cards send back (Action.Submit / Action.Execute payloads).

Card payloads come from the client and can be forged or replayed: every one is validated
against its model (unknown fields rejected, lengths bounded) before anything acts on it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=200)


class CommandAction(_Action):
    """A button that runs a text command, e.g. 'Visa hjälp' on the welcome card."""

    action: Literal["command"]
    command: str = Field(pattern=r"^[a-z_]{1,40}$")


CardAction = Annotated[CommandAction, Field(discriminator="action")]
_ADAPTER: TypeAdapter[CommandAction] = TypeAdapter(CardAction)


class InvalidCardAction(ValueError):
    """The payload is not one our cards send; nothing is done with it."""


def parse_card_action(value: Any) -> CommandAction:
    try:
        return _ADAPTER.validate_python(value)
    except ValidationError as exc:
        raise InvalidCardAction("invalid card payload") from exc
