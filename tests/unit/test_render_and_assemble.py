"""Templates render in a sandbox; hostile content ends up as text; assembly swaps images."""

from __future__ import annotations

import pytest

from pagelogic.assemble.logic import assemble_page, standalone_document
from pagelogic.blocks.render import TemplateRenderError, render_block
from pagelogic.export import inline_images
from pagelogic.facts.extract import extract_facts
from pagelogic.plan.logic import plan_page
from pagelogic.sanitize import sanitize_html
from schemas.api import GenerationRequest
from schemas.blocks import QA, FAQSlots, ImageSlot, IntroductionSlots

INTRO = '<section><h1>{{ s.headline }}</h1>{% if s.image %}<img src="{{ image_src(s.image) }}" alt="{{ s.image.alt }}">{% endif %}</section>'


def test_slot_values_are_escaped_not_executed():
    html = render_block(INTRO, IntroductionSlots(headline='<script>alert(1)</script><img src=x onerror=alert(1)>'),
                        index=0, block_type="Introduction")
    assert "<script" not in html and "<img" not in html  # no element was created
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror" in html  # shown as text


@pytest.mark.parametrize("template", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ s.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
])
def test_sandbox_refuses_template_escapes(template):
    with pytest.raises(TemplateRenderError):
        render_block(template, IntroductionSlots(headline="x"), index=0, block_type="Introduction")


def test_template_markup_is_sanitized_too():
    template = '<section onclick="x()"><a href="javascript:alert(1)">a</a><script>bad()</script>{{ s.headline }}</section>'
    html = render_block(template, IntroductionSlots(headline="ok"), index=0, block_type="Introduction")
    assert "onclick" not in html and "javascript:" not in html and "<script" not in html
    assert "ok" in html


def test_image_reference_scheme_only_survives_inside_blocks():
    assert "pdp-image://0" in sanitize_html('<img src="pdp-image://0" alt="a">', allow_image_refs=True)
    assert "pdp-image" not in sanitize_html('<img src="pdp-image://0" alt="a">')
    assert "data:" not in sanitize_html('<img src="data:image/svg+xml;base64,AAAA" alt="a">')


def test_assembly_swaps_image_refs_for_stored_urls_and_keeps_plan_order():
    facts = extract_facts(GenerationRequest(product_data="크림\n가격: 1,000원\n- 고보습",
                                            features=["고보습"]))
    plan = plan_page(facts)
    blocks = {b.index: {"html": render_block(INTRO, IntroductionSlots(
        headline=f"block {b.index}", image=ImageSlot(ref=0, alt="대표")), index=b.index,
        block_type="Introduction")} for b in reversed(plan.blocks)}
    images = {0: {"index": 0, "url": "/media/aa/img.svg", "alt": "대표"}}
    page = assemble_page(plan, blocks, images)
    assert [f"block {b.index}" in h for b, h in zip(plan.blocks, page.html_list)] == [True] * len(plan.blocks)
    assert 'src="/media/aa/img.svg"' in page.html and "pdp-image" not in page.html
    assert "--pdp-primary:#" in page.css


def test_standalone_document_inlines_images_and_forbids_scripts():
    html = inline_images('<img src="/media/aa/x.svg" alt="a">', lambda url: (b"<svg/>", "image/svg+xml"))
    assert 'src="data:image/svg+xml;base64,' in html
    document = standalone_document("제목 <b>", "", html)
    assert "default-src 'none'" in document and "<title>제목 &lt;b&gt;</title>" in document


def test_faq_slots_render():
    template = "{% for item in s.items %}<details><summary>{{ item.question }}</summary><p>{{ item.answer }}</p></details>{% endfor %}"
    html = render_block(template, FAQSlots(heading="h", items=[QA(question="q?", answer="a.")]),
                        index=3, block_type="FAQ")
    assert "<summary>q?</summary>" in html
