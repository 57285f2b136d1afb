"""follow-ups: a follow-up date per workshop, and each participant's follow-up answer

Existing workshops get the default follow-up date, 14 days after the workshop, brought
forward to the erase date when their data is kept for less than that.

Revision ID: c5e8f1a3d702
Revises: b7d41e9a2c05
Create Date: 2026-12-04 13:55:00.000000

"""

from datetime import timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c5e8f1a3d702"
down_revision = "b7d41e9a2c05"
branch_labels = None
depends_on = None

DEFAULT_DAYS = 14  # services.follow_ups.DEFAULT_DAYS, as it was when this ran


def upgrade():
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow_up_on", sa.Date(), nullable=True))

    workshops = sa.table(
        "workshops",
        sa.column("id", sa.Integer),
        sa.column("date", sa.Date),
        sa.column("retain_until", sa.Date),
        sa.column("follow_up_on", sa.Date),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(workshops.c.id, workshops.c.date, workshops.c.retain_until)).all()
    for workshop_id, day, retain_until in rows:
        follow_up = min(day + timedelta(days=DEFAULT_DAYS), retain_until)
        connection.execute(workshops.update().where(workshops.c.id == workshop_id).values(follow_up_on=follow_up))

    op.create_table(
        "follow_ups",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("actions_done", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("confidence BETWEEN 1 AND 5", name=op.f("ck_follow_ups_confidence_range")),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_follow_ups_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshops.id"], name=op.f("fk_follow_ups_workshop_id_workshops"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_follow_ups")),
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_ups_workshop_id"), ["workshop_id"], unique=False)


def downgrade():
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_ups_workshop_id"))
    op.drop_table("follow_ups")

    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_column("follow_up_on")
