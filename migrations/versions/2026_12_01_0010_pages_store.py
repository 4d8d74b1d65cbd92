"""pages-store: a page's content is stored once, in page_versions; product_details keeps the
page's identity and a pointer to its current version; variants record their source page;
product_details.product_id is indexed (a product's page is looked up at assembly)

Before: product_details held the current page and page_versions a full copy of every state
(the current one included). After: product_details.current_version names the row
(page_id, version) that is the page today (deferred composite foreign key), the content
columns and cost move to the versions, variant_of / variant_label are new.

Data: a page with no version row for its current number (pages stored before versions
existed) gets one built from its row and image rows; the current version's content is set
to the page row's (the page row was the truth for what the seller saw); version 1 takes the
page's origin task id when free, and the page's cost goes to the version its task made.

Revision ID: 0010_pages_store
Revises: 0009_mining_ui
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0010_pages_store'
down_revision = '0009_mining_ui'
branch_labels = None
depends_on = None

CONTENT = ('title', 'status', 'html_list', 'html', 'css', 'plan', 'blocks')
_IMAGES = """COALESCE((SELECT jsonb_agg(jsonb_build_object(
    'idx', i.idx, 'image_type', i.image_type, 'url', i.url, 'provider_url', i.provider_url,
    'alt', i.alt, 'prompt', i.prompt, 'mime', i.mime, 'width', i.width, 'height', i.height,
    'size_bytes', i.size_bytes) ORDER BY i.idx)
    FROM product_images i WHERE i.product_detail_id = d.id), '[]'::jsonb)"""


def upgrade() -> None:
    op.add_column('page_versions', sa.Column('cost', postgresql.JSONB(astext_type=sa.Text()),
                                             nullable=True))
    cols = ', '.join(CONTENT)
    op.execute(f"""
        INSERT INTO page_versions (page_id, version, task_id, note, {cols}, images, parts)
        SELECT d.id, d.version,
               CASE WHEN EXISTS (SELECT 1 FROM page_versions w WHERE w.task_id = d.task_id)
                    THEN NULL ELSE d.task_id END,
               '이전 저장본', {', '.join('d.' + c for c in CONTENT)}, {_IMAGES}, '{{}}'::jsonb
        FROM product_details d
        WHERE NOT EXISTS (SELECT 1 FROM page_versions v
                          WHERE v.page_id = d.id AND v.version = d.version)""")
    op.execute(f"""
        UPDATE page_versions v SET {', '.join(f'{c} = d.{c}' for c in CONTENT)}
        FROM product_details d WHERE v.page_id = d.id AND v.version = d.version""")
    op.execute("""
        UPDATE page_versions v SET task_id = d.task_id
        FROM product_details d
        WHERE v.page_id = d.id AND v.version = 1 AND v.task_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM page_versions w WHERE w.task_id = d.task_id)""")
    op.execute("""
        UPDATE page_versions v SET cost = d.cost
        FROM product_details d WHERE v.page_id = d.id AND v.task_id = d.task_id""")
    op.alter_column('product_details', 'version', new_column_name='current_version',
                    existing_type=sa.Integer(), existing_nullable=False)
    for column in (*CONTENT, 'cost'):
        op.drop_column('product_details', column)
    op.add_column('product_details', sa.Column('variant_of', sa.BigInteger(), nullable=True))
    op.add_column('product_details', sa.Column('variant_label', sa.String(length=100),
                                               nullable=True))
    op.create_foreign_key(op.f('fk_product_details_variant_of_product_details'),
                          'product_details', 'product_details', ['variant_of'], ['id'],
                          ondelete='SET NULL')
    op.create_index(op.f('ix_product_details_variant_of'), 'product_details', ['variant_of'],
                    unique=False)
    op.create_index(op.f('ix_product_details_product_id'), 'product_details', ['product_id'],
                    unique=False)
    op.create_foreign_key('fk_product_details_current_version', 'product_details',
                          'page_versions', ['id', 'current_version'], ['page_id', 'version'],
                          deferrable=True, initially='DEFERRED')


def downgrade() -> None:
    op.drop_constraint('fk_product_details_current_version', 'product_details',
                       type_='foreignkey')
    op.drop_index(op.f('ix_product_details_product_id'), table_name='product_details')
    op.drop_index(op.f('ix_product_details_variant_of'), table_name='product_details')
    op.drop_constraint(op.f('fk_product_details_variant_of_product_details'), 'product_details',
                       type_='foreignkey')
    op.drop_column('product_details', 'variant_label')
    op.drop_column('product_details', 'variant_of')
    op.alter_column('product_details', 'current_version', new_column_name='version',
                    existing_type=sa.Integer(), existing_nullable=False)
    types = {'title': sa.String(length=300), 'status': sa.String(length=16), 'html': sa.Text(),
             'css': sa.Text()}
    for column in CONTENT:
        op.add_column('product_details', sa.Column(
            column, types.get(column, postgresql.JSONB(astext_type=sa.Text())), nullable=True))
    op.add_column('product_details', sa.Column('cost', postgresql.JSONB(astext_type=sa.Text()),
                                               nullable=True))
    op.execute(f"""
        UPDATE product_details d SET {', '.join(f'{c} = v.{c}' for c in CONTENT)}
        FROM page_versions v WHERE v.page_id = d.id AND v.version = d.version""")
    op.execute("""
        UPDATE product_details d SET cost = v.cost
        FROM page_versions v WHERE v.task_id = d.task_id""")
    for column in CONTENT:
        op.alter_column('product_details', column, nullable=False)
    op.drop_column('page_versions', 'cost')
