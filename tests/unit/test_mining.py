"""Template mining (mining/): segmentation that ignores class names and wrappers, item shapes
that agree across tables and lists, inline styles → style families, and the whole miner on a
labelled corpus of 220 pages (clusters vs truth, templates that validate and render)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mining import corpus, measure, run
from mining.features import describe, find_units
from mining.segment import page_sections
from mining.styles import family
from pagelogic.library.folder import read_library
from pagelogic.library.preview import render_preview_block
from pdp.cli import app

SPECS = [("용량", "50ml"), ("제조국", "대한민국"), ("무게", "320g")]


def _page(sections: list[str], wrappers: int = 0) -> str:
    body = "".join(sections)
    for depth in range(wrappers):
        body = f'<div class="w{depth}" id="x{depth}">{body}</div>'
    return f"<html><head><style>p{{}}</style></head><body>{body}<script>1</script></body></html>"


def test_wrapper_divs_and_class_names_do_not_change_the_sections():
    plain = ["<div><h2>제품 특징</h2><ul><li>가볍다</li><li>튼튼하다</li></ul></div>",
             "<div><img src='a.jpg'></div>", "<section><h2>FAQ</h2><p>Q. 되나요?</p></section>"]
    renamed = [s.replace("<div>", '<div class="prd_zz91" style="padding:4px">') for s in plain]
    for html in (_page(plain), _page(renamed, wrappers=3)):
        found = page_sections(html)
        assert [describe(s).heading for s in found] == ["제품 특징", "", "FAQ"]
        assert describe(found[1]).images == 1 and not describe(found[1]).text


def test_a_flat_page_is_split_at_its_headings_and_pictures_stay_with_their_heading():
    html = ("<body><h1>상품</h1><p>요약</p><img src=a.jpg><h2>사용 방법</h2><ol><li>바른다</li>"
            "<li>말린다</li></ol><h2>주의사항</h2><p>눈에 들어가지 않게 하세요.</p></body>")
    found = [describe(s) for s in page_sections(html)]
    assert [s.heading for s in found] == ["상품", "사용 방법", "주의사항"]
    assert found[0].images == 1


def test_a_table_a_definition_list_and_a_list_give_the_same_label_value_items():
    table = "<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in SPECS) + "</table>"
    dl = "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in SPECS) + "</dl>"
    ul = "<ul>" + "".join(f"<li><span>{k}</span><span>{v}</span></li>" for k, v in SPECS) + "</ul>"
    kinds = []
    for html in (table, dl, ul):
        units = find_units(page_sections(f"<body><div><h2>사양</h2>{html}</div><p>x</p></body>")[0])
        assert units.fields == [[k, v] for k, v in SPECS]
        kinds.append(units.kind)
    assert kinds == ["table", "dl", "ul"]


@pytest.mark.parametrize("styles,expected", [
    (["background:#111;color:#fff"], "bold"),
    (["border-radius:20px;background:#fff"], "soft"),
    (["background:#f7f3ec;border-radius:24px"], "warm"),
    (["font-family:serif;letter-spacing:2px"], "editorial"),
    (["border-top:1px solid #ddd"], "minimal"),
    ([], None),
])
def test_inline_styles_map_to_the_library_style_family_that_draws_alike(styles, expected):
    assert family(styles) == expected


@pytest.fixture(scope="module")
def mined(tmp_path_factory) -> tuple[list[corpus.Page], Path, measure.Figures]:
    pages = corpus.build(count=220, seed=7)
    folder = tmp_path_factory.mktemp("corpus")
    return pages, folder, measure.measure(pages, folder)


def test_the_corpus_has_many_layouts_and_labelled_sections(mined):
    pages, _, figures = mined
    assert len(pages) >= 200 and figures.sections >= 1000
    assert {label for p in pages for label in p.labels} >= {
        "Introduction", "KeyFeatures", "Specifications", "UsageGuide", "Comparison",
        "BrandStory", "FAQ", "Notice", "Image"}
    assert any(p.name.startswith("hand-") for p in pages)


def test_section_clusters_agree_with_the_true_block_types(mined):
    _, _, figures = mined
    assert figures.misaligned_pages == 0
    assert figures.ari >= 0.8, figures
    assert figures.pass_share >= 0.9, figures


def test_mine_writes_an_importable_library_and_a_report(mined, tmp_path):
    pages, folder, _ = mined
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["templates", "mine", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / run.REPORT).read_text(encoding="utf-8"))
    assert len(report["sections"]) == sum(len(p.labels) for p in pages)
    first = [s for s in report["sections"] if s["page"] == pages[0].name]
    assert [s["index"] for s in first] == list(range(len(pages[0].labels)))
    library = read_library(out)
    by_file = {t.key + ".html": t for t in library.templates}
    for cluster in report["clusters"]:
        assert cluster["size"] == sum(s["cluster"] == cluster["id"] for s in report["sections"])
        assert (cluster["template"] is None) == (cluster["rejected"] is not None)
        if cluster["template"]:
            assert (out / cluster["template"]).is_file()
            assert by_file[cluster["template"]].block_type == cluster["block_type"]
    assert {t.category for t in library.templates} == {"mined"}


def test_every_mined_template_renders_its_sample_values_with_the_library_markup(mined, tmp_path):
    _, folder, _ = mined
    outcome = run.mine(run.segment_pages(run.read_pages(folder)))
    run.write(tmp_path, outcome)
    for template in read_library(tmp_path).templates:
        html = render_preview_block(template.html, template.block_type, template.slots)
        assert f'data-block-type="{template.block_type}"' in html
        assert "style=" not in html and "{{" not in html
        sample = next((s["sample"] for s in template.slots if s["name"] in ("heading", "headline")
                       and s.get("sample")), None)
        if sample:
            assert sample.replace("&", "&amp;") in html


def test_a_fixed_cluster_count_is_used_and_a_bad_one_is_refused(mined, tmp_path):
    _, folder, _ = mined
    runner = CliRunner()
    done = runner.invoke(app, ["templates", "mine", str(folder), "--out", str(tmp_path / "o"),
                               "--clusters", "9"])
    assert done.exit_code == 0, done.output
    report = json.loads((tmp_path / "o" / run.REPORT).read_text(encoding="utf-8"))
    assert len(report["clusters"]) == 9
    bad = runner.invoke(app, ["templates", "mine", str(folder), "--out", str(tmp_path / "b"),
                              "--clusters", "many"])
    assert bad.exit_code != 0 and "--clusters" in bad.output


def test_a_template_that_fails_validation_is_reported_as_rejected_with_the_reason(monkeypatch):
    from mining import templatize

    build = templatize.build

    def styled(*args, **kwargs):  # what a careless conversion would keep from the crawl
        mined = build(*args, **kwargs)
        mined.html = mined.html.replace("<h2 ", '<h2 style="color:red" ', 1)
        return mined

    monkeypatch.setattr(templatize, "build", styled)
    html = "<body><div><h2>자주 묻는 질문</h2><dl><dt>Q. 되나요?</dt><dd>네.</dd><dt>Q. 언제요?</dt>" \
           "<dd>내일요.</dd></dl></div><div><img src=a.jpg></div></body>"
    located = [run.Located("p.html", i, describe(s)) for i, s in enumerate(page_sections(html))]
    outcome = run.mine(located, k=2)
    faq = next(c for c in outcome.report["clusters"] if c["block_type"] == "FAQ")
    assert faq["template"] is None and faq["rejected"].startswith("style:")


def test_the_cli_gateway_and_worker_do_not_load_scikit_learn():
    import subprocess
    import sys

    # The worker loads it with its first mining job (mining/job.py), not at start.
    code = ("import sys, pdp.cli, gateway.app, processors.app; "
            "assert 'sklearn' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_type_of_nearly_every_section_is_inferred_right(mined):
    assert mined[2].type_accuracy >= 0.9


def _shop_page(kinds: list[str], seed: int) -> str:
    import random

    from mining.corpus_content import PRODUCTS
    from mining.corpus_layouts import FAMILIES, Skin

    rng = random.Random(seed)
    skin = Skin(rng)
    return "<body>" + "".join(f"<div>{FAMILIES[k][0](PRODUCTS[seed % 6], skin, rng)}</div>"
                              for k in kinds) + "</body>"


def test_frequent_block_orders_per_category_become_template_sets(tmp_path):
    beauty = ["Introduction", "KeyFeatures", "UsageGuide", "FAQ"]
    food = ["Introduction", "Specifications", "Notice"]
    for i in range(6):
        for category, kinds in (("뷰티", beauty), ("식품", food)):
            (tmp_path / "pages" / category).mkdir(parents=True, exist_ok=True)
            (tmp_path / "pages" / category / f"{i}.html").write_text(
                _shop_page(kinds, i), encoding="utf-8")
    outcome = run.mine(run.segment_pages(run.read_pages(tmp_path / "pages")))
    run.write(tmp_path / "out", outcome)
    sets = {s["category"]: s for s in outcome.report["sets"]}
    assert sets["뷰티"]["order"] == beauty and sets["식품"]["order"] == food
    assert sets["뷰티"]["support"] >= 4  # of 6 pages (a tiny corpus clusters less cleanly)
    library = read_library(tmp_path / "out")
    keys = {t.key: t.block_type for t in library.templates}
    stored = {s["category"]: s for s in library.sets}
    assert [keys[k] for k in stored["식품"]["templates"]] == food


def test_pages_drawn_by_the_starter_library_are_mined_back_into_their_block_types(tmp_path):
    figures = measure.measure(corpus.library_pages(count=60, seed=1), tmp_path)
    assert figures.misaligned_pages == 0
    assert figures.ari >= 0.9 and figures.type_accuracy >= 0.95, figures
    assert figures.passed == figures.templates


def test_an_euc_kr_page_is_read_with_its_declared_charset(tmp_path):
    html = '<html><head><meta charset="euc-kr"></head><body><h2>자주 묻는 질문</h2></body></html>'
    (tmp_path / "old.html").write_bytes(html.encode("euc-kr"))
    (tmp_path / "new.html").write_text(html, encoding="utf-8")
    assert run.read_html(tmp_path / "old.html") == run.read_html(tmp_path / "new.html") == html
