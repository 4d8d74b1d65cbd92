"""Placeholder product images drawn locally as SVG — pure, no network.

Used by the offline provider: a soft gradient in the page palette, a product silhouette and
the product name, so the page looks finished and the image slot has real, sized content.
"""

from __future__ import annotations

import hashlib
import html
import textwrap


def placeholder_svg(title: str, caption: str, width: int, height: int,
                    primary: str, background: str) -> bytes:
    lines = textwrap.wrap(title, width=16)[:3] or [" "]
    seed = int(hashlib.sha256(title.encode()).hexdigest()[:4], 16)
    cx, cy = width / 2, height * 0.42
    r = min(width, height) * (0.18 + (seed % 5) / 100)
    font = "'Noto Sans KR','Apple SD Gothic Neo','Malgun Gothic',sans-serif"
    text_y = cy + r + 56
    tspans = "".join(
        f'<tspan x="{cx:.0f}" dy="{0 if i == 0 else 40}">{html.escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">
<title>{html.escape(caption)}</title>
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="{background}"/><stop offset="1" stop-color="{primary}" stop-opacity="0.35"/>
</linearGradient></defs>
<rect width="{width}" height="{height}" fill="url(#g)"/>
<circle cx="{cx:.0f}" cy="{cy:.0f}" r="{r:.0f}" fill="{primary}" fill-opacity="0.18"/>
<rect x="{cx - r * 0.55:.0f}" y="{cy - r * 0.7:.0f}" width="{r * 1.1:.0f}" height="{r * 1.4:.0f}" rx="{r * 0.2:.0f}" fill="{primary}" fill-opacity="0.55"/>
<text x="{cx:.0f}" y="{text_y:.0f}" text-anchor="middle" font-family="{font}" font-size="32" font-weight="700" fill="{primary}">{tspans}</text>
</svg>"""
    return svg.encode("utf-8")
