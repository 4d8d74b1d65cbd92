"""Marketplace export profiles — pure. Each adapts a stored page to what we let through for one
seller editor (docs/resources.md lists the restrictions and why)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    width: int  # px the content is laid out for
    style_tag: bool  # keep the page CSS as one <style> element in the fragment
    image_only: bool  # the editor takes images, not HTML: export slices
    slice_format: str  # png | jpeg
    max_slice_height: int


PROFILES = {
    "coupang": Profile("coupang", "Coupang Wing 상세페이지 (HTML)", 860, True, False, "jpeg", 3000),
    "naver": Profile("naver", "Naver SmartStore SmartEditor ONE (images)", 860, False, True,
                     "jpeg", 2000),
    "cafe24": Profile("cafe24", "Cafe24 상품 상세 (HTML)", 860, True, False, "jpeg", 3000),
}

_SRC = re.compile(r'(src|href)="(/[^"]*)"')
_CLASS_ATTR = re.compile(r'\sclass="[^"]*"')


def absolute_urls(html: str, base_url: str) -> str:
    """Editors host the HTML elsewhere: site-relative image URLs must become absolute."""
    return _SRC.sub(lambda m: f'{m.group(1)}="{base_url.rstrip("/")}{m.group(2)}"', html)


def html_fragment(profile: Profile, title: str, css: str, page_html: str, base_url: str) -> str:
    """One pasteable fragment: no <html>/<head>/<script>, fixed width, absolute image URLs."""
    body = absolute_urls(page_html, base_url)
    style = f"<style>{css}</style>\n" if profile.style_tag else ""
    if not profile.style_tag:
        body = _CLASS_ATTR.sub("", body)
    return (f'<div class="pdp-export" style="max-width:{profile.width}px;margin:0 auto">\n'
            f"<!-- {title.replace('--', '')} -->\n{style}{body}\n</div>\n")


def images_fragment(urls: list[str], title: str, width: int) -> str:
    """For image-only editors: the page as a column of slice images."""
    alt = title.replace('"', "")
    tags = "\n".join(f'<img src="{u}" alt="{alt} ({i + 1}/{len(urls)})" '
                     f'style="display:block;width:100%;max-width:{width}px;margin:0 auto">'
                     for i, u in enumerate(urls))
    return f'<div style="max-width:{width}px;margin:0 auto">\n{tags}\n</div>\n'
