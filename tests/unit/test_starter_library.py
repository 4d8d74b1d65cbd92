"""The starter library kept as files: big enough, covering every block type in several
visual styles, with a template set per category, and every template valid."""

from __future__ import annotations

from collections import Counter

from infra.db.seed import STARTER_DIR
from pagelogic.library.folder import read_library, write_library
from pagelogic.library.validate import validate_template
from pagelogic.plan.logic import BLOCK_ORDER
from pagelogic.plan.style import choose_style
from tests.e2e.starter_pages import product_page, sample_requests

CATEGORIES = {"생활용품", "전자기기", "식품", "패션의류", "뷰티", "스포츠/레저"}


def test_library_has_40_templates_all_block_types_and_3_styles_per_type():
    library = read_library(STARTER_DIR)
    assert len(library.templates) >= 40
    assert len({t.key for t in library.templates}) == len(library.templates)
    per_type = Counter(t.block_type for t in library.templates)
    # InfoNotice is not planned from facts (it ends every page), but has library templates.
    assert set(per_type) == {b.value for b in BLOCK_ORDER} | {"InfoNotice"}
    for block_type in per_type:
        styles = {t.style for t in library.templates if t.block_type == block_type}
        assert len(styles) >= 3, block_type


def test_every_starter_template_passes_validation():
    for t in read_library(STARTER_DIR).templates:
        validate_template(t.block_type, t.html, t.slots)


def test_every_category_has_a_set_of_existing_templates():
    library = read_library(STARTER_DIR)
    keys = {t.key for t in library.templates}
    assert CATEGORIES <= {s["category"] for s in library.sets}
    for template_set in library.sets:
        assert template_set["templates"] and set(template_set["templates"]) <= keys


def test_every_template_renders_every_sample_product():
    for name, request in sample_requests().items():
        html, keys = product_page(request)
        assert html.count('class="tpl-check"') == len(keys) >= 40, name
        assert "pdp-image://" not in html  # every image slot got a real (inlined) image


def test_export_writes_a_folder_that_reads_back_identically(tmp_path):
    library = read_library(STARTER_DIR)
    write_library(tmp_path, library)
    again = read_library(tmp_path)
    assert [(t.key, t.html.rstrip(), t.slots) for t in again.templates] == \
        [(t.key, t.html.rstrip(), t.slots) for t in library.templates]
    assert again.sets == library.sets


def test_categories_ask_for_different_styles():
    from pagelogic.library.search import style_query

    queries = {c: style_query(choose_style(None, c), c) for c in CATEGORIES}
    assert len(set(queries.values())) == len(CATEGORIES)
