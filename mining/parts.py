"""Jinja/HTML pieces a mined template is assembled from — the library's own markup and
pdp-* classes (pagelogic/library/starters, pagelogic/assemble/library_css.py)."""

from __future__ import annotations

CSS_NAME = {"Introduction": "intro", "KeyFeatures": "features", "Specifications": "specs",
            "UsageGuide": "usage", "Comparison": "compare", "BrandStory": "brand", "FAQ": "faq",
            "Notice": "notice"}
HEADING = '<h2 class="pdp-heading">{{ s.heading }}</h2>'


def image(hero: bool) -> str:
    size = 'width="860" height="860"' if hero else 'width="860" height="560"'
    figure = "pdp-hero" if hero else "pdp-figure"
    return ('{% if s.image %}<figure class="' + figure + '"><img src="{{ image_src(s.image) }}" '
            'alt="{{ s.image.alt }}" ' + size + ' loading="lazy"></figure>{% endif %}')


def section(block_type: str, family: str | None, body: list[str]) -> str:
    classes = f"pdp-block pdp-{CSS_NAME[block_type]}" + (f" pdp-s-{family}" if family else "")
    inner = "\n  ".join(b for b in body if b)
    return (f'<section class="{classes}" data-block-type="{block_type}" '
            'data-block-index="{{ index }}">\n  ' + inner + "\n</section>\n")


def label_rows(kind: str, loop: str, label: str, value: str, table_class: str) -> str:
    """Rows of label → value: a table when the crawled section was one, else a list."""
    if kind == "table":
        return (f'<table class="{table_class}"><tbody>{{% for row in {loop} %}}<tr><th scope="row">'
                f'{{{{ row.{label} }}}}</th><td>{{{{ row.{value} }}}}</td></tr>{{% endfor %}}'
                '</tbody></table>')
    return (f'<dl class="pdp-spec-list">{{% for row in {loop} %}}<div class="pdp-spec-row"><dt>'
            f'{{{{ row.{label} }}}}</dt><dd>{{{{ row.{value} }}}}</dd></div>{{% endfor %}}</dl>')


def titled_items(kind: str, numbered: bool) -> str:
    """KeyFeatures items: cards, a numbered list or plain list, as the crawled one was."""
    number = ('<span class="pdp-feature-no" aria-hidden="true">{{ "%02d"|format(loop.index) }}'
              '</span>') if numbered else ""
    if kind == "cards":
        return ('<ol class="pdp-cards">{% for item in s.items %}<li class="pdp-card">'
                '<h3>{{ item.title }}</h3>{% if item.text %}<p>{{ item.text }}</p>{% endif %}'
                '</li>{% endfor %}</ol>')
    if kind in ("table", "dl"):
        return label_rows(kind, "s.items", "title", "text", "pdp-spec-table")
    tag = "ol" if numbered or kind == "ol" else "ul"
    return (f'<{tag} class="pdp-features-list">{{% for item in s.items %}}<li class="pdp-feature">'
            f'{number}<h3>{{{{ item.title }}}}</h3>{{% if item.text %}}<p>{{{{ item.text }}}}</p>'
            f'{{% endif %}}</li>{{% endfor %}}</{tag}>')


def steps(numbered: bool) -> str:
    label = '<span class="pdp-step-no">STEP {{ loop.index }}</span>' if numbered else ""
    return ('{% if s.steps %}<ol class="pdp-steps">{% for step in s.steps %}<li>' + label +
            '<p>{{ step }}</p></li>{% endfor %}</ol>{% endif %}')


CAUTIONS = ('{% if s.cautions %}<div class="pdp-note" role="note"><h3>{{ s.notes_heading or '
            '"알아두세요" }}</h3><ul>{% for caution in s.cautions %}<li>{{ caution }}</li>'
            '{% endfor %}</ul></div>{% endif %}')
COMPARE_CARDS = ('<ul class="pdp-compare-cards">{% for row in s.rows %}<li class="pdp-compare-card">'
                 '<h3>{{ row.label }}</h3><p>{{ row.value }}</p></li>{% endfor %}</ul>')
COMPARE_TABLE = ('<table class="pdp-spec-table pdp-compare-table">{% if s.label_heading %}<thead>'
                 '<tr><th scope="col">{{ s.label_heading }}</th><th scope="col">{{ s.value_heading }}'
                 '</th></tr></thead>{% endif %}<tbody>{% for row in s.rows %}<tr><th scope="row">'
                 '{{ row.label }}</th><td>{{ row.value }}</td></tr>{% endfor %}</tbody></table>')
FAQ_DETAILS = ('{% for item in s.items %}<details class="pdp-faq-item"{% if loop.first %} open'
               '{% endif %}><summary>Q. {{ item.question }}</summary><p>A. {{ item.answer }}</p>'
               '</details>{% endfor %}')
FAQ_LIST = ('<dl class="pdp-faq-list">{% for item in s.items %}<div class="pdp-faq-pair"><dt>'
            '<span class="pdp-q" aria-hidden="true">Q</span>{{ item.question }}</dt><dd>'
            '{{ item.answer }}</dd></div>{% endfor %}</dl>')
NOTICE_CARDS = ('<ul class="pdp-notice-cards">{% for item in s.items %}<li class="pdp-card"><h3>'
                '{{ item.title }}</h3><p>{{ item.text }}</p></li>{% endfor %}</ul>')
NOTICE_ROWS = ('<dl class="pdp-notice-list pdp-notice-rows">{% for item in s.items %}<div '
               'class="pdp-notice-item"><dt>{{ item.title }}</dt><dd>{{ item.text }}</dd></div>'
               '{% endfor %}</dl>')
BRAND_NAME = '{% if s.brand %}<p class="pdp-brand-name">{{ s.brand }}</p>{% endif %}'
PARAGRAPHS = '{% for paragraph in s.paragraphs %}<p>{{ paragraph }}</p>{% endfor %}'
QUOTE = ('<blockquote class="pdp-quote">{{ s.paragraphs[0] }}</blockquote>'
         '{% for paragraph in s.paragraphs[1:] %}<p>{{ paragraph }}</p>{% endfor %}')
INTRO_TITLE = '<h1 class="pdp-title">{{ s.headline }}</h1>'
INTRO_EYEBROW = '{% if s.subheadline %}<p class="pdp-eyebrow">{{ s.subheadline }}</p>{% endif %}'
INTRO_PRICE = ('{% if s.price %}<p class="pdp-price"><strong>{{ s.price }}</strong>{% if s.price_note %}'
               ' <span class="pdp-price-note">{{ s.price_note }}</span>{% endif %}</p>{% endif %}')
INTRO_SUMMARY = '{% if s.summary %}<p class="pdp-summary">{{ s.summary }}</p>{% endif %}'
INTRO_BADGES = ('{% if s.badges %}<ul class="pdp-badges">{% for badge in s.badges %}<li>{{ badge }}'
                '</li>{% endfor %}</ul>{% endif %}')
BANNER = ('<figure class="pdp-hero">{% if s.image %}<img src="{{ image_src(s.image) }}" '
          'alt="{{ s.image.alt }}" width="860" height="860" loading="lazy">{% endif %}'
          '<figcaption class="pdp-summary">{{ s.headline }}</figcaption></figure>')
