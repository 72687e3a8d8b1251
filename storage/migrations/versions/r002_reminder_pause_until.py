"""reminder pause until a date

Revision ID: r002
Revises: d003
Create Date: 2026-12-03

`påminnelser paus till 7/1`: the group's reminders resume by themselves at that moment.
A nullable column, so existing pauses stay open-ended; batch mode for SQLite.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "r002"
down_revision: str | None = "d003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reminder_group_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reminder_group_settings", schema=None) as batch_op:
        batch_op.drop_column("paused_until")
