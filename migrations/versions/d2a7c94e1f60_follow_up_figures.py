"""follow-up figures: a revision counter for each participant's follow-up answer

The room's follow-up figures go through the release discipline like every other figure
(services.releases): a participant's follow-up answer gets its own revision counter.
Follow-up answers stored before this start at revision 1, so the next release that k
people's follow-ups earn takes them in.

Revision ID: d2a7c94e1f60
Revises: d2a9c4e7b810
Create Date: 2026-12-04 16:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d2a7c94e1f60"
down_revision = "d2a9c4e7b810"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow_up_revision", sa.Integer(), server_default="0", nullable=False))
    op.execute(
        "UPDATE participants SET follow_up_revision = 1 "
        "WHERE EXISTS (SELECT 1 FROM follow_ups f WHERE f.participant_id = participants.id)"
    )


def downgrade():
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("follow_up_revision")
