"""Assemble rendered blocks and stored images into the final page — pure.

Blocks are rendered in parallel with image generation, so they reference images as
``pdp-image://N``; here those references become the stored image URLs and the whole page is
sanitized once more (defence in depth: it is what gets stored and served).
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

from pagelogic import messages
from pagelogic.assemble.styles import page_css
from pagelogic.plan.banned import removed_summary
from pagelogic.sanitize import IMAGE_SCHEME, sanitize_html
from schemas.notice import NoticeFill
from schemas.plan import PagePlan
from schemas.quality import CostSummary, PageCost
from schemas.resources import GENERATED

_IMAGE_REF = re.compile(re.escape(IMAGE_SCHEME) + r"://(\d+)")


@dataclass
class AssembledPage:
    title: str
    html_list: list[str]
    html: str
    css: str
    images: list[dict] = field(default_factory=list)
    blocks: list[dict] = field(default_factory=list)
    cost: dict = field(default_factory=dict)
    quality: dict | None = None


def _swap_images(block_html: str, image_urls: dict[int, str]) -> str:
    def repl(match: re.Match) -> str:
        return image_urls.get(int(match.group(1)), "")
    return _IMAGE_REF.sub(repl, block_html)


def show_block(raw_html: str, image_urls: dict[int, str]) -> str:
    """A stored raw block as the page shows it. Hand edits go through this too, so a block
    nobody touched comes out of a later assembly byte-identical."""
    return sanitize_html(_swap_images(raw_html, image_urls))


def page_html(language: str, html_list: list[str]) -> str:
    body = "\n".join(html_list)
    return f'<div class="pdp-page" lang="{language}">\n{body}\n</div>'


def assemble_page(plan: PagePlan, blocks: dict[int, dict], images: dict[int, dict],
                  plan_cost: dict | None = None) -> AssembledPage:
    """``blocks``: index → BlockRendered fields; ``images``: index → ImageGenerated fields."""
    urls = {i: img["url"] for i, img in images.items()}
    html_list = []
    block_meta = []
    for block in plan.blocks:
        rendered = blocks.get(block.index)
        if rendered is None:
            continue
        meta = {"index": block.index, "block_type": block.block_type.value,
                "template_id": rendered.get("template_id"),
                "template_version": rendered.get("template_version"),
                "dropped": bool(rendered.get("dropped")), "warning": rendered.get("warning"),
                "grounding": rendered.get("grounding"), "cost": rendered.get("cost"),
                "origin": rendered.get("origin", GENERATED),
                "banned_removed": rendered.get("banned_removed") or []}
        block_meta.append(meta)
        if not meta["dropped"]:  # a dropped block stays visible in the metadata only
            html_list.append(show_block(rendered["html"], urls))
    ordered_images = [images[i] for i in sorted(images)]
    return AssembledPage(title=plan.title, html_list=html_list, html=page_html(plan.language, html_list),
                         css=page_css(plan.style), images=ordered_images, blocks=block_meta,
                         cost=page_cost(plan_cost, blocks, images).model_dump(mode="json"))


def page_cost(plan_cost: dict | None, blocks: dict[int, dict],
              images: dict[int, dict]) -> PageCost:
    """Per call costs were summed per part by the stages; here per page."""
    def summary(value: dict | None) -> CostSummary:
        return CostSummary.model_validate(value) if value else CostSummary()
    plan = summary(plan_cost)
    per_block = {i: summary(b.get("cost")) for i, b in blocks.items()}
    per_image = {i: summary(m.get("cost")) for i, m in images.items()}
    total = plan
    for part in [*per_block.values(), *per_image.values()]:
        total = total.add(part)
    return PageCost(total=total, plan=plan, blocks=per_block, images=per_image)


def standalone_document(title: str, css: str, page_html: str, lang: str = "ko",
                        head: str = "") -> str:
    """A complete HTML file that opens offline (images must already be inlined or absolute);
    ``head``: the page's meta tags and JSON-LD (pagelogic/assemble/head.py)."""
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_lib.escape(title)}</title>\n{head}"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "img-src data: https: http:; style-src 'unsafe-inline'\">\n"
        f"<style>body{{margin:0;background:#eceff1}}{css}</style>\n</head>\n<body>\n"
        f"{page_html}\n</body>\n</html>\n"
    )


def seller_warnings(plan: PagePlan | dict, blocks: list[dict]) -> list[dict[str, str]]:
    """Everything the seller is told about a page, as {code, message}: the plan's advice
    (thin input, language, skipped blocks), grounding fixes of titles, and block warnings."""
    data = plan.model_dump(mode="json") if isinstance(plan, PagePlan) else plan
    notes = [{"code": a["code"], "message": a["message"]} for a in data.get("advice") or []]
    notes += [{"code": "grounding", "message": w} for w in data.get("warnings") or []]
    notes += [{"code": "block", "message": b["warning"]} for b in blocks
              if isinstance(b, dict) and b.get("warning")]
    return notes + _banned_removed(data, blocks) + _notice_gaps(data)


def _banned_removed(plan: dict, blocks: list[dict]) -> list[dict[str, str]]:
    """One warning listing what left the page for holding a banned word (plan titles and
    SEO, then each block's sentences and claims), so the seller can check the meaning."""
    removed = [*(plan.get("banned_removed") or []),
               *(r for b in blocks if isinstance(b, dict) for r in b.get("banned_removed") or [])]
    if not removed:
        return []
    return [{"code": "banned_words",
             "message": messages.t("warn.banned_removed", items=removed_summary(removed))}]


def _notice_gaps(plan: dict) -> list[dict[str, str]]:
    """A page whose 상품정보제공고시 still shows '입력 필요' rows is not ready to publish as it
    is: say so beside the questions that fill them."""
    for block in plan.get("blocks") or []:
        if block.get("block_type") == "InfoNotice" and block.get("notice"):
            count = len(NoticeFill.model_validate(block["notice"]).questions())
            if count:
                return [{"code": "notice_incomplete",
                         "message": messages.t("warn.notice_incomplete", count=count)}]
    return []
