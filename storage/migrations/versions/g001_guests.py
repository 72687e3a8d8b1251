"""guests: members marked guest, and the chair's permissions for guests to answer

Revision ID: g001
Revises: r001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "g001"
down_revision: str | None = "r001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("guest", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "guest_permissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_aad_id", sa.String(length=64), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_guest_permissions_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_guest_permissions_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_guest_permissions_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guest_permissions")),
        sa.UniqueConstraint(
            "member_id",
            "organisation_id",
            name=op.f("uq_guest_permissions_member_id_organisation_id"),
        ),
    )
    with op.batch_alter_table("guest_permissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guest_permissions_group_id"), ["group_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_guest_permissions_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_guest_permissions_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("guest_permissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guest_permissions_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_guest_permissions_member_id"))
        batch_op.drop_index(batch_op.f("ix_guest_permissions_group_id"))
    op.drop_table("guest_permissions")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("guest")
