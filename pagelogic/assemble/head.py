"""What an exported page says about itself in <head> — pure: meta description, Open Graph and
a schema.org Product JSON-LD, all from the page's facts and SEO fields.

Nothing is guessed: a price becomes an offer only when its amount and currency are both in
the seller's text, a brand only when the seller named one, availability only when a spec says
it; a field the facts do not hold is left out. A field holding a banned word is left out too
(the page itself drops those sentences, its metadata must not bring them back)."""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass, field

from schemas.controls import SeoFields
from schemas.facts import ProductFacts

_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Currency markers parse_price (pagelogic/facts/extract.py) accepts, nothing wider.
_CURRENCIES = (("원", "KRW"), ("KRW", "KRW"), ("₩", "KRW"), ("USD", "USD"), ("$", "USD"),
               ("€", "EUR"), ("£", "GBP"))
_STOCK_LABELS = ("재고", "재고 상태", "판매 상태", "판매상태", "availability", "stock")
_STOCK_VALUES = (("품절", "OutOfStock"), ("out of stock", "OutOfStock"), ("예약", "PreOrder"),
                 ("pre-order", "PreOrder"), ("preorder", "PreOrder"), ("재고 있음", "InStock"),
                 ("판매중", "InStock"), ("판매 중", "InStock"), ("in stock", "InStock"))
_LOCALES = {"ko": "ko_KR", "en": "en_US", "ja": "ja_JP", "zh": "zh_CN"}


@dataclass
class PageHead:
    title: str
    description: str | None = None
    keywords: list[str] = field(default_factory=list)
    image: str | None = None        # absolute URL
    locale: str = "ko_KR"
    product: dict = field(default_factory=dict)  # the JSON-LD object


def offer(price: str | None) -> dict | None:
    """schema.org Offer fields of a price fact ("39,000원", "$12.50"), or None when the text
    does not give both an amount and a currency."""
    if not price:
        return None
    amount = _AMOUNT.search(price)
    currency = next((code for mark, code in _CURRENCIES if mark in price), None)
    if amount is None or currency is None:
        return None
    value = amount.group(0).replace(",", "")
    return {"@type": "Offer", "price": value, "priceCurrency": currency}


def availability(facts: ProductFacts) -> str | None:
    for spec in facts.specs:
        if spec.label.strip().lower() in _STOCK_LABELS:
            value = spec.value.lower()
            for word, state in _STOCK_VALUES:
                if word in value:
                    return f"https://schema.org/{state}"
    return None


def locale_of(language: str) -> str:
    return _LOCALES.get(language, language.replace("-", "_"))


def absolute(url: str | None, base: str | None) -> str | None:
    """An http(s) URL crawlers can fetch, or None (data: URIs and relative paths without a
    base say nothing to a link preview)."""
    if not url:
        return None
    if url.startswith(("https://", "http://")):
        return url
    if url.startswith("/") and base:
        return base.rstrip("/") + url
    return None


def page_head(title: str, facts: ProductFacts, seo: SeoFields | None, *, image: str | None,
              language: str, banned: list[str] | None = None) -> PageHead:
    """``image``: the absolute URL of the page's main picture, or None."""
    words = [w.strip().lower() for w in banned or [] if w and w.strip()]

    def clean(text: str | None) -> str | None:
        text = " ".join((text or "").split())
        return text if text and not any(w in text.lower() for w in words) else None

    description = clean(seo.meta_description) if seo else None
    product: dict = {"@context": "https://schema.org", "@type": "Product"}
    for key, value in (("name", clean(facts.name) or clean(title)), ("image", image),
                       ("description", description)):
        if value:
            product[key] = value
    if brand := clean(facts.brand):
        product["brand"] = {"@type": "Brand", "name": brand}
    if (found := offer(facts.price)) is not None:
        if stock := availability(facts):
            found["availability"] = stock
        product["offers"] = found
    return PageHead(title=clean(seo.meta_title) if seo and clean(seo.meta_title) else title,
                    description=description,
                    keywords=[k for k in (seo.keywords if seo else []) if clean(k)],
                    image=image, locale=locale_of(language), product=product)


def json_ld(data: dict) -> str:
    """JSON safe inside <script>: '<', '>' and '&' as \\u escapes, so seller text holding
    '</script>' or '<!--' cannot end the element; U+2028/2029 escaped for old parsers."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def head_html(head: PageHead) -> str:
    """The <meta> tags and the JSON-LD script (goes inside <head>, after <title>)."""
    def meta(attr: str, name: str, content: str | None) -> str:
        if not content:
            return ""
        return f'<meta {attr}="{name}" content="{html_lib.escape(content, quote=True)}">\n'

    return "".join([
        meta("name", "description", head.description),
        meta("name", "keywords", ", ".join(head.keywords) or None),
        meta("property", "og:type", "product"),
        meta("property", "og:title", head.title),
        meta("property", "og:description", head.description),
        meta("property", "og:image", head.image),
        meta("property", "og:locale", head.locale),
        f'<script type="application/ld+json">{json_ld(head.product)}</script>\n',
    ])
