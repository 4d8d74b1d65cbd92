"""Why a task failed, in two words: a short Korean sentence for the seller (the task's
``error``: what went wrong and what to change) and the technical detail for operators (the
dead letter and the log). Pure: no Kafka, no database."""

from __future__ import annotations

from typing import NamedTuple

from pydantic import ValidationError

from pagelogic.blocks.render import TemplateRenderError
from schemas.text import condense

MAX_SELLER_TEXT = 300
MAX_DETAIL = 2000


class Failure(NamedTuple):
    seller: str
    detail: str


def _detail(prefix: str, exc: BaseException) -> str:
    cause = f" (cause: {exc.__cause__!r})" if exc.__cause__ else ""
    return f"{prefix}: {type(exc).__name__}: {exc}{cause}"[:MAX_DETAIL]


def _field(exc: ValidationError) -> str:
    errors = exc.errors()
    loc = errors[0].get("loc", ()) if errors else ()
    return ".".join(str(part) for part in loc) or exc.title


def permanent(prefix: str, exc: BaseException) -> Failure:
    """A failure no retry will fix. Provider and planning errors already speak to the seller
    in Korean; a schema or template error is translated into what to change."""
    if isinstance(exc, ValidationError):
        text = (f"{prefix}: 생성된 내용의 '{_field(exc)}' 항목이 허용된 형식에 맞지 않습니다. "
                "상품 설명을 짧은 문장으로 나누거나 특수 기호를 줄여 다시 요청해 주세요.")
    elif isinstance(exc, TemplateRenderError):
        text = (f"{prefix}: 선택한 템플릿으로 이 블록을 만들 수 없습니다. "
                "다른 템플릿을 고르거나 자동 선택으로 다시 요청해 주세요.")
    elif isinstance(exc, LookupError):
        text = (f"{prefix}: 선택한 템플릿이나 템플릿 세트를 찾을 수 없습니다. "
                "목록에서 다시 고르거나 자동 선택으로 다시 요청해 주세요.")
    else:
        first_line = (str(exc).strip().splitlines() or [""])[0]
        text = f"{prefix}: {first_line}" if first_line else prefix
    return Failure(condense(text, MAX_SELLER_TEXT), _detail(prefix, exc))


def retried(prefix: str, attempts: int, exc: BaseException) -> Failure:
    """An unexpected error that kept coming back after every attempt."""
    return Failure(f"{prefix}({attempts}회 시도): 일시적인 오류가 계속되었습니다. "
                   "잠시 후 다시 요청해 주세요.", _detail(prefix, exc))


def outage(prefix: str, waited_s: float, exc: BaseException) -> Failure:
    """The database or the broker stayed unreachable past the outage budget."""
    return Failure(f"{prefix}: 저장소 또는 메시지 브로커 장애가 {waited_s:.0f}초 동안 "
                   "계속되었습니다. 잠시 후 다시 요청해 주세요.", _detail(prefix, exc))
