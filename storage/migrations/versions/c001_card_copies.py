"""card copies: every posted copy of an object's card (one truth per object)

Revision ID: c001
Revises: r002
Create Date: 2026-12-03 14:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c001"
down_revision: str | None = "r002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "card_copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=128), nullable=False),
        sa.Column("conversation_pk", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_pk"],
            ["conversations.id"],
            name=op.f("fk_card_copies_conversation_pk_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_copies")),
        sa.UniqueConstraint(
            "subject",
            "conversation_pk",
            "activity_id",
            name=op.f("uq_card_copies_subject_conversation_pk_activity_id"),
        ),
    )
    with op.batch_alter_table("card_copies") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_card_copies_conversation_pk"), ["conversation_pk"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_card_copies_subject"), ["subject"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("card_copies") as batch_op:
        batch_op.drop_index(batch_op.f("ix_card_copies_subject"))
        batch_op.drop_index(batch_op.f("ix_card_copies_conversation_pk"))
    op.drop_table("card_copies")
