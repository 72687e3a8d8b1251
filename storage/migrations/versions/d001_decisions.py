"""decisions: the decision register, its audit trail, counters, imports, full-text search

Revision ID: d001
Revises: a001
Create Date: 2026-11-23

Full-text search lives outside the ORM models (storage/decisions/search.py queries it):
- SQLite: an external-content FTS5 table over decisions(item, text), kept in sync by
  triggers, so every writer (the ORM, GDPR pseudonymisation's Core UPDATEs, cascaded
  deletes) updates the index without having to remember it.
- PostgreSQL: a GIN index over to_tsvector('swedish', item || text); the query repeats
  the same expression, so the planner uses the index.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d001"
down_revision: str | None = "a001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUS = sa.Enum(
    "öppen", "pågår", "klar", "inaktuell", name="decisionstatus", native_enum=False, length=16
)
_SOURCE = sa.Enum(
    "text", "form", "message", "minutes", name="decisionsource", native_enum=False, length=16
)

# Keep in step with storage/decisions/search.py.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE decisions_fts USING fts5("
    "item, text, content='decisions', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER decisions_fts_insert AFTER INSERT ON decisions BEGIN "
    "INSERT INTO decisions_fts(rowid, item, text) VALUES (new.id, new.item, new.text); END",
    "CREATE TRIGGER decisions_fts_delete AFTER DELETE ON decisions BEGIN "
    "INSERT INTO decisions_fts(decisions_fts, rowid, item, text) "
    "VALUES ('delete', old.id, old.item, old.text); END",
    "CREATE TRIGGER decisions_fts_update AFTER UPDATE OF item, text ON decisions BEGIN "
    "INSERT INTO decisions_fts(decisions_fts, rowid, item, text) "
    "VALUES ('delete', old.id, old.item, old.text); "
    "INSERT INTO decisions_fts(rowid, item, text) VALUES (new.id, new.item, new.text); END",
]
POSTGRES_FTS = [
    "CREATE INDEX ix_decisions_search ON decisions USING gin "
    "(to_tsvector('swedish'::regconfig, coalesce(item, '') || ' ' || text))",
]


def upgrade() -> None:
    op.create_table(
        "decision_counters",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_decision_counters_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "year", name=op.f("pk_decision_counters")),
    )
    op.create_table(
        "decision_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_decision_follow_ups_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_follow_ups")),
    )
    with op.batch_alter_table("decision_follow_ups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_follow_ups_group_id"), ["group_id"], unique=False
        )

    op.create_table(
        "decision_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("created_by_aad_id", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_decision_imports_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_imports")),
        sa.UniqueConstraint("token", name=op.f("uq_decision_imports_token")),
    )
    with op.batch_alter_table("decision_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_imports_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_decision_imports_group_id"), ["group_id"], unique=False
        )

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=200), nullable=True),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("owner_text", sa.String(length=200), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", _STATUS, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("source", _SOURCE, nullable=False),
        sa.Column("logged_by_member_id", sa.Integer(), nullable=True),
        sa.Column("logged_by_aad_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("origin_key", sa.String(length=300), nullable=True),
        sa.Column("card_activity_id", sa.String(length=256), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_decisions_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["logged_by_member_id"],
            ["members.id"],
            name=op.f("fk_decisions_logged_by_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint(
            "group_id", "origin_key", name=op.f("uq_decisions_group_id_origin_key")
        ),
        sa.UniqueConstraint(
            "group_id", "year", "number", name=op.f("uq_decisions_group_id_year_number")
        ),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_closed_at"), ["closed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_due"), ["due"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_status"), ["status"], unique=False)

    op.create_table(
        "decision_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_member_id", sa.Integer(), nullable=True),
        sa.Column("actor_aad_id", sa.String(length=64), nullable=False),
        sa.Column("from_status", _STATUS, nullable=True),
        sa.Column("to_status", _STATUS, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_member_id"],
            ["members.id"],
            name=op.f("fk_decision_events_actor_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_events_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_events")),
        sa.UniqueConstraint(
            "decision_id", "revision", name=op.f("uq_decision_events_decision_id_revision")
        ),
    )
    with op.batch_alter_table("decision_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_events_decision_id"), ["decision_id"], unique=False
        )

    op.create_table(
        "decision_owners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_owners_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_decision_owners_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_owners")),
        sa.UniqueConstraint(
            "decision_id", "member_id", name=op.f("uq_decision_owners_decision_id_member_id")
        ),
    )
    with op.batch_alter_table("decision_owners", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_owners_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_decision_owners_member_id"), ["member_id"], unique=False
        )

    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else POSTGRES_FTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("decisions_fts_insert", "decisions_fts_delete", "decisions_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS decisions_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_decisions_search")

    with op.batch_alter_table("decision_owners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_owners_member_id"))
        batch_op.drop_index(batch_op.f("ix_decision_owners_decision_id"))
    op.drop_table("decision_owners")

    with op.batch_alter_table("decision_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_events_decision_id"))
    op.drop_table("decision_events")

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_status"))
        batch_op.drop_index(batch_op.f("ix_decisions_group_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_due"))
        batch_op.drop_index(batch_op.f("ix_decisions_closed_at"))
    op.drop_table("decisions")

    with op.batch_alter_table("decision_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_imports_group_id"))
        batch_op.drop_index(batch_op.f("ix_decision_imports_created_at"))
    op.drop_table("decision_imports")

    with op.batch_alter_table("decision_follow_ups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_follow_ups_group_id"))
    op.drop_table("decision_follow_ups")
    op.drop_table("decision_counters")
