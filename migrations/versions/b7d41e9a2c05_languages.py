"""languages: a workshop's language, and the language each phone chose

`workshops.language` is the room's language (projector, printed cards, the phones' first
guess); `participants.language` is the one a phone chose or was first shown, which its plan
is written in (NULL: the workshop's).

Revision ID: b7d41e9a2c05
Revises: b3d81f0c6a2e
Create Date: 2026-12-08 10:12:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7d41e9a2c05'
down_revision = 'b3d81f0c6a2e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), server_default='en', nullable=False))


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('language')

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('language')
