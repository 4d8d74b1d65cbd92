"""Freeform mode (PDP_BLOCK_MODE=freeform): the LLM may rewrite a rendered block's HTML, as
the original service did, but the result is sanitized and rejected when its structure
drifted from the template's (other elements, classes, order or image sources) — pure."""

from __future__ import annotations

from html.parser import HTMLParser

from pagelogic.sanitize import sanitize_html


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.signature: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.signature.append(f"<{tag} class={values.get('class', '')} src={values.get('src', '')}"
                              f" href={values.get('href', '')}>")

    def handle_endtag(self, tag):
        self.signature.append(f"</{tag}>")

    def handle_data(self, data):
        self.text.append(data)


def outline(html: str) -> tuple[list[str], str]:
    """(structure signature, visible text) of an HTML fragment."""
    parser = _Outline()
    parser.feed(html)
    parser.close()
    return parser.signature, " ".join(t.strip() for t in parser.text if t.strip())


def accept_rewrite(rendered: str, rewritten: str) -> tuple[str | None, str]:
    """(sanitized rewrite or None, reason). ``rendered`` is the sanitized slot rendering."""
    clean = sanitize_html(rewritten, allow_image_refs=True)
    if outline(clean)[0] != outline(rendered)[0]:
        return None, "구조가 템플릿과 달라져 자유 편집 결과를 쓰지 않았습니다"
    return clean, ""
