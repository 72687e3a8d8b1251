"""Swedish word stems for full-text search on SQLite.

PostgreSQL stems with its 'swedish' text search configuration; SQLite's FTS5 has no
Swedish stemmer, so the FTS5 index of decisions holds a stemmed copy of the text (made
by the `swedish_stem` SQL function this module provides, called by the index triggers of
migration d003) and a query stems its terms the same way. Both use the Snowball Swedish
algorithm (PyStemmer), the same algorithm PostgreSQL's 'swedish' configuration uses, so
"samordnarna" and "samordnare" both become "samordn" on either backend.

Limits: Snowball strips suffixes; it does not know irregular forms ("barn"/"barnen"
work, "man"/"män" do not) and compounds are not split ("samverkansgruppen" is not found
by "grupp" except as a prefix of a word).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import Stemmer

SQL_FUNCTION = "swedish_stem"
# Letters and digits, as FTS5's unicode61 tokenizer splits words (it also splits at "_").
_WORD = re.compile(r"[^\W_]+")
_stemmer: Any = Stemmer.Stemmer("swedish")


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """One lower-cased word's stem ("samordnarna" -> "samordn")."""
    return str(_stemmer.stemWord(word.casefold()))


def stemmed_text(text: str | None) -> str | None:
    """Every word of `text` replaced by its stem, separated by spaces (what FTS5 indexes).
    NULL stays NULL, as FTS5 expects for a missing column."""
    if text is None:
        return None
    return " ".join(_stemmer.stemWords([w.casefold() for w in _WORD.findall(text)]))


def register(dbapi_connection: Any) -> None:
    """Make `swedish_stem(text)` available on a SQLite connection: the FTS5 triggers call
    it, so every writer (ORM, Core UPDATEs, cascades) indexes stems without knowing it."""
    dbapi_connection.create_function(SQL_FUNCTION, 1, stemmed_text, deterministic=True)
