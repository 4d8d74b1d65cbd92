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
from pagelogic.facts.language import NAMES_KO, text_language
from pagelogic.plan.banned import removed_summary
from pagelogic.quality.report import text_nodes
from pagelogic.sanitize import IMAGE_SCHEME, sanitize_html
from schemas.notice import NoticeFill
from schemas.plan import PagePlan
from schemas.quality import CostSummary, PageCost
from schemas.resources import GENERATED

_IMAGE_REF = re.compile(re.escape(IMAGE_SCHEME) + r"://(\d+)")
_PAGE_LANG = re.compile(r'<div class="pdp-page" lang="([A-Za-z-]{2,16})"')
# The 상품정보제공고시 table keeps the law's Korean wording on every page, whatever language
# the page is in: it does not count when reading the page's language.
_LEGAL_TABLE = "pdp-notice"


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
    language: str = "ko"  # the language the text is in (measured, not the one asked for)
    # Measured at assembly, stored with the page's plan: parts that fell back (placeholder
    # images) and a language other than the one planned, as {code, message}.
    notes: list[dict[str, str]] = field(default_factory=list)


def _swap_images(block_html: str, image_urls: dict[int, str]) -> str:
    def repl(match: re.Match) -> str:
        return image_urls.get(int(match.group(1)), "")
    return _IMAGE_REF.sub(repl, block_html)


def show_block(raw_html: str, image_urls: dict[int, str]) -> str:
    """A stored raw block as the page shows it. Hand edits go through this too, so a block
    nobody touched comes out of a later assembly byte-identical."""
    return sanitize_html(_swap_images(raw_html, image_urls))


def content_language(html_list: list[str], fallback: str = "ko") -> str:
    """The language the blocks are written in, read from their text (``fallback`` when
    they have none): what a browser, a screen reader and a search engine are told."""
    text = " ".join(node for html in html_list if _LEGAL_TABLE not in html
                    for node in text_nodes(html))
    return text_language(text, fallback)


def page_html(fallback: str, html_list: list[str]) -> str:
    """The page's markup; its ``lang`` is the language the text is in, ``fallback`` (the
    planned one) only when there is no text to tell."""
    body = "\n".join(html_list)
    return f'<div class="pdp-page" lang="{content_language(html_list, fallback)}">\n{body}\n</div>'


def html_language(page_html: str) -> str:
    """The lang a stored page's markup declares (pages stored before it was measured are
    read from their text)."""
    found = _PAGE_LANG.search(page_html)
    return found.group(1) if found else content_language([page_html])


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
    language = content_language(html_list, plan.language)
    return AssembledPage(title=plan.title, html_list=html_list, html=page_html(plan.language, html_list),
                         css=page_css(plan.style), images=ordered_images, blocks=block_meta,
                         cost=page_cost(plan_cost, blocks, images).model_dump(mode="json"),
                         language=language,
                         notes=_image_fallbacks(ordered_images) + _language_note(plan, language))


def _image_fallbacks(images: list[dict]) -> list[dict[str, str]]:
    """A slot that holds a placeholder because the image provider failed is a part of the
    result the seller must know about (the image stage wrote why)."""
    return [{"code": "image_placeholder", "message": image["warning"]}
            for image in images if image.get("warning")]


def _language_note(plan: PagePlan, actual: str) -> list[dict[str, str]]:
    """The page was planned in one language and written in another (a provider that did not
    translate): lang follows the text, and the seller is told."""
    if actual == plan.language:
        return []
    wanted, written = (NAMES_KO.get(plan.language, plan.language),
                       NAMES_KO.get(actual, actual))
    return [{"code": "language_mismatch",
             "message": messages.t("warn.language_mismatch", wanted=wanted, actual=written)}]


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


def standalone_document(title: str, css: str, page_html: str, lang: str | None = None,
                        head: str = "") -> str:
    """A complete HTML file that opens offline (images must already be inlined or absolute);
    ``lang``: by default the page's own (the language its text is in); ``head``: the page's
    meta tags and JSON-LD (pagelogic/assemble/head.py)."""
    lang = lang or html_language(page_html)
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_lib.escape(title)}</title>\n{head}"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "img-src data: https: http:; style-src 'unsafe-inline'\">\n"
        f"<style>body{{margin:0;background:#eceff1}}{css}</style>\n</head>\n<body>\n"
        f"{page_html}\n</body>\n</html>\n"
    )


def seller_warnings(plan: PagePlan | dict, blocks: list[dict],
                    assembly: list[dict[str, str]] | None = None) -> list[dict[str, str]]:
    """Everything the seller is told about a page, as {code, message}: the plan's advice
    (thin input, language, skipped blocks), grounding fixes of titles, block warnings (kept
    with a warning or left out), and what assembly measured (placeholder images,
    the language the text is really in; ``assembly``, else as stored with the plan)."""
    data = plan.model_dump(mode="json") if isinstance(plan, PagePlan) else plan
    notes = [{"code": a["code"], "message": a["message"]} for a in data.get("advice") or []]
    notes += [{"code": "grounding", "message": w} for w in data.get("warnings") or []]
    notes += [{"code": "block", "message": b["warning"]} for b in blocks
              if isinstance(b, dict) and b.get("warning")]
    notes += [{"code": n["code"], "message": n["message"]}
              for n in (assembly if assembly is not None else data.get("assembly_notes") or [])]
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
