"""배송/교환/반품 안내 from the seller's settings — pure. Nothing here has a default: a fee or
an address the seller did not set is asked for, never guessed."""

from __future__ import annotations

from collections.abc import Mapping

from schemas.notice import NoticeRow, NoticeSource

# settings field → (label, question); the order is the order shown on the page.
FIELDS: dict[str, tuple[str, str]] = {
    "courier": ("택배사", "배송에 쓰는 택배사를 알려 주세요"),
    "shipping_fee": ("배송비", "기본 배송비를 알려 주세요 (무료배송이면 0원)"),
    "free_shipping_threshold": ("무료배송 조건", ""),  # optional: many sellers have none
    "return_fee": ("반품 배송비(편도)", "반품 배송비(편도)를 알려 주세요"),
    "exchange_fee": ("교환 배송비(왕복)", "교환 배송비(왕복)를 알려 주세요"),
    "return_address": ("반품·교환 주소", "반품·교환 받을 주소를 알려 주세요"),
    "as_phone": ("A/S·고객상담 전화번호", "A/S·고객상담 전화번호를 알려 주세요"),
    "return_rules": ("반품·교환 안내", "반품·교환 규정(신청 기간, 반품이 안 되는 경우 등)을 알려 주세요"),
}
MONEY = {"shipping_fee", "return_fee", "exchange_fee", "free_shipping_threshold"}


def won(amount: object) -> str:
    return f"{int(amount):,}원"


def _shown(key: str, value: object) -> str:
    if key == "shipping_fee" and int(value) == 0:
        return "무료"
    if key == "free_shipping_threshold":
        return f"{won(value)} 이상 구매 시 무료"
    return won(value) if key in MONEY else str(value)


def shipping_rows(settings: Mapping[str, object],
                  answers: Mapping[str, str] | None = None) -> list[NoticeRow]:
    """One row per field; a missing required field is a row with a question."""
    answers = answers or {}
    rows = []
    for key, (label, question) in FIELDS.items():
        value = settings.get(key)
        row = NoticeRow(key=f"shipping.{key}", label=label, question=question or None)
        if value is not None and value != "":
            row.value, row.status = _shown(key, value), "filled"
            row.sources = [NoticeSource(kind="settings", label=key, excerpt=str(value)[:400])]
        elif answers.get(row.key):
            row.value, row.status = answers[row.key], "filled"
            row.sources = [NoticeSource(kind="answer", label=row.key, excerpt=answers[row.key])]
        elif not question:
            continue  # optional and not set: nothing to show, nothing to ask
        rows.append(row)
    return rows
