"""page cost and request dedupe hash

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 18:20:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Estimated provider cost of a page (tokens, images, USD; per plan/block/image).
    op.add_column('product_details',
                  sa.Column('cost', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    # Request dedupe (gateway/dedupe.py): identical finished requests reuse their page.
    op.add_column('tasks', sa.Column('input_hash', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_tasks_input_hash'), 'tasks', ['input_hash'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_tasks_input_hash'), table_name='tasks')
    op.drop_column('tasks', 'input_hash')
    op.drop_column('product_details', 'cost')
