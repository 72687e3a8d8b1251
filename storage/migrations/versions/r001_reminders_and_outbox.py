"""reminders and outbox

Revision ID: r001
Revises: q001
Create Date: 2026-11-23 10:25:57.408236
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "r001"
down_revision: str | None = "q001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminder_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("user_aad_id", sa.String(length=64), nullable=False),
        sa.Column("personal_nudges", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_preferences")),
        sa.UniqueConstraint(
            "tenant_id", "user_aad_id", name=op.f("uq_reminder_preferences_tenant_id_user_aad_id")
        ),
    )
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "sent",
                "cancelled",
                "failed",
                "dropped",
                name="outboxstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation_pk", sa.Integer(), nullable=True),
        sa.Column("user_aad_id", sa.String(length=64), nullable=True),
        sa.Column("fallback_conversation_pk", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("card", sa.JSON(), nullable=True),
        sa.Column("mentions", sa.JSON(), nullable=False),
        sa.Column("update_activity_id", sa.String(length=256), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=128), nullable=True),
        sa.Column("nudge", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=64), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_activity_id", sa.String(length=256), nullable=True),
        sa.Column("delivered_via", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_pk"],
            ["conversations.id"],
            name=op.f("fk_outbox_messages_conversation_pk_conversations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["fallback_conversation_pk"],
            ["conversations.id"],
            name=op.f("fk_outbox_messages_fallback_conversation_pk_conversations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_outbox_messages_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_messages_key")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_messages_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            "ix_outbox_messages_status_due_at", ["status", "due_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outbox_messages_subject"), ["subject"], unique=False)

    op.create_table(
        "reminder_group_settings",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("paused_by_aad_id", sa.String(length=64), nullable=True),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("office_start_hour", sa.Integer(), nullable=False),
        sa.Column("office_end_hour", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_reminder_group_settings_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", name=op.f("pk_reminder_group_settings")),
    )


def downgrade() -> None:
    op.drop_table("reminder_group_settings")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_messages_subject"))
        batch_op.drop_index("ix_outbox_messages_status_due_at")
        batch_op.drop_index(batch_op.f("ix_outbox_messages_group_id"))

    op.drop_table("outbox_messages")
    op.drop_table("reminder_preferences")
