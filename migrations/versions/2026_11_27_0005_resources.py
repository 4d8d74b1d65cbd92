"""page versions, edit tasks and uploaded images

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 18:25:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('page_versions',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('page_id', sa.BigInteger(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.String(length=32), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('html_list', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('css', sa.Text(), nullable=False),
    sa.Column('plan', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('blocks', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('images', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('parts', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['page_id'], ['product_details.id'], name=op.f('fk_page_versions_page_id_product_details'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_versions')),
    sa.UniqueConstraint('page_id', 'version', name='uq_page_versions_key'),
    sa.UniqueConstraint('task_id', name=op.f('uq_page_versions_task_id'))
    )
    op.add_column('tasks', sa.Column('edit_page_id', sa.BigInteger(), nullable=True))
    op.create_foreign_key(op.f('fk_tasks_edit_page_id_product_details'), 'tasks', 'product_details', ['edit_page_id'], ['id'], ondelete='CASCADE')
    op.alter_column('product_images', 'product_detail_id', existing_type=sa.BigInteger(), nullable=True)
    op.add_column('product_images', sa.Column('size_bytes', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('product_images', 'size_bytes')
    op.execute("DELETE FROM product_images WHERE product_detail_id IS NULL")
    op.alter_column('product_images', 'product_detail_id', existing_type=sa.BigInteger(), nullable=False)
    op.drop_constraint(op.f('fk_tasks_edit_page_id_product_details'), 'tasks', type_='foreignkey')
    op.drop_column('tasks', 'edit_page_id')
    op.drop_table('page_versions')
