"""List markers that pasted text carries in front of its lines.

Word, PDF and Outlook leave bullets as symbol characters, Symbol/Wingdings glyphs from
the private use area (U+F0xx), dashes and asterisks (also glued to the word: "-Vikten av
..."), Word's second-level "o " and lettered lists "a) "; numbered lists as "1." or "1)".
Minutes and questionnaires both read them with these patterns, so a bullet that one
understands the other does too. A line that really starts with the word "o" followed by
a space is read as a bullet: Swedish has no such word at the start of a sentence.
"""

from __future__ import annotations

import re
from typing import Final

BULLET: Final = re.compile(
    r"^(?:[•◦▪●·‣⁃○■□➢►▶→✓✔\uf000-\uf0ff]|[-–—*](?=\s|[^\W\d_])|o(?=\s)|[a-zå]\)(?=\s))\s*"
)
# "1) Kartläggning", "2. Uppföljning": a number that counts a list, not a date or a time.
LIST_NUMBER: Final = re.compile(r"^\d{1,2}[.)]\s+(?=\S)")


def strip_list_marker(text: str) -> str:
    """`text` without one leading bullet or list number (and the spaces after it)."""
    stripped = text.strip()
    match = BULLET.match(stripped) or LIST_NUMBER.match(stripped)
    return stripped[match.end() :].strip() if match else stripped
