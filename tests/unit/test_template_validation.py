"""Saving a template: every dangerous construct is refused with a message naming it, and
a good template comes back with full slot declarations."""

from __future__ import annotations

import pytest

from pagelogic.library.slots import normalize, sample_model
from pagelogic.library.validate import TemplateInvalid, validate_template
from schemas.plan import BlockType

GOOD = ('<section class="pdp-block pdp-faq"><h2 class="pdp-heading">{{ s.heading }}</h2>'
        '{% for item in s.items %}<p>{{ item.question }}</p>{% endfor %}EXTRA</section>')


def check(extra: str, slots=("heading", "items"), block_type="FAQ") -> TemplateInvalid:
    with pytest.raises(TemplateInvalid) as caught:
        validate_template(block_type, GOOD.replace("EXTRA", extra), list(slots))
    return caught.value


def test_a_good_template_gets_types_limits_and_samples():
    slots = validate_template("FAQ", GOOD.replace("EXTRA", ""), ["heading", {"name": "items"}])
    heading, items = slots
    assert heading == {"name": "heading", "type": "text", "max_length": 120, "required": True,
                       "sample": "자주 묻는 질문"}
    assert items["type"] == "list[object]" and items["max_items"] == 10
    assert items["fields"] == ["answer", "question"]


@pytest.mark.parametrize("extra, code, words", [
    ("{{ ''.__class__ }}", "sandbox", "__class__"),
    ("{{ s.heading.__class__.__mro__ }}", "sandbox", "__mro__"),
    ("{{ s.heading|attr('__class__') }}", "sandbox", "__class__"),
    ("{{ s['__class__'] }}", "sandbox", "__class__"),
    ("{{ cycler.__init__.__globals__ }}", "sandbox", "__globals__"),
    ("{{ self }}", "sandbox", "self"),
    ("{{ s.heading|safe }}", "sandbox", "safe"),
    ("{% include 'other.html' %}", "sandbox", "include"),
    ("{{ config }}", "unknown_name", "config"),
    ("<script>alert(1)</script>", "script", "<script>"),
    ("<SCRIPT src=x></SCRIPT>", "script", "<script>"),
    ('<p onclick="steal()">x</p>', "event_handler", "onclick"),
    ('<img src="x" alt="" onerror="steal()">', "event_handler", "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript_url", "javascript"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "javascript_url", "javascript"),
    ('<img src="data:image/svg+xml;base64,AAAA" alt="">', "javascript_url", "data:"),
    ('<img src="https://tracker.example/p.gif" alt="">', "external_resource", "external"),
    ('<img src="//cdn.example/p.gif" alt="">', "external_resource", "external"),
    ('<a href="https://phish.example">x</a>', "external_resource", "external"),
    ('<iframe src="x"></iframe>', "tag", "<iframe>"),
    ('<link rel="stylesheet" href="x.css">', "tag", "<link>"),
    ('<style>body{}</style>', "tag", "<style>"),
    ('<p style="color:red">x</p>', "style", "style attribute"),
    ("{{ s.heading ", "syntax", "does not compile"),
    ("{{ s.nope }}", "slots", "nope"),
])
def test_each_dangerous_construct_is_refused_with_its_name(extra, code, words):
    problem = check(extra)
    assert problem.code == code
    assert words.lower() in problem.message.lower()


def test_a_conditional_branch_is_checked_even_when_samples_skip_it():
    problem = check('{% if false %}<p onmouseover="x()">x</p>{% endif %}')
    assert problem.code == "event_handler"


def test_slots_must_be_declared_and_exist_for_the_block_type():
    assert check("{{ s.heading }}", slots=("items",)).code == "slots"
    problem = check("", slots=("heading", "items", "brand"))
    assert problem.code == "slots" and "does not exist for FAQ" in problem.message


def test_unknown_block_type_and_bad_sample_are_refused():
    assert check("", block_type="Hero").code == "block_type"
    with pytest.raises(TemplateInvalid, match="sample value"):
        validate_template("FAQ", GOOD.replace("EXTRA", ""), ["heading", {"name": "items", "sample": []}])


def test_declared_samples_override_the_defaults():
    declared = normalize(BlockType.BrandStory, ["heading", {"name": "brand", "sample": "솔바람"},
                                                "paragraphs"])
    assert sample_model(BlockType.BrandStory, declared).brand == "솔바람"


def test_style_query_words_become_an_or_search_without_punctuation():
    from pagelogic.library.search import or_query, search_text

    assert or_query("고대비, 격자 정렬; a 'x' OR 수치") == "고대비 or 격자 or 정렬 or 수치"
    assert search_text("미니멀 표", "FAQ", "얇은 라인", ["테크", "전자기기"], "전자기기") == \
        "미니멀 표 FAQ 얇은 라인 테크 전자기기 전자기기"
