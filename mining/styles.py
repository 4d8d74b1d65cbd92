"""Inline styles of a crawled section → one of the library's style families — pure.

Mined templates may carry no style attribute (validate_template refuses them; the sanitizer
would strip them anyway). What the inline CSS *meant* is kept by choosing the family of
pagelogic/assemble/library_css.py that draws the same way: dark bands → bold, rounded
cards → soft (on cream → warm), serif or letter-spaced headings → editorial, hairlines →
minimal. Colours themselves come from the page's palette, never from the crawled page.
"""

from __future__ import annotations

import re

FAMILIES = ("bold", "soft", "warm", "editorial", "minimal")
_DECL = re.compile(r"([a-z-]+)\s*:\s*([^;]+)")
_HEX = re.compile(r"#([0-9a-f]{3}|[0-9a-f]{6})\b", re.IGNORECASE)


def _luminance(value: str) -> float | None:
    match = _HEX.search(value)
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _is_cream(value: str) -> bool:
    match = _HEX.search(value)
    if not match or len(match.group(1)) != 6:
        return False
    r, g, b = (int(match.group(1)[i:i + 2], 16) for i in (0, 2, 4))
    return r > 230 and r >= g >= b and r - b > 8


def declarations(styles: list[str]) -> list[tuple[str, str]]:
    return [(k.strip().lower(), v.strip().lower()) for s in styles for k, v in _DECL.findall(s)]


def family(styles: list[str]) -> str | None:
    """The style family these inline declarations resemble most; None: no styling seen."""
    votes = dict.fromkeys(FAMILIES, 0)
    for prop, value in declarations(styles):
        lum = _luminance(value) if prop in ("background", "background-color") else None
        if lum is not None and lum < 0.3:
            votes["bold"] += 3
        elif lum is not None and _is_cream(value):
            votes["warm"] += 2
        if prop == "border-radius" and any(int(n) >= 12 for n in re.findall(r"\d+", value)):
            votes["soft"] += 1
            votes["warm"] += 0.5
        if prop == "font-family" and "serif" in value and "sans" not in value:
            votes["editorial"] += 2
        if prop == "letter-spacing" and not value.startswith("-"):
            votes["editorial"] += 1
        if prop == "font-weight" and value in ("800", "900", "bolder"):
            votes["bold"] += 1
        if prop.startswith("border") and prop != "border-radius" and "1px" in value:
            votes["minimal"] += 1
    best = max(FAMILIES, key=lambda f: votes[f])
    return best if votes[best] > 0 else None
