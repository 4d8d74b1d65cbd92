"""The exported page's <head>: meta description, Open Graph and schema.org Product JSON-LD
from the page's facts only (pagelogic/assemble/head.py, pagelogic/export.py), read back the
way a crawler reads them: an HTML parser and json.loads of the ld+json script."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from pagelogic.assemble.logic import standalone_document
from pagelogic.export import export_head
from pagelogic.facts.extract import extract_facts
from pagelogic.plan.seo import derive_seo
from schemas.api import GenerationRequest
from tests.integration.support import sample

BASE = "https://shop.example"
HERO = [("/media/ab/hero.png", "image/png"), ("/media/ab/detail.svg", "image/svg+xml")]


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.scripts: list[tuple[str, str]] = []   # (type, text)
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("name") or attrs.get("property") or attrs.get("http-equiv")] = \
                attrs["content"]
        if tag == "script":
            self._script = attrs.get("type", "")
            self.scripts.append((self._script, ""))

    def handle_data(self, data):
        if self._script is not None:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def _export(body: dict, images=HERO, banned: list[str] | None = None) -> tuple[Head, dict]:
    facts = extract_facts(GenerationRequest.model_validate(body))
    plan = {"language": "ko", "seo": derive_seo(facts).model_dump(),
            "controls": {"banned_words": banned or []}}
    head = export_head(facts.name, plan, facts.model_dump(mode="json"), images, BASE)
    document = standalone_document(facts.name, "", "<div>page</div>", head=head)
    parser = Head()
    parser.feed(document)
    assert [kind for kind, _ in parser.scripts] == ["application/ld+json"]
    return parser, json.loads(parser.scripts[0][1])


def test_a_product_with_price_and_brand_exports_them_in_json_ld_and_open_graph():
    head, product = _export(sample("tumbler"))
    assert product["@type"] == "Product" and product["name"] == "스텐리 클래식 진공 텀블러 591ml"
    assert product["brand"] == {"@type": "Brand", "name": "스텐리"}
    assert product["offers"] == {"@type": "Offer", "price": "39000", "priceCurrency": "KRW"}
    assert product["image"] == BASE + "/media/ab/hero.png"   # the raster hero, absolute
    assert product["description"] == head.meta["description"] == head.meta["og:description"]
    assert "이중 진공 단열" in head.meta["description"]
    assert head.meta["og:type"] == "product" and head.meta["og:locale"] == "ko_KR"
    assert head.meta["og:title"] == "스텐리 클래식 진공 텀블러 591ml"
    assert head.meta["og:image"] == BASE + "/media/ab/hero.png"
    assert "default-src 'none'" in head.meta["Content-Security-Policy"]  # still no scripts run


def test_a_product_without_price_brand_or_photo_omits_them_instead_of_inventing():
    head, product = _export({"product_data": "도자기 머그 350ml\n전자레인지 사용 가능\n"
                                             "손잡이가 넓어 잡기 편합니다."},
                            images=[("/media/ab/placeholder.svg", "image/svg+xml")])
    assert product["name"].startswith("도자기 머그")
    assert "offers" not in product and "brand" not in product and "image" not in product
    assert "og:image" not in head.meta and head.meta["og:type"] == "product"


def test_a_price_without_a_currency_is_not_an_offer():
    _, product = _export({"product_data": "도자기 머그\n가격: 문의\n용량 350ml"})
    assert "offers" not in product


def test_stock_state_from_a_spec_becomes_availability():
    body = sample("tumbler") | {"product_data": sample("tumbler")["product_data"] + "\n재고: 품절"}
    _, product = _export(body)
    assert product["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_hostile_seller_text_cannot_close_the_script_or_open_markup():
    hostile = '</script><script>alert(1)</script><!-- "quote" & <b>'
    body = {"product_data": f"머그컵 {hostile}\n브랜드: {hostile}\n가격: 12,000원"}
    head, product = _export(body)
    # Kept as data (the facts trim the trailing '>'), the script element intact.
    assert product["brand"]["name"].startswith('</script><script>alert(1)</script><!-- "quote"')
    assert "</script><script>alert(1)" in product["name"]
    raw = head.scripts[0][1]
    assert "</script" not in raw.lower() and "<!--" not in raw and "<" not in raw
    assert "</script><script>alert(1)" in head.meta["og:title"]  # attribute escaping holds


def test_a_field_holding_a_banned_word_is_left_out_of_the_metadata():
    _, product = _export(sample("tumbler"), banned=["스텐리"])
    assert "brand" not in product and "스텐리" not in json.dumps(product, ensure_ascii=False)
