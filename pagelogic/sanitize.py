"""The one HTML allowlist every stored or served fragment goes through (nh3/ammonia).

Generated and template HTML is untrusted: no script, no event handlers, no style attributes
(CSS comes only from the page stylesheet we build from validated colours), and only http(s),
relative and our internal ``pdp-image:`` image references as URLs.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "section", "article", "header", "footer", "div", "span", "p", "br", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "small", "mark", "sup",
    "sub", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot",
    "tr", "th", "td", "figure", "figcaption", "img", "a", "blockquote", "details", "summary",
}
_COMMON = {"class", "id", "lang", "dir", "role", "aria-label", "aria-hidden", "data-block",
           "data-block-index", "data-block-type", "data-template-id"}
ALLOWED_ATTRIBUTES = {
    "*": _COMMON,
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "a": {"href", "title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "details": {"open"},
}
IMAGE_SCHEME = "pdp-image"


def sanitize_html(html: str, *, allow_image_refs: bool = False) -> str:
    schemes = {"http", "https", "mailto"} | ({IMAGE_SCHEME} if allow_image_refs else set())
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=schemes,
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    )
