"""Why a task failed, in two words: a short Korean sentence for the seller (the task's
``error``: what went wrong and what to change) and the technical detail for operators (the
dead letter and the log). Pure: no Kafka, no database.

Only a ``SellerFacing`` error's text is ever shown to a seller; any other exception's text
(a parser's complaint with ``input_value`` and a docs link, a URL, a class name) stays in
the detail and the seller reads a fixed sentence instead."""

from __future__ import annotations

from typing import NamedTuple

from pydantic import ValidationError

from pagelogic import messages
from pagelogic.blocks.render import TemplateRenderError
from schemas.text import condense

MAX_SELLER_TEXT = 300
MAX_DETAIL = 2000


GENERIC = messages.t("fail.generic")


class SellerFacing(Exception):
    """An error whose text is written for the seller: one short Korean sentence. What an
    operator needs (which call, the raw parser error) goes in ``detail``, never in str()."""

    def __init__(self, seller: str, detail: str = ""):
        super().__init__(seller)
        self.detail = detail


class Failure(NamedTuple):
    seller: str
    detail: str


def _detail(prefix: str, exc: BaseException) -> str:
    cause = f" (cause: {exc.__cause__!r})" if exc.__cause__ else ""
    return f"{prefix}: {type(exc).__name__}: {detail_of(exc)}{cause}"[:MAX_DETAIL]


def _field(exc: ValidationError) -> str:
    """" '제목' 항목" when the failing field has a Korean name; the path itself
    (blocks.0.title) is an internal name and stays in the detail."""
    errors = exc.errors()
    names = [p for p in (errors[0].get("loc", ()) if errors else ()) if isinstance(p, str)]
    field = messages.table("FIELDS").get(names[-1]) if names else None
    return f"의 '{field}' 항목" if field else ""


def detail_of(exc: BaseException) -> str:
    """The operator's view of ``exc`` for a log line: its text and, for a seller-facing
    error, the detail kept out of the seller's text."""
    extra = exc.detail if isinstance(exc, SellerFacing) else ""
    return f"{exc}{' | ' + extra if extra else ''}"


def seller_reason(exc: BaseException) -> str:
    """What the seller may read about ``exc``: its own text when it was written for them,
    else a fixed sentence (the exception's text goes to the log, not the page)."""
    if isinstance(exc, SellerFacing):
        return condense(str(exc), MAX_SELLER_TEXT)
    return GENERIC


def permanent(prefix: str, exc: BaseException) -> Failure:
    """A failure no retry will fix. Provider and planning errors already speak to the seller
    in Korean; a schema or template error is translated into what to change."""
    if isinstance(exc, ValidationError):
        text = (f"{prefix}: 생성된 내용{_field(exc)}이 허용된 형식에 맞지 않습니다. "
                "상품 설명을 짧은 문장으로 나누거나 특수 기호를 줄여 다시 요청해 주세요.")
    elif isinstance(exc, TemplateRenderError):
        text = (f"{prefix}: 선택한 템플릿으로 이 블록을 만들 수 없습니다. "
                "다른 템플릿을 고르거나 자동 선택으로 다시 요청해 주세요.")
    elif isinstance(exc, LookupError):
        text = (f"{prefix}: 선택한 템플릿이나 템플릿 세트를 찾을 수 없습니다. "
                "목록에서 다시 고르거나 자동 선택으로 다시 요청해 주세요.")
    else:
        text = f"{prefix}: {seller_reason(exc)}"
    return Failure(condense(text, MAX_SELLER_TEXT), _detail(prefix, exc))


def retried(prefix: str, attempts: int, exc: BaseException) -> Failure:
    """An unexpected error that kept coming back after every attempt."""
    return Failure(f"{prefix}({attempts}회 시도): 일시적인 오류가 계속되었습니다. "
                   "잠시 후 다시 요청해 주세요.", _detail(prefix, exc))


def outage(prefix: str, waited_s: float, exc: BaseException) -> Failure:
    """The database or the broker stayed unreachable past the outage budget."""
    return Failure(f"{prefix}: 저장소 또는 메시지 브로커 장애가 {waited_s:.0f}초 동안 "
                   "계속되었습니다. 잠시 후 다시 요청해 주세요.", _detail(prefix, exc))
