"""directory: conversations, groups, organisations, members

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.String(length=512), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "personal",
                "groupChat",
                "channel",
                name="conversationkind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("service_url", sa.String(length=512), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("bot_id", sa.String(length=256), nullable=False),
        sa.Column("bot_name", sa.String(length=256), nullable=True),
        sa.Column("team_id", sa.String(length=512), nullable=True),
        sa.Column("team_name", sa.String(length=256), nullable=True),
        sa.Column("teams_channel_id", sa.String(length=512), nullable=True),
        sa.Column("teams_channel_name", sa.String(length=256), nullable=True),
        sa.Column("user_aad_id", sa.String(length=64), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uninstalled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("welcomed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        sa.UniqueConstraint(
            "tenant_id", "conversation_id", name=op.f("uq_conversations_tenant_id_conversation_id")
        ),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversations_team_id"), ["team_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_conversations_user_aad_id"), ["user_aad_id"], unique=False
        )

    op.create_table(
        "groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("conversation_pk", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_pk"],
            ["conversations.id"],
            name=op.f("fk_groups_conversation_pk_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groups")),
        sa.UniqueConstraint("conversation_pk", name=op.f("uq_groups_conversation_pk")),
    )
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_groups_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("name_key", sa.String(length=128), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "kommun",
                "region",
                "privat",
                "övrig",
                name="organisationkind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_organisations_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint(
            "group_id", "name_key", name=op.f("uq_organisations_group_id_name_key")
        ),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisations_group_id"), ["group_id"], unique=False)

    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("aad_object_id", sa.String(length=64), nullable=False),
        sa.Column("teams_user_id", sa.String(length=256), nullable=True),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "ordförande",
                "sekreterare",
                "processledare",
                "ledamot",
                "ersättare",
                name="role",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["groups.id"], name=op.f("fk_members_group_id_groups"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_members_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint(
            "group_id", "aad_object_id", name=op.f("uq_members_group_id_aad_object_id")
        ),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_members_aad_object_id"), ["aad_object_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_members_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_members_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_members_group_id"))
        batch_op.drop_index(batch_op.f("ix_members_aad_object_id"))

    op.drop_table("members")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_group_id"))

    op.drop_table("organisations")
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_groups_tenant_id"))

    op.drop_table("groups")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_user_aad_id"))
        batch_op.drop_index(batch_op.f("ix_conversations_team_id"))

    op.drop_table("conversations")
