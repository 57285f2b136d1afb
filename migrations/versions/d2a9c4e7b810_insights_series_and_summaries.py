"""insights: a series label per workshop, and the summaries kept of erased workshops

Revision ID: d2a9c4e7b810
Revises: c5e8f1a3d702
Create Date: 2026-12-04 16:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d2a9c4e7b810"
down_revision = "c5e8f1a3d702"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("series", sa.String(length=60), server_default="", nullable=False))

    op.create_table(
        "workshop_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("series", sa.String(length=60), nullable=False),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["coaches.id"], name=op.f("fk_workshop_summaries_coach_id_coaches"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_summaries")),
    )
    with op.batch_alter_table("workshop_summaries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_summaries_coach_id"), ["coach_id"], unique=False)


def downgrade():
    with op.batch_alter_table("workshop_summaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_summaries_coach_id"))
    op.drop_table("workshop_summaries")

    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_column("series")
