"""index for the gateway's per-user in-flight check

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # admission() counts a user's pending/processing tasks on every request.
    op.create_index('ix_tasks_user_status', 'tasks', ['user_id', 'status'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_tasks_user_status', table_name='tasks')
