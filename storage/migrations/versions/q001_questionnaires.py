"""questionnaires

Revision ID: q001
Revises: p001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "q001"
down_revision: str | None = "p001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questionnaires",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("copied_from_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("intro", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "open",
                "closed",
                "cancelled",
                name="questionnairestatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_aad_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_activity_id", sa.String(length=256), nullable=True),
        sa.Column("status_revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_questionnaires_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaires")),
    )
    with op.batch_alter_table("questionnaires", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_questionnaires_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_questionnaires_series_id"), ["series_id"], unique=False
        )

    op.create_table(
        "questionnaire_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=8), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "text",
                "choice",
                "multichoice",
                "yesno",
                "number",
                "scale",
                "heading",
                name="questionkind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("help", sa.String(length=300), nullable=True),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_questionnaire_questions_questionnaire_id_questionnaires"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_questions")),
        sa.UniqueConstraint(
            "questionnaire_id",
            "position",
            name=op.f("uq_questionnaire_questions_questionnaire_id_position"),
        ),
    )
    with op.batch_alter_table("questionnaire_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_questions_questionnaire_id"),
            ["questionnaire_id"],
            unique=False,
        )

    op.create_table(
        "questionnaire_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("target_key", sa.String(length=80), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=256), nullable=False),
        sa.Column("contact_aad_id", sa.String(length=64), nullable=True),
        sa.Column("deputy_aad_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_questionnaire_targets_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_questionnaire_targets_questionnaire_id_questionnaires"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_targets")),
        sa.UniqueConstraint(
            "questionnaire_id",
            "target_key",
            name=op.f("uq_questionnaire_targets_questionnaire_id_target_key"),
        ),
    )
    with op.batch_alter_table("questionnaire_targets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_targets_organisation_id"),
            ["organisation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_questionnaire_targets_questionnaire_id"),
            ["questionnaire_id"],
            unique=False,
        )

    op.create_table(
        "questionnaire_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "submitted", name="responsestatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("draft", sa.JSON(), nullable=False),
        sa.Column("answered_by_aad_id", sa.String(length=64), nullable=True),
        sa.Column("answered_by_name", sa.String(length=256), nullable=True),
        sa.Column("draft_by_name", sa.String(length=256), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["questionnaire_targets.id"],
            name=op.f("fk_questionnaire_responses_target_id_questionnaire_targets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_responses")),
        sa.UniqueConstraint("target_id", name=op.f("uq_questionnaire_responses_target_id")),
    )


def downgrade() -> None:
    op.drop_table("questionnaire_responses")
    with op.batch_alter_table("questionnaire_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_targets_questionnaire_id"))
        batch_op.drop_index(batch_op.f("ix_questionnaire_targets_organisation_id"))

    op.drop_table("questionnaire_targets")
    with op.batch_alter_table("questionnaire_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_questions_questionnaire_id"))

    op.drop_table("questionnaire_questions")
    with op.batch_alter_table("questionnaires", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaires_series_id"))
        batch_op.drop_index(batch_op.f("ix_questionnaires_group_id"))

    op.drop_table("questionnaires")
