"""decision search per group: the group in the FTS5 index; a stored tsvector

Revision ID: d002
Revises: g001
Create Date: 2026-11-23

Search always runs inside one group, but d001 indexed the whole register: every query
ranked every matching decision of every group and then threw away all but one group's
(issue #8 measured 15–40 ms at 100,000 decisions in 200 groups).
- SQLite: the FTS5 table also indexes `group_id`, so the group is a term of the query
  and FTS5 ranks only that group's hits. Same triggers as d001, with the new column.
- PostgreSQL: the document is a stored generated column, so the query reads the group's
  rows by `ix_decisions_group_id` and tests and ranks their stored vectors, instead of
  intersecting register-wide GIN posting lists and computing to_tsvector() again for the
  recheck and for ts_rank. Its cost follows the size of a group (bounded by how often a
  group meets), not of the register, so the expression GIN index is dropped.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "d002"
down_revision: str | None = "g001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TRIGGERS = ("decisions_fts_insert", "decisions_fts_delete", "decisions_fts_update")


def _sqlite_fts(columns: Sequence[str]) -> list[str]:
    """The FTS5 table over `columns` of decisions and the triggers that keep it in step."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE decisions_fts USING fts5({names}, "
        "content='decisions', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        "CREATE TRIGGER decisions_fts_insert AFTER INSERT ON decisions BEGIN "
        f"INSERT INTO decisions_fts(rowid, {names}) VALUES (new.id, {new}); END",
        "CREATE TRIGGER decisions_fts_delete AFTER DELETE ON decisions BEGIN "
        f"INSERT INTO decisions_fts(decisions_fts, rowid, {names}) "
        f"VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER decisions_fts_update AFTER UPDATE OF {names} ON decisions BEGIN "
        f"INSERT INTO decisions_fts(decisions_fts, rowid, {names}) "
        f"VALUES ('delete', old.id, {old}); "
        f"INSERT INTO decisions_fts(rowid, {names}) VALUES (new.id, {new}); END",
        "INSERT INTO decisions_fts(decisions_fts) VALUES ('rebuild')",
    ]


_SQLITE_DROP = [*(f"DROP TRIGGER IF EXISTS {t}" for t in _TRIGGERS), "DROP TABLE decisions_fts"]
# Keep in step with storage/decisions/search.py (column order = bm25 weights there).
SQLITE_UP = [*_SQLITE_DROP, *_sqlite_fts(("item", "text", "group_id"))]
SQLITE_DOWN = [*_SQLITE_DROP, *_sqlite_fts(("item", "text"))]

_DOCUMENT = "to_tsvector('swedish'::regconfig, coalesce(item, '') || ' ' || text)"
POSTGRES_UP = [
    f"ALTER TABLE decisions ADD COLUMN search_document tsvector "
    f"GENERATED ALWAYS AS ({_DOCUMENT}) STORED",
    "DROP INDEX IF EXISTS ix_decisions_search",
]
POSTGRES_DOWN = [
    f"CREATE INDEX ix_decisions_search ON decisions USING gin ({_DOCUMENT})",
    "ALTER TABLE decisions DROP COLUMN search_document",
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_UP if sqlite else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DOWN if sqlite else POSTGRES_DOWN:
        op.execute(statement)
