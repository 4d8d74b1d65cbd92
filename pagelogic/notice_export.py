"""The 상품정보제공고시 as marketplaces keep it apart from the page — pure.

Coupang (Wing / Open API) and Naver SmartStore register the notice as structured fields
next to the detail page; cafe24 shows the page's own table. The files here are what a seller
(or an uploader) copies into those fields: one row per item, and the items still missing
listed separately — a missing item is never exported as "상세페이지 참조".
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from schemas.notice import NoticeFill


def _rows(fill: NoticeFill) -> list[dict[str, str]]:
    return [{"label": r.label, "value": r.value} for r in fill.rows if r.value is not None]


def notice_document(fill: NoticeFill, profile: str) -> dict[str, Any]:
    missing = [r.label for r in fill.rows if r.value is None]
    base: dict[str, Any] = {"notice_version": fill.notice_version, "group": fill.group_title,
                            "missing": missing,
                            "shipping": [{"label": r.label, "value": r.value}
                                         for r in fill.shipping if r.value is not None]}
    if profile == "coupang":  # Wing: noticeCategoryName + noticeCategoryDetailName/content
        base["notices"] = [{"noticeCategoryName": fill.group_title,
                            "noticeCategoryDetailName": r["label"], "content": r["value"]}
                           for r in _rows(fill)]
    elif profile == "naver":  # Commerce API productInfoProvidedNotice (type + items)
        base["productInfoProvidedNoticeType"] = fill.naver_type
        base["items"] = _rows(fill)
    else:
        base["items"] = _rows(fill)
    return base


def notice_json(fill: NoticeFill, profile: str) -> bytes:
    return json.dumps(notice_document(fill, profile), ensure_ascii=False, indent=2).encode()


def notice_csv(fill: NoticeFill) -> bytes:
    """상품군, 항목, 내용, 출처 — UTF-8 with BOM so spreadsheet programs read the Hangul."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["상품군", "항목", "내용", "상태"])
    for row in [*fill.rows, *fill.shipping]:
        writer.writerow([fill.group_title, row.label, row.value or "", row.status])
    return ("\ufeff" + buffer.getvalue()).encode()
