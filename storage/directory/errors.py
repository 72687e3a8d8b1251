"""The directory's own exception: a change the rules do not allow."""

from __future__ import annotations


class DirectoryError(ValueError):
    """A directory change that is not allowed; `code` selects the user-facing message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
