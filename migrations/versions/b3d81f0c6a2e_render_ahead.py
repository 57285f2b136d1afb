"""render ahead: plans rendered before the plan phase, and served from their stored build

`participants.plan_due_at` says when a participant's plan is due to be rendered ahead;
`workshops.plans_release` names the release the plans use; `workshops.plan_shared` keeps
what every plan of the workshop shares; `plans.plan_json` keeps the built plan.

Revision ID: b3d81f0c6a2e
Revises: 65a576f163c9
Create Date: 2026-12-04 17:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3d81f0c6a2e'
down_revision = '65a576f163c9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_due_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_participants_plan_due_at'), ['plan_due_at'], unique=False)

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plans_release', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('plan_shared', sa.Text(), server_default='', nullable=False))

    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_json', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_column('plan_json')

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('plan_shared')
        batch_op.drop_column('plans_release')

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_plan_due_at'))
        batch_op.drop_column('plan_due_at')
