"""chores: the row that lets one process at a time erase expired workshops

Revision ID: 543c88558e1a
Revises: 07771a1b4b0e
Create Date: 2026-12-03 15:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '543c88558e1a'
down_revision = '07771a1b4b0e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('chores',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('ran_at', sa.DateTime(), nullable=True),
    sa.Column('held_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_chores'))
    )


def downgrade():
    op.drop_table('chores')
