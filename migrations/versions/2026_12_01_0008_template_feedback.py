"""template feedback: sellers' ratings, edit signals, and the cursor over page versions

Revision ID: 0008_feedback
Revises: 0007
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_feedback'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'template_feedback',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('page_id', sa.BigInteger(), nullable=False),
        sa.Column('user_id', sa.String(length=128), nullable=False),
        sa.Column('block_index', sa.Integer(), nullable=False),
        sa.Column('template_id', sa.Integer(), nullable=True),
        sa.Column('template_version', sa.Integer(), nullable=True),
        sa.Column('rating', sa.SmallInteger(), nullable=False),
        sa.Column('reason', sa.String(length=300), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'),
                  nullable=False),
        sa.ForeignKeyConstraint(['page_id'], ['product_details.id'],
                                name=op.f('fk_template_feedback_page_id_product_details'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['template_id'], ['templates.id'],
                                name=op.f('fk_template_feedback_template_id_templates'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_template_feedback')),
    )
    op.create_index(op.f('ix_template_feedback_template_id'), 'template_feedback',
                    ['template_id'])
    # One current rating per seller, page and block (block -1: the whole page).
    op.create_index('uq_template_feedback_rating', 'template_feedback',
                    ['page_id', 'user_id', 'block_index'], unique=True)
    op.create_table(
        'template_signals',
        sa.Column('id', sa.BigInteger(), nullable=False),
        sa.Column('template_id', sa.Integer(), nullable=False),
        sa.Column('template_version', sa.Integer(), nullable=True),
        sa.Column('page_version_id', sa.BigInteger(), nullable=False),
        sa.Column('block_index', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('weight', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['template_id'], ['templates.id'],
                                name=op.f('fk_template_signals_template_id_templates'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['page_version_id'], ['page_versions.id'],
                                name=op.f('fk_template_signals_page_version_id_page_versions'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_template_signals')),
    )
    op.create_index(op.f('ix_template_signals_template_id'), 'template_signals', ['template_id'])
    op.create_index('uq_template_signals_once', 'template_signals',
                    ['page_version_id', 'block_index', 'kind'], unique=True)
    op.create_table(
        'template_signal_cursor',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('last_version_id', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_template_signal_cursor')),
    )
    op.execute("INSERT INTO template_signal_cursor (id, last_version_id) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table('template_signal_cursor')
    op.drop_index('uq_template_signals_once', table_name='template_signals')
    op.drop_index(op.f('ix_template_signals_template_id'), table_name='template_signals')
    op.drop_table('template_signals')
    op.drop_index('uq_template_feedback_rating', table_name='template_feedback')
    op.drop_index(op.f('ix_template_feedback_template_id'), table_name='template_feedback')
    op.drop_table('template_feedback')
