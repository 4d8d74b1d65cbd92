"""The page stylesheet, built from a validated StyleConcept — pure.

CSS never comes from generated content: colours are validated hex values (schemas.plan) and
font stacks are filtered to a safe character set here.
"""

from __future__ import annotations

import re

from pagelogic.assemble.library_css import LIBRARY_CSS
from pagelogic.assemble.notice_css import NOTICE_CSS
from schemas.plan import StyleConcept

_FONT_SAFE = re.compile(r"[^\w\s,'\-가-힣]")

BASE_CSS = """
.pdp-page{max-width:860px;margin:0 auto;background:var(--pdp-bg);color:var(--pdp-text);
 font-family:var(--pdp-font-body);line-height:1.7;word-break:keep-all;overflow-wrap:anywhere}
.pdp-page *{box-sizing:border-box}
.pdp-page img{display:block;max-width:100%;height:auto;border-radius:12px}
.pdp-block{padding:48px 32px;border-bottom:1px solid color-mix(in srgb,var(--pdp-muted) 25%,transparent)}
.pdp-page h1,.pdp-page h2,.pdp-page h3{font-family:var(--pdp-font-heading);color:var(--pdp-primary);
 line-height:1.35;margin:0 0 16px}
.pdp-title{font-size:2rem}.pdp-heading{font-size:1.6rem;text-align:center;margin-bottom:28px}
.pdp-eyebrow{color:var(--pdp-accent);font-weight:700;margin:0 0 8px}
.pdp-hero,.pdp-figure{margin:0 0 28px}
.pdp-price{font-size:1.5rem;margin:8px 0}.pdp-price strong{color:var(--pdp-text)}
.pdp-price-note{display:inline-block;font-size:.9rem;color:#fff;background:var(--pdp-accent);
 border-radius:999px;padding:2px 12px;margin-left:8px;vertical-align:middle}
.pdp-summary{color:var(--pdp-muted);font-size:1.05rem}
.pdp-badges{list-style:none;padding:0;margin:16px 0 0;display:flex;flex-wrap:wrap;gap:8px}
.pdp-badges li{border:1px solid var(--pdp-primary);color:var(--pdp-primary);border-radius:999px;
 padding:4px 14px;font-size:.9rem}
.pdp-cards{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:16px}
.pdp-card{background:var(--pdp-surface);border-radius:16px;padding:24px;
 box-shadow:0 2px 12px rgba(0,0,0,.06)}
.pdp-card h3{font-size:1.15rem;margin:8px 0}.pdp-card p{margin:0;color:var(--pdp-muted)}
.pdp-card-no{font-weight:800;color:var(--pdp-accent);font-size:1.3rem}
.pdp-spec-table{width:100%;border-collapse:collapse;background:var(--pdp-surface)}
.pdp-spec-table th,.pdp-spec-table td{padding:14px 16px;border-bottom:1px solid
 color-mix(in srgb,var(--pdp-muted) 30%,transparent);text-align:left;vertical-align:top}
.pdp-spec-table th{width:32%;color:var(--pdp-primary);font-weight:700;white-space:normal}
.pdp-steps{list-style:none;padding:0;margin:0;display:grid;gap:12px}
.pdp-steps li{background:var(--pdp-surface);border-radius:12px;padding:16px 20px}
.pdp-steps p{margin:4px 0 0}.pdp-step-no{font-weight:800;color:var(--pdp-accent);font-size:.85rem}
.pdp-note{margin-top:24px;background:color-mix(in srgb,var(--pdp-accent) 12%,var(--pdp-surface));
 border-radius:12px;padding:16px 20px}.pdp-note h3{font-size:1rem}
.pdp-brand-name{font-size:1.3rem;font-weight:800;text-align:center;color:var(--pdp-accent)}
.pdp-faq-item{background:var(--pdp-surface);border-radius:12px;padding:14px 20px;margin-bottom:10px}
.pdp-faq-item summary{cursor:pointer;font-weight:700;color:var(--pdp-primary)}
.pdp-faq-item p{margin:10px 0 0}
@media (max-width:480px){.pdp-block{padding:32px 18px}.pdp-title{font-size:1.5rem}
 .pdp-heading{font-size:1.3rem}.pdp-spec-table th{width:38%}}
"""


def _font(stack: str) -> str:
    return _FONT_SAFE.sub("", stack)[:200] or "sans-serif"


def page_css(style: StyleConcept) -> str:
    p = style.palette
    variables = (
        f".pdp-page{{--pdp-primary:{p.primary};--pdp-accent:{p.accent};--pdp-bg:{p.background};"
        f"--pdp-surface:{p.surface};--pdp-text:{p.text};--pdp-muted:{p.muted};"
        f"--pdp-font-heading:{_font(style.font_heading)};--pdp-font-body:{_font(style.font_body)}}}"
    )
    return variables + BASE_CSS + LIBRARY_CSS + NOTICE_CSS
