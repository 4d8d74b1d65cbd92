"""The Alembic migrations build exactly the schema the models describe, and unwind."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from infra.db.models import Base
from infra.db.session import make_engine
from migrations.apply import alembic_config, upgrade
from tests.integration.support import create_database, drop_database, execute, query

pytestmark = pytest.mark.integration


def test_migrations_match_the_models_and_downgrade_cleanly(pg_admin_url):
    url = create_database(pg_admin_url)
    try:
        upgrade(url)
        engine = make_engine(url, pooled=False)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        command.downgrade(alembic_config(url), "base")
        upgrade(url)
        engine.dispose()
    finally:
        drop_database(pg_admin_url, url)


PREVIOUS = "0009_mining_ui"  # the head before the page store migration
_PAGE = ("INSERT INTO product_details (id, user_id, task_id, title, status, html_list, html, css, "
         "plan, blocks, cost, version) VALUES (%s, 'mig', %s, %s, %s, %s, %s, '.c{}', "
         "'{\"blocks\": []}', '[]', %s, %s)")
_VERSION = ("INSERT INTO page_versions (page_id, version, task_id, note, title, status, html_list, "
            "html, css, plan, blocks, images, parts) VALUES (%s, %s, %s, 'n', %s, 'draft', %s, "
            "%s, '.c{}', '{\"blocks\": []}', '[]', '[]', '{\"blocks\": {}}')")


def test_the_page_store_migration_moves_pages_into_versions_and_back(pg_admin_url):
    """0010 (pages-store) over data written by the previous schema: a page with two versions
    (generated, then edited), and a page stored before versions existed, with an image."""
    url = create_database(pg_admin_url)
    try:
        upgrade(url, PREVIOUS)
        execute(url, _PAGE, (1, "t-1", "편집된 제목", "published", '["<p>v2</p>"]', "<p>v2</p>",
                             '{"total": {"usd": 0.5}}', 2))
        execute(url, _VERSION, (1, 1, None, "처음 제목", '["<p>v1</p>"]', "<p>v1</p>"))
        execute(url, _VERSION, (1, 2, "edit-1", "편집된 제목", '["<p>v2</p>"]', "<p>v2</p>"))
        execute(url, _PAGE, (2, "t-2", "오래된 페이지", "draft", '["<p>old</p>"]', "<p>old</p>",
                             None, 1))
        execute(url, "INSERT INTO product_images (product_detail_id, user_id, idx, image_type, "
                     "url, alt, mime, width, height) VALUES (2, 'mig', 0, 'GENERATED', "
                     "'/media/a.png', 'a', 'image/png', 10, 10)")

        upgrade(url)
        rows = query(url, "SELECT d.id, d.current_version, v.title, v.status, v.html, v.task_id, "
                          "v.cost, v.images FROM product_details d JOIN page_versions v "
                          "ON v.page_id = d.id AND v.version = d.current_version ORDER BY d.id")
        assert [r[:6] for r in rows] == [(1, 2, "편집된 제목", "published", "<p>v2</p>", "edit-1"),
                                         (2, 1, "오래된 페이지", "draft", "<p>old</p>", "t-2")]
        assert rows[1][7][0]["url"] == "/media/a.png"  # its image rows became the version's
        first = query(url, "SELECT task_id, cost, html FROM page_versions "
                           "WHERE page_id = 1 AND version = 1")[0]
        assert first == ("t-1", {"total": {"usd": 0.5}}, "<p>v1</p>")  # origin task, its cost
        columns = {c for (c,) in query(url, "SELECT column_name FROM information_schema.columns "
                                            "WHERE table_name = 'product_details'")}
        assert not columns & {"title", "html", "html_list", "css", "plan", "blocks", "cost"}

        command.downgrade(alembic_config(url), PREVIOUS)
        back = query(url, "SELECT id, version, title, status, html, cost FROM product_details "
                          "ORDER BY id")
        assert back == [(1, 2, "편집된 제목", "published", "<p>v2</p>", {"total": {"usd": 0.5}}),
                        (2, 1, "오래된 페이지", "draft", "<p>old</p>", None)]
    finally:
        drop_database(pg_admin_url, url)


def test_downgrading_version_parts_by_task_writes_the_tasks_parts_back(pg_admin_url):
    """0011: a version made by a task stores no parts (NULL, read from task_parts); going
    back to 0010 copies that task's parts into the row before the column is NOT NULL."""
    url = create_database(pg_admin_url)
    try:
        upgrade(url)
        execute(url, "INSERT INTO tasks (id, user_id, status, stage, progress, request, "
                     "blocks_total, images_total, blocks_done, images_done, redrives) "
                     "VALUES ('t-9', 'mig', 'completed', 'done', 100, '{}', 2, 1, 2, 1, 0)")
        for kind, idx, payload in (("block", 0, '{"html": "<p>a</p>"}'),
                                   ("block", 1, '{"html": "<p>b</p>"}'),
                                   ("image", 0, '{"url": "/media/i.png"}')):
            execute(url, "INSERT INTO task_parts (task_id, kind, idx, payload) "
                         "VALUES ('t-9', %s, %s, %s)", (kind, idx, payload))
        # One transaction: the page's pointer to its version is checked at commit.
        execute(url, "INSERT INTO product_details (id, user_id, task_id, current_version) "
                     "VALUES (9, 'mig', 't-9', 1); "
                     + _VERSION.replace("'{\"blocks\": {}}')", "NULL)"),
                (9, 1, "t-9", "제목", '["<p>a</p>"]', "<p>a</p>"))
        command.downgrade(alembic_config(url), "0010_pages_store")
        parts = query(url, "SELECT parts FROM page_versions WHERE page_id = 9")[0][0]
        assert parts == {"blocks": {"0": {"html": "<p>a</p>"}, "1": {"html": "<p>b</p>"}},
                         "images": {"0": {"url": "/media/i.png"}}}
    finally:
        drop_database(pg_admin_url, url)
