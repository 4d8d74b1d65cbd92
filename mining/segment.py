"""Split a crawled detail page into its sections, in document order — pure.

Class names and ids are ignored (crawled markup names them arbitrarily). The page's content
root is found by descending through wrappers that hold a single content child; its content
children are the sections. A flat page (headings, paragraphs and lists side by side) is split
at its headings instead, with pictures belonging to the heading above them.
"""

from __future__ import annotations

from mining.dom import Node, parse

HEADINGS = {"h1", "h2", "h3", "h4"}


def has_content(node: Node) -> bool:
    return bool(node.text()) or any(n.tag == "img" for n in node.iter())


def _content_root(root: Node) -> Node:
    body = next((n for n in root.iter() if n.tag == "body"), root)
    node = body
    while True:
        kids = [c for c in node.elements if has_content(c)]
        if len(kids) != 1 or node.own_text():
            return node
        node = kids[0]


def _is_flat(kids: list[Node]) -> bool:
    """Headings among the root's own children: the sections are runs, not elements."""
    return sum(k.tag in HEADINGS for k in kids) >= 2


def _split_flat(kids: list[Node]) -> list[Node]:
    groups: list[list[Node]] = []
    for kid in kids:
        # A picture in flat markup belongs to the heading above it; only pictures before
        # the first heading stand alone.
        starts = kid.tag in HEADINGS or not groups or (
            not any(g.text() for g in groups[-1]) and bool(kid.text()))
        if starts:
            groups.append([kid])
        else:
            groups[-1].append(kid)
    return [Node("section", children=list(g)) for g in groups]


def sections(root: Node) -> list[Node]:
    container = _content_root(root)
    kids = [c for c in container.elements if has_content(c)]
    return _split_flat(kids) if _is_flat(kids) else kids


def page_sections(html: str) -> list[Node]:
    return sections(parse(html))
