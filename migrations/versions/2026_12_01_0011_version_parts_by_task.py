"""version parts by task: a page version made by a task no longer copies the task's raw
parts; ``page_versions.parts`` is NULL for it and the parts are read from ``task_parts`` by
the version's task_id (infra/db/page_versions.py parts_of). Hand edits, reverts and status
changes (no task of their own) keep theirs in the row.

Data: existing rows keep their copies (they read the same either way). Downgrade writes the
task's parts back into every NULL row before the column is NOT NULL again.

Revision ID: 0011_version_parts_by_task
Revises: 0010_pages_store
Create Date: 2026-12-01
"""
from alembic import op

revision = '0011_version_parts_by_task'
down_revision = '0010_pages_store'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column('page_versions', 'parts', nullable=True)


def downgrade() -> None:
    op.execute("""
        UPDATE page_versions v SET parts = jsonb_build_object(
            'blocks', COALESCE((SELECT jsonb_object_agg(p.idx::text, p.payload) FROM task_parts p
                                WHERE p.task_id = v.task_id AND p.kind = 'block'), '{}'::jsonb),
            'images', COALESCE((SELECT jsonb_object_agg(p.idx::text, p.payload) FROM task_parts p
                                WHERE p.task_id = v.task_id AND p.kind = 'image'), '{}'::jsonb))
        WHERE v.parts IS NULL""")
    op.alter_column('page_versions', 'parts', nullable=False)
