"""decisions: kind (decision or task), meeting date; SQLite search indexes Swedish stems

Revision ID: d003
Revises: d002
Create Date: 2026-12-03

Issue #14: tasks from minutes are register entries too, and entries imported from
minutes carry their meeting's date. Rows from before are decisions without a meeting
date, so the new columns need no backfill (`kind` has a server default).

Search: on SQLite the FTS5 index of d002 now holds the Swedish Snowball stems of item
and text (the `swedish_stem` function, storage/stemming.py, registered on every
connection by storage/db.py), so "samordnarna" finds "samordnare" as PostgreSQL's
'swedish' configuration already does. The table stays external-content (rowid =
decisions.id) but its indexed values are no longer the content table's columns, so it
must never be rebuilt with FTS5's 'rebuild' command: this migration repopulates it with
an INSERT … SELECT of stems, and the triggers pass stems for 'delete' too. PostgreSQL's
search needs nothing here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d003"
down_revision: str | None = "d002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TRIGGERS = ("decisions_fts_insert", "decisions_fts_delete", "decisions_fts_update")
_KIND = sa.Enum("decision", "task", name="decisionkind", native_enum=False, length=16)


def _stems(prefix: str) -> str:
    return f"swedish_stem({prefix}.item), swedish_stem({prefix}.text), {prefix}.group_id"


_SQLITE_DROP = [*(f"DROP TRIGGER IF EXISTS {t}" for t in _TRIGGERS), "DROP TABLE decisions_fts"]
# Keep in step with storage/decisions/search.py (column order = bm25 weights there).
SQLITE_UP = [
    *_SQLITE_DROP,
    "CREATE VIRTUAL TABLE decisions_fts USING fts5(item, text, group_id, "
    "content='decisions', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER decisions_fts_insert AFTER INSERT ON decisions BEGIN "
    "INSERT INTO decisions_fts(rowid, item, text, group_id) "
    f"VALUES (new.id, {_stems('new')}); END",
    "CREATE TRIGGER decisions_fts_delete AFTER DELETE ON decisions BEGIN "
    "INSERT INTO decisions_fts(decisions_fts, rowid, item, text, group_id) "
    f"VALUES ('delete', old.id, {_stems('old')}); END",
    "CREATE TRIGGER decisions_fts_update AFTER UPDATE OF item, text, group_id ON decisions "
    "BEGIN INSERT INTO decisions_fts(decisions_fts, rowid, item, text, group_id) "
    f"VALUES ('delete', old.id, {_stems('old')}); "
    "INSERT INTO decisions_fts(rowid, item, text, group_id) "
    f"VALUES (new.id, {_stems('new')}); END",
    "INSERT INTO decisions_fts(rowid, item, text, group_id) "
    "SELECT id, swedish_stem(item), swedish_stem(text), group_id FROM decisions",
]
# d002's index of the words as written.
SQLITE_DOWN = [
    *_SQLITE_DROP,
    "CREATE VIRTUAL TABLE decisions_fts USING fts5(item, text, group_id, "
    "content='decisions', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER decisions_fts_insert AFTER INSERT ON decisions BEGIN "
    "INSERT INTO decisions_fts(rowid, item, text, group_id) "
    "VALUES (new.id, new.item, new.text, new.group_id); END",
    "CREATE TRIGGER decisions_fts_delete AFTER DELETE ON decisions BEGIN "
    "INSERT INTO decisions_fts(decisions_fts, rowid, item, text, group_id) "
    "VALUES ('delete', old.id, old.item, old.text, old.group_id); END",
    "CREATE TRIGGER decisions_fts_update AFTER UPDATE OF item, text, group_id ON decisions "
    "BEGIN INSERT INTO decisions_fts(decisions_fts, rowid, item, text, group_id) "
    "VALUES ('delete', old.id, old.item, old.text, old.group_id); "
    "INSERT INTO decisions_fts(rowid, item, text, group_id) "
    "VALUES (new.id, new.item, new.text, new.group_id); END",
    "INSERT INTO decisions_fts(decisions_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", _KIND, nullable=False, server_default="decision"))
        batch_op.add_column(sa.Column("meeting_date", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    op.drop_column("decisions", "meeting_date")  # SQLite 3.35+ drops columns in place
    op.drop_column("decisions", "kind")
