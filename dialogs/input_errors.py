"""What a typed date poll or meeting request could not be read as, and how that reaches
the user: as the fixed catalogue message the parser named, never the exception's text.
Shared by `föreslå datum` (dialogs/polls) and `möte` (dialogs/meetings), which read the
same kind of text and refuse it the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from dialogs.text.pii import PersonalNumberFound
from dialogs.turn import UserFacingError


class UnreadableRequest(ValueError):
    """`key` is a catalogue key; `values` fill it (e.g. the parser's own message)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@contextmanager
def refused_as_user_message() -> Iterator[None]:
    """Turn a parser's refusal or a personal identity number in the text into the
    user-facing error the edge shows."""
    try:
        yield
    except UnreadableRequest as error:
        raise UserFacingError(error.key, **error.values) from error
    except PersonalNumberFound as error:
        raise UserFacingError("error.personal_number") from error
