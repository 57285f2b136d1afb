"""rehearsals: a workshop may be a practice copy of another, with sample participants

`workshops.rehearsal_of` names the real workshop a rehearsal copies (one rehearsal at a
time, erased with it); `participants.sample` marks the made-up people a rehearsal is filled
with, whose plans the coach may open.

Revision ID: 65a576f163c9
Revises: 7c4e2a91d5b3
Create Date: 2026-12-03 16:31:39.978857

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '65a576f163c9'
down_revision = '7c4e2a91d5b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sample', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rehearsal_of', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_workshops_rehearsal_of'), ['rehearsal_of'])
        batch_op.create_foreign_key(
            batch_op.f('fk_workshops_rehearsal_of_workshops'), 'workshops', ['rehearsal_of'], ['id'], ondelete='CASCADE'
        )


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_workshops_rehearsal_of_workshops'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_workshops_rehearsal_of'), type_='unique')
        batch_op.drop_column('rehearsal_of')

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('sample')
