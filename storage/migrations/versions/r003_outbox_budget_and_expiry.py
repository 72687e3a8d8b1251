"""outbox: shared tenant send budget, message expiry

Revision ID: r003
Revises: c001
Create Date: 2026-12-03 14:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "r003"
down_revision: str | None = "c001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_tenant_budgets",
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("next_slot", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_outbox_tenant_budgets")),
    )
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("expires_at")
    op.drop_table("outbox_tenant_budgets")
