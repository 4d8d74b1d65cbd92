"""mining-ui: task_events.detail — the counters of a progress step that are not a page's
blocks and images (a mining job's pages parsed, sections, clusters, templates written)

Revision ID: 0009_mining_ui
Revises: 0008_feedback
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0009_mining_ui'
down_revision = '0008_feedback'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('task_events', sa.Column('detail', postgresql.JSONB(astext_type=sa.Text()),
                                           nullable=True))


def downgrade() -> None:
    op.drop_column('task_events', 'detail')
