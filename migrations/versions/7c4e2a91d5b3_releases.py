"""releases: per-kind revision counters (and their log) on participants, the releases table, suggested themes

Every figure a screen shows now comes from a stored release (services/releases.py). A
participant carries one revision counter per kind of data; `contributed_at` goes. Existing
answers start at revision 1, so the first release after the upgrade takes them in.

Revision ID: 7c4e2a91d5b3
Revises: 543c88558e1a
Create Date: 2026-12-01 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7c4e2a91d5b3'
down_revision = '543c88558e1a'
branch_labels = None
depends_on = None

KINDS = ('before', 'story', 'themes', 'ratings', 'after')
# Which existing rows mean a participant already has that kind of data.
HAS = {
    'before': 'confidence_before IS NOT NULL',
    'story': 'EXISTS (SELECT 1 FROM stories s WHERE s.participant_id = participants.id)',
    'themes': 'EXISTS (SELECT 1 FROM participant_themes t WHERE t.participant_id = participants.id)',
    'ratings': 'EXISTS (SELECT 1 FROM stage_ratings r WHERE r.participant_id = participants.id)',
    'after': 'confidence_after IS NOT NULL',
}


def upgrade():
    op.create_table('releases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('figures', sa.Text(), nullable=False),
    sa.Column('covered', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_releases_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_releases')),
    sa.UniqueConstraint('workshop_id', 'seq', name=op.f('uq_releases_workshop_id_seq'))
    )
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_releases_workshop_id'), ['workshop_id'], unique=False)

    with op.batch_alter_table('participants', schema=None) as batch_op:
        for kind in KINDS:
            batch_op.add_column(sa.Column(f'{kind}_revision', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('revision_log', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('suggested', sa.Text(), server_default='', nullable=False))
        batch_op.drop_index('ix_participants_workshop_contributed')
        batch_op.drop_column('contributed_at')
    for kind in KINDS:
        op.execute(f'UPDATE participants SET {kind}_revision = 1 WHERE {HAS[kind]}')


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contributed_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_participants_workshop_contributed', ['workshop_id', 'contributed_at'], unique=False)
        batch_op.drop_column('suggested')
        batch_op.drop_column('revision_log')
        for kind in KINDS:
            batch_op.drop_column(f'{kind}_revision')

    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_releases_workshop_id'))

    op.drop_table('releases')
