"""Layout families per block type for the mining corpus — how different shops mark up the
same kind of section. Each family returns the section's inner HTML; ``Skin`` decides class
names (meaningful, random or none) and whether styling is inline."""

from __future__ import annotations

import random
import string
from html import escape as e

from mining.corpus_content import HEADINGS as HEAD

_STYLES = {
    "heading": ["font-size:28px;font-weight:700;text-align:center", "font-size:22px;color:#222",
                "font-weight:900;font-size:30px;letter-spacing:-1px", "font-family:serif;font-size:26px"],
    "box": ["padding:40px 20px;background:#fff", "padding:30px;background:#f7f3ec;border-radius:24px",
            "padding:32px 16px;background:#111;color:#fff", "margin:0 auto;max-width:860px",
            "padding:24px;border-top:1px solid #ddd"],
    "item": ["padding:12px 0;border-bottom:1px solid #eee", "background:#fff;border-radius:16px;padding:20px",
             "margin-bottom:10px", "display:flex;gap:12px"],
    "text": ["color:#666;font-size:15px;line-height:1.7", "font-size:16px", "color:#888"],
}


class Skin:
    """A shop's markup habits: class naming, inline styles or classes, wrapper depth."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.naming = rng.choice(["semantic", "random", "none", "prefixed"])
        self.inline = rng.random() < 0.5
        self.wrappers = rng.choice([0, 0, 1, 2])
        self.prefix = rng.choice(["prd_", "detail-", "se-", "cont_", "x"])
        self.heading_tag = rng.choice(["h2", "h2", "h3", "strong", "p"])

    def a(self, role: str, kind: str = "") -> str:
        parts = []
        if self.naming == "semantic":
            parts.append(f' class="{role}"')
        elif self.naming == "prefixed":
            parts.append(f' class="{self.prefix}{role.replace("-", "_")}"')
        elif self.naming == "random":
            parts.append(' class="' + "".join(self.rng.choices(string.ascii_lowercase, k=6)) + '"')
        if self.inline and kind:
            parts.append(f' style="{self.rng.choice(_STYLES[kind])}"')
        return "".join(parts)

    def heading(self, text: str, tag: str | None = None) -> str:
        tag = tag or self.heading_tag
        inner = f"<strong>{e(text)}</strong>" if tag == "p" else e(text)
        return f"<{tag}{self.a('tit', 'heading')}>{inner}</{tag}>"

    def img(self, name: str, n: int) -> str:
        src = self.rng.choice(["https://shop-cdn.example/img/", "//img.example.co.kr/detail/", "/upload/"])
        return f'<img src="{src}{name}_{n}.jpg" alt=""{self.a("img")}>'

    def wrap(self, html: str) -> str:
        for _ in range(self.wrappers):
            html = f"<div{self.a('wrap', 'box')}>{html}</div>"
        return html


def _some(rng: random.Random, items: list, low: int = 2) -> list:
    return items[: rng.randint(min(low, len(items)), len(items))]


def intro_hero(p, s: Skin, rng) -> str:
    badges = "".join(f"<li>{e(b)}</li>" for b in p["badges"])
    return (s.img("main", 1) + f"<h1{s.a('name', 'heading')}>{e(p['name'])}</h1>"
            f"<p{s.a('price')}><b>{p['price']}</b> <span>{e(p['note'])}</span></p>"
            f"<p{s.a('desc', 'text')}>{e(p['summary'])}</p><ul{s.a('badge')}>{badges}</ul>")


def intro_text_first(p, s: Skin, rng) -> str:
    return (f"<h1{s.a('name', 'heading')}>{e(p['name'])}</h1><p{s.a('sub', 'text')}>{e(p['brand'])}</p>"
            f"<div{s.a('price-box', 'box')}><strong>{p['price']}</strong><em>{e(p['note'])}</em></div>"
            + s.img("main", 1) + f"<p{s.a('desc', 'text')}>{e(p['summary'])}</p>")


def intro_badges(p, s: Skin, rng) -> str:
    badges = "".join(f"<span{s.a('tag')}>#{e(b)}</span> " for b in p["badges"])
    return (f"<div{s.a('badges')}>{badges}</div><h2{s.a('name', 'heading')}>{e(p['name'])}</h2>"
            f"<p{s.a('desc', 'text')}>{e(p['summary'])}</p><p><strong>{p['price']}</strong></p>"
            + s.img("main", 1))


def features_list(p, s: Skin, rng) -> str:
    items = "".join(f"<li{s.a('item', 'item')}><strong>{e(t)}</strong><p{s.a('txt', 'text')}>{e(x)}</p></li>"
                    for t, x in _some(rng, p["features"]))
    return s.heading(rng.choice(HEAD["KeyFeatures"])) + f"<ul{s.a('list')}>{items}</ul>"


def features_cards(p, s: Skin, rng) -> str:
    items = "".join(f"<div{s.a('card', 'item')}>{s.img('feat', i)}<h3>{e(t)}</h3><p{s.a('txt', 'text')}>{e(x)}</p></div>"
                    for i, (t, x) in enumerate(_some(rng, p["features"])))
    return s.heading(rng.choice(HEAD["KeyFeatures"])) + f"<div{s.a('cards', 'box')}>{items}</div>"


def features_numbered(p, s: Skin, rng) -> str:
    items = "".join(f"<li{s.a('point', 'item')}><span>{i + 1:02d}</span><h4>{e(t)}</h4><div>{e(x)}</div></li>"
                    for i, (t, x) in enumerate(_some(rng, p["features"])))
    return s.heading(rng.choice(HEAD["KeyFeatures"])) + s.img("point", 0) + f"<ol{s.a('points')}>{items}</ol>"


def specs_table(p, s: Skin, rng) -> str:
    rows = "".join(f"<tr><th{s.a('th')}>{e(k)}</th><td{s.a('td', 'text')}>{e(v)}</td></tr>"
                   for k, v in _some(rng, p["specs"], 3))
    return s.heading(rng.choice(HEAD["Specifications"])) + f"<table{s.a('spec')}><tbody>{rows}</tbody></table>"


def specs_dl(p, s: Skin, rng) -> str:
    rows = "".join(f"<dt>{e(k)}</dt><dd{s.a('val', 'text')}>{e(v)}</dd>" for k, v in _some(rng, p["specs"], 3))
    return s.heading(rng.choice(HEAD["Specifications"])) + f"<dl{s.a('spec')}>{rows}</dl>"


def specs_rows(p, s: Skin, rng) -> str:
    rows = "".join(f"<li{s.a('row', 'item')}><span>{e(k)}</span><span>{e(v)}</span></li>"
                   for k, v in _some(rng, p["specs"], 3))
    return s.heading(rng.choice(HEAD["Specifications"])) + f"<ul{s.a('spec')}>{rows}</ul>"


def usage_ol(p, s: Skin, rng) -> str:
    steps = "".join(f"<li{s.a('step', 'item')}>{e(x)}</li>" for x in p["steps"])
    return s.heading(rng.choice(HEAD["UsageGuide"])) + f"<ol{s.a('steps')}>{steps}</ol>"


def usage_steps(p, s: Skin, rng) -> str:
    steps = "".join(f"<div{s.a('step', 'item')}><em>STEP {i + 1}</em><p>{e(x)}</p></div>"
                    for i, x in enumerate(p["steps"]))
    return s.heading(rng.choice(HEAD["UsageGuide"])) + s.img("howto", 0) + f"<div{s.a('steps', 'box')}>{steps}</div>"


def usage_with_cautions(p, s: Skin, rng) -> str:
    steps = "".join(f"<li>{e(x)}</li>" for x in p["steps"])
    cautions = "".join(f"<li>{e(x)}</li>" for _, x in p["notice"][1:])
    return (s.heading(rng.choice(HEAD["UsageGuide"])) + f"<ol{s.a('steps')}>{steps}</ol>"
            f"<div{s.a('caution', 'box')}><b>알아두세요</b><ul>{cautions}</ul></div>")


def compare_table(p, s: Skin, rng) -> str:
    rows = "".join(f"<tr><td{s.a('k')}>{e(k)}</td><td{s.a('v', 'text')}>{e(v)}</td></tr>" for k, v in p["compare"])
    return (s.heading(rng.choice(HEAD["Comparison"])) +
            f"<table{s.a('vs')}><thead><tr><th>항목</th><th>비교</th></tr></thead><tbody>{rows}</tbody></table>")


def compare_cards(p, s: Skin, rng) -> str:
    cards = "".join(f"<div{s.a('vs-card', 'item')}><h4>{e(k)}</h4><p>{e(v)}</p></div>" for k, v in p["compare"])
    return s.heading(rng.choice(HEAD["Comparison"])) + f"<div{s.a('vs', 'box')}>{cards}</div>" + s.img("vs", 0)


def brand_paragraphs(p, s: Skin, rng) -> str:
    paras = "".join(f"<p{s.a('story', 'text')}>{e(x)}</p>" for x in p["story"])
    return s.heading(rng.choice(HEAD["BrandStory"])) + f"<p><b>{e(p['brand'])}</b></p>" + paras


def brand_quote(p, s: Skin, rng) -> str:
    return (s.img("brand", 0) + s.heading(rng.choice(HEAD["BrandStory"])) +
            f"<blockquote{s.a('quote', 'text')}>{e(p['story'][0])}</blockquote>"
            + "".join(f"<p>{e(x)}</p>" for x in p["story"][1:]) + f"<p{s.a('sign')}>- {e(p['brand'])} -</p>")


def faq_dl(p, s: Skin, rng) -> str:
    rows = "".join(f"<dt>Q. {e(q)}</dt><dd{s.a('a', 'text')}>A. {e(a)}</dd>" for q, a in p["faq"])
    return s.heading(rng.choice(HEAD["FAQ"])) + f"<dl{s.a('faq')}>{rows}</dl>"


def faq_details(p, s: Skin, rng) -> str:
    rows = "".join(f"<details{s.a('qa', 'item')}><summary>{e(q)}</summary><p>{e(a)}</p></details>" for q, a in p["faq"])
    return s.heading(rng.choice(HEAD["FAQ"])) + rows


def faq_divs(p, s: Skin, rng) -> str:
    rows = "".join(f"<div{s.a('qa', 'item')}><p><b>Q</b> {e(q)}</p><p{s.a('ans', 'text')}><b>A</b> {e(a)}</p></div>"
                   for q, a in p["faq"])
    return s.heading(rng.choice(HEAD["FAQ"])) + f"<div{s.a('faq', 'box')}>{rows}</div>"


def notice_list(p, s: Skin, rng) -> str:
    rows = "".join(f"<li{s.a('nt', 'item')}><strong>{e(t)}</strong> {e(x)}</li>" for t, x in p["notice"])
    return s.heading(rng.choice(HEAD["Notice"])) + f"<ul{s.a('notice')}>{rows}</ul>"


def notice_table(p, s: Skin, rng) -> str:
    rows = "".join(f"<tr><th>{e(t)}</th><td>{e(x)}</td></tr>" for t, x in p["notice"])
    return s.heading(rng.choice(HEAD["Notice"])) + f"<table{s.a('notice')}>{rows}</table>"


def notice_box(p, s: Skin, rng) -> str:
    rows = "".join(f"<div{s.a('nt', 'item')}><p><b>※ {e(t)}</b></p><p>{e(x)}</p></div>" for t, x in p["notice"])
    return s.heading(rng.choice(HEAD["Notice"])) + f"<div{s.a('notice', 'box')}>{rows}</div>"


def image_only(p, s: Skin, rng) -> str:
    return "".join(s.img("detail", i) for i in range(rng.randint(1, 3)))


FAMILIES = {
    "Introduction": [intro_hero, intro_text_first, intro_badges],
    "KeyFeatures": [features_list, features_cards, features_numbered],
    "Specifications": [specs_table, specs_dl, specs_rows],
    "UsageGuide": [usage_ol, usage_steps, usage_with_cautions],
    "Comparison": [compare_table, compare_cards],
    "BrandStory": [brand_paragraphs, brand_quote],
    "FAQ": [faq_dl, faq_details, faq_divs],
    "Notice": [notice_list, notice_table, notice_box],
    "Image": [image_only],
}
