"""Full-text search over a group's decisions, ranked and paged, on either backend.

Search always runs inside one group, and costs what that group's decisions cost, not
what the whole register costs (migration d002, issue #8). SQLite: the external-content
FTS5 table `decisions_fts` also indexes `group_id`, so the group is a term of the MATCH
and bm25 ranks only that group's hits. FTS5 has no Swedish stemmer, so the index holds
the Snowball stems of the words (migration d003, storage/stemming.py) and the query's
terms are stemmed the same way before they are matched, as prefixes: "samordnarna" and
"samordnare" are both "samordn". Stemming a query costs its few terms, never a pass over
rows. PostgreSQL: the group's rows are read by their index and their stored
`search_document` (to_tsvector('swedish', …)) is tested and ranked by ts_rank; its
Swedish stemmer (the same Snowball algorithm) plus prefix matching does the same job.
Terms of one or two letters are matched whole: as prefixes they match most of the
register, cost the most and find nothing in particular.

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

from storage import stemming
from storage.decisions.models import Decision
from storage.decisions.operations import decisions_by_ids

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MIN_PREFIX_LENGTH = 3
# Letters and digits only: \w would also keep "_", which is harmless but never meant.
_TOKEN = re.compile(r"[^\W_]+")
# bm25 weights in the column order of decisions_fts (d002): item, text, group_id. The
# group is a filter, not evidence of relevance.
_BM25 = "bm25(decisions_fts, 1.0, 1.0, 0.0)"


@dataclass(frozen=True)
class SearchPage:
    decisions: list[Decision]
    offset: int
    has_more: bool


def search_terms(query: str) -> list[str]:
    """The words of a user's query, lower-cased, bounded in number and length."""
    terms = [t.casefold()[:MAX_TERM_LENGTH] for t in _TOKEN.findall(query)]
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def _as_prefix(term: str) -> bool:
    return len(term) >= MIN_PREFIX_LENGTH


def fts5_match(group_id: int, terms: list[str]) -> str:
    """The group's decisions holding every term's stem, as a prefix, in the item or the
    text: 'group_id:"7" AND {item text}:("vit"* "samordn"*)'. The index holds stems."""
    stems = list(dict.fromkeys(stemming.stem(term) for term in terms))
    words = " ".join(
        '"' + term.replace('"', '""') + '"' + ("*" if _as_prefix(term) else "") for term in stems
    )
    return f'group_id:"{int(group_id)}" AND {{item text}}:({words})'


def tsquery_text(terms: list[str]) -> str:
    """'vits:* & samordnare:*' for to_tsquery; tokens hold no tsquery operators."""
    return " & ".join(f"{term}:*" if _as_prefix(term) else term for term in terms)


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
            "SELECT d.id FROM decisions AS d, to_tsquery('swedish', :query) AS q "
            "WHERE d.group_id = :group_id AND d.search_document @@ q "
            "ORDER BY ts_rank(d.search_document, q) DESC, d.id DESC "
            "LIMIT :limit OFFSET :offset"
        )
        params["query"] = tsquery_text(terms)
    else:
        # The join re-checks the group on the decision itself: the index is a copy.
        statement = text(
            "SELECT d.id FROM decisions_fts JOIN decisions AS d ON d.id = decisions_fts.rowid "
            f"WHERE decisions_fts MATCH :query AND d.group_id = :group_id "
            f"ORDER BY {_BM25}, d.id DESC "
            "LIMIT :limit OFFSET :offset"
        )
        params["query"] = fts5_match(group_id, terms)
    ids = [int(row[0]) for row in (await session.execute(statement, params)).all()]
    decisions = await decisions_by_ids(session, ids[:limit])
    return SearchPage(decisions=decisions, offset=offset, has_more=len(ids) > limit)
