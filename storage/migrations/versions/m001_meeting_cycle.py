"""meeting cycle: agenda items, attendance, online meeting link

Revision ID: m001
Revises: r003
Create Date: 2026-12-03 16:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "m001"
down_revision: str | None = "r003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("added_by_member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_member_id"],
            ["members.id"],
            name=op.f("fk_meeting_agenda_items_added_by_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_agenda_items_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_agenda_items")),
    )
    with op.batch_alter_table("meeting_agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_agenda_items_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.Column("organisation", sa.String(length=128), nullable=True),
        sa.Column(
            "status",
            sa.Enum("present", "absent", name="attendancestatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("substitute_for_member_id", sa.Integer(), nullable=True),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "rsvp", "graph", "organiser", name="attendancesource", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_attendance_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_meeting_attendance_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["substitute_for_member_id"],
            ["members.id"],
            name=op.f("fk_meeting_attendance_substitute_for_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendance")),
    )
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attendance_meeting_id"), ["meeting_id"], unique=False
        )

    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("online_join_url", sa.String(length=2048), nullable=True))
        batch_op.add_column(sa.Column("online_meeting_id", sa.String(length=512), nullable=True))
        batch_op.add_column(sa.Column("online_meeting_error", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("online_meeting_error")
        batch_op.drop_column("online_meeting_id")
        batch_op.drop_column("online_join_url")

    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendance_meeting_id"))

    op.drop_table("meeting_attendance")
    with op.batch_alter_table("meeting_agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_agenda_items_meeting_id"))

    op.drop_table("meeting_agenda_items")
