"""A small element tree from the standard library's HTML parser — enough to read crawled
pages whose markup is arbitrary (no lxml dependency, nothing executed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
SKIP = {"script", "style", "noscript", "template", "head", "title", "svg", "iframe"}
# An open <p>/<li>/… is closed implicitly by these, as browsers do.
_AUTO_CLOSE = {"p": {"p", "div", "ul", "ol", "table", "section", "h1", "h2", "h3", "h4", "dl"},
               "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"},
               "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"}, "option": {"option"}}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    @property
    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def own_text(self) -> str:
        return " ".join(" ".join(c for c in self.children if isinstance(c, str)).split())

    def iter(self):
        yield self
        for child in self.elements:
            yield from child.iter()

    def find_all(self, *tags: str) -> list[Node]:
        return [n for n in self.iter() if n.tag in tags and n is not self]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.current = self.root
        self.skipping: str | None = None  # inside <script>, <style>, …: ignored until closed

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            return
        if tag in SKIP:
            self.skipping = tag
            return
        closes = _AUTO_CLOSE.get(self.current.tag)
        if closes and tag in closes:
            self._close(self.current.tag)
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag not in SKIP:
            self.current.children.append(Node(tag, {k: v or "" for k, v in attrs},
                                              parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skipping = None if tag == self.skipping else self.skipping
            return
        self._close(tag)

    def _close(self, tag: str) -> None:
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:  # a stray end tag closes nothing
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def to_html(node: Node) -> str:
    """The element back as markup (text and attribute values escaped), for showing a crawled
    section to the admin who reviews what was mined from it; sanitized by the caller."""
    from html import escape

    def write(n: Node | str, out: list[str]) -> None:
        if isinstance(n, str):
            out.append(escape(n, quote=False))
            return
        if n.tag.startswith("#"):
            for child in n.children:
                write(child, out)
            return
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in n.attrs.items())
        out.append(f"<{n.tag}{attrs}>")
        if n.tag not in VOID:
            for child in n.children:
                write(child, out)
            out.append(f"</{n.tag}>")

    out: list[str] = []
    write(node, out)
    return "".join(out)
