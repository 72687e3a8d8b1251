"""Full-text search over a group's decisions, ranked and paged, on either backend.

SQLite: the external-content FTS5 table `decisions_fts` (migration d001), ranked by
bm25. Terms are matched as prefixes ("kontakt" finds "kontaktar"), since FTS5 has no
Swedish stemmer. PostgreSQL: `to_tsvector('swedish', …)` over the GIN index of d001,
ranked by ts_rank; the Swedish stemmer plus prefix matching does the same job.

User input never reaches either query language as syntax: it is cut into word tokens
(letters and digits only) and every token is quoted (FTS5) or is a bare lexeme with a
prefix marker (tsquery), so quotes, operators, NEAR, column filters and parentheses in
the input are just ignored characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.decision_models import Decision
from storage.decisions import decisions_by_ids

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
# Letters and digits only: \w would also keep "_", which is harmless but never meant.
_TOKEN = re.compile(r"[^\W_]+")
# Must be the expression of ix_decisions_search in migration d001, or the index is unused.
_PG_DOCUMENT = "to_tsvector('swedish'::regconfig, coalesce(d.item, '') || ' ' || d.text)"


@dataclass(frozen=True)
class SearchPage:
    decisions: list[Decision]
    offset: int
    has_more: bool


def search_terms(query: str) -> list[str]:
    """The words of a user's query, lower-cased, bounded in number and length."""
    terms = [t.casefold()[:MAX_TERM_LENGTH] for t in _TOKEN.findall(query)]
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def fts5_match(terms: list[str]) -> str:
    """Every term as a quoted prefix query, all required: '"vits"* "samordnare"*'."""
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms)


def tsquery_text(terms: list[str]) -> str:
    """'vits:* & samordnare:*' for to_tsquery; tokens hold no tsquery operators."""
    return " & ".join(f"{term}:*" for term in terms)


async def search_decisions(
    session: AsyncSession, group_id: int, query: str, limit: int, offset: int
) -> SearchPage:
    """The group's decisions best matching `query`, `limit` from `offset`."""
    terms = search_terms(query)
    if not terms or limit <= 0:
        return SearchPage(decisions=[], offset=offset, has_more=False)
    offset = max(offset, 0)
    params: dict[str, int | str] = {"group_id": group_id, "limit": limit + 1, "offset": offset}
    if session.get_bind().dialect.name == "postgresql":
        statement = text(
            f"SELECT d.id FROM decisions AS d, to_tsquery('swedish', :query) AS q "
            f"WHERE d.group_id = :group_id AND {_PG_DOCUMENT} @@ q "
            f"ORDER BY ts_rank({_PG_DOCUMENT}, q) DESC, d.id DESC "
            f"LIMIT :limit OFFSET :offset"
        )
        params["query"] = tsquery_text(terms)
    else:
        statement = text(
            "SELECT d.id FROM decisions_fts JOIN decisions AS d ON d.id = decisions_fts.rowid "
            "WHERE decisions_fts MATCH :query AND d.group_id = :group_id "
            "ORDER BY bm25(decisions_fts), d.id DESC "
            "LIMIT :limit OFFSET :offset"
        )
        params["query"] = fts5_match(terms)
    ids = [int(row[0]) for row in (await session.execute(statement, params)).all()]
    decisions = await decisions_by_ids(session, ids[:limit])
    return SearchPage(decisions=decisions, offset=offset, has_more=len(ids) > limit)
