"""Models of the data our cards send back (Action.Submit / Action.Execute payloads).

Card payloads come from the client and can be forged or replayed: every one is validated
against its model (unknown fields rejected, lengths bounded) before anything acts on it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CardActionModel(BaseModel):
    """Base of every card payload model: unknown fields are an error, strings are bounded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=2000)


class CommandAction(CardActionModel):
    """A button that runs a text command, e.g. 'Visa hjälp' on the welcome card."""

    action: Literal["command"]
    command: str = Field(pattern=r"^[a-z_]{1,40}$")
