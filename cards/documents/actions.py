"""Payloads of the buttons that ask for a document."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cards.actions import CardActionModel


class MinutesDraftAction(CardActionModel):
    """The kallelse's "Protokollsutkast (.docx)" button (cards/meetings)."""

    action: Literal["minutes_draft"]
    meeting_id: int = Field(ge=1, le=2**31 - 1)
