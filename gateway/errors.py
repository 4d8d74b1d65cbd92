"""Map domain errors to HTTP answers in one place."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from gateway.input_policy import printable
from infra.db.template_library import LibraryConflict, LibraryError
from infra.extras import MissingExtra
from infra.fetch import FetchFailed, FetchRefused, FetchTooLarge
from infra.slices import PageTooTall
from pagelogic import messages
from pagelogic.edits.plan_ops import EditRefused
from pagelogic.images.decode import ImageTooLarge, NotAnImage
from pagelogic.library.validate import TemplateInvalid
from pagelogic.messages.validation import fetch_reason, translate
from producers.kafka import BrokerUnavailable

T = TypeVar("T")
log = logging.getLogger("pdp.gateway")


class NotFound(Exception):
    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def found(value: T | None, what: str) -> T:
    """``value``, or a 404 naming ``what``. Another seller's row reads as missing too: the
    repositories filter by user, so nobody can probe which ids exist."""
    if value is None:
        raise NotFound(what)
    return value


def document_error_shapes(app: FastAPI) -> None:
    """422s carry either FastAPI's list of field errors or, for domain checks (template
    validation, edit rules), one message plus a machine-readable ``problem``: say so in the
    OpenAPI schema so clients and contract tests see the real shape."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        error = schema.get("components", {}).get("schemas", {}).get("HTTPValidationError")
        if error:
            listed = error["properties"]["detail"]
            error["properties"]["detail"] = {"anyOf": [listed, {"type": "string"}],
                                             "title": "Detail"}
            error["properties"]["problem"] = {"type": "string", "title": "Problem"}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi


def _not_found(e: Exception, lang: str) -> str:
    return messages.not_found(getattr(e, "what", None) or str(e), lang)


# Domain error → (status, how its message reads in the seller's language). One place
# instead of a handler each.
SIMPLE: dict[type[Exception], tuple[int, Callable[[Exception, str], str]]] = {
    NotFound: (404, _not_found),
    LibraryError: (404, _not_found),
    LibraryConflict: (409, lambda e, _: str(e)),
    # Fetch and decode errors are worded for operators (English, hosts, sizes): the seller
    # reads a sentence, the log keeps the text (see _simple).
    FetchRefused: (400, lambda e, lang: messages.t("url_refused", lang,
                                                   reason=fetch_reason(e, lang))),
    FetchTooLarge: (413, lambda e, lang: messages.t("url_failed", lang,
                                                    reason=fetch_reason(e, lang))),
    NotAnImage: (415, lambda e, lang: messages.t("not_an_image", lang)),
    ImageTooLarge: (413, lambda e, lang: messages.t("image_too_large", lang, width=e.width,
                                                    height=e.height, max_mp=f"{e.max_mp:.0f}")),
    PageTooTall: (422, lambda e, lang: messages.t("page_too_tall", lang, height=e.height,
                                                  max_height=e.max_height)),
    FetchFailed: (502, lambda e, lang: messages.t("url_failed", lang,
                                                  reason=fetch_reason(e, lang))),
    EditRefused: (422, lambda e, lang: e.text(lang)),
    # An optional package this deployment did not install (e.g. slice export on a pod
    # without the [slices] extra): the operator's fix is in the message.
    MissingExtra: (503, lambda e, lang: messages.t("feature_not_installed", lang, reason=e)),
}


def seller_language(request: Request) -> str:
    return messages.language(request.headers.get("accept-language"))


def _plain(error: dict) -> dict:
    loc = [printable(p) if isinstance(p, str) else p for p in error.get("loc", ())]
    return {"loc": loc, "msg": printable(str(error.get("msg", ""))),
            "type": str(error.get("type", "value_error"))}


def install(app: FastAPI) -> None:
    document_error_shapes(app)

    async def _simple(request: Request, exc: Exception) -> JSONResponse:
        status, message = next(v for k, v in SIMPLE.items() if isinstance(exc, k))
        if status >= 413 or isinstance(exc, FetchRefused):
            log.info("%s answered %d: %s: %s", request.url.path, status, type(exc).__name__, exc)
        return JSONResponse({"detail": message(exc, seller_language(request))}, status_code=status)

    for error in SIMPLE:
        app.add_exception_handler(error, _simple)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Same shape as FastAPI's (loc, type kept), msg a sentence naming the field.
        try:
            return JSONResponse({"detail": translate(list(exc.errors()),
                                                     seller_language(request))}, status_code=422)
        except (ValueError, UnicodeError):
            # Something JSON cannot carry (NaN, raw bytes, a lone surrogate in a loc or ctx):
            # the input policy refuses those first, this is the safety net.
            return JSONResponse({"detail": [_plain(e) for e in exc.errors()]}, status_code=422)

    @app.exception_handler(TemplateInvalid)
    async def _template_invalid(_: Request, exc: TemplateInvalid) -> JSONResponse:
        return JSONResponse({"detail": exc.message, "problem": exc.code}, status_code=422)

    # The database's and the broker's own words (SQL, constraint names, hosts) go to the
    # log, which carries the request's trace id; the client reads a sentence.
    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity error on %s: %s", request.url.path, exc.orig)
        return JSONResponse({"detail": messages.t("error.conflict", seller_language(request))},
                            status_code=422)

    @app.exception_handler(DataError)
    async def _bad_value(request: Request, exc: DataError) -> JSONResponse:
        # Values the database cannot hold (NUL characters, integers past 64 bits, …) are the
        # client's mistake: a 422, never a 500.
        log.warning("value refused by the database on %s: %s", request.url.path, exc.orig)
        return JSONResponse({"detail": [{"loc": ["body"], "type": "value_error",
                                         "msg": messages.t("error.unstorable",
                                                           seller_language(request))}]},
                            status_code=422)

    @app.exception_handler(BrokerUnavailable)
    async def _broker(request: Request, exc: BrokerUnavailable) -> JSONResponse:
        log.error("request %s not accepted, broker unavailable: %s", request.url.path, exc)
        return JSONResponse(
            {"detail": messages.t("error.broker_unavailable", seller_language(request))},
            status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def _database(request: Request, exc: Exception) -> JSONResponse:
        log.error("database unavailable on %s: %s", request.url.path, exc)
        return JSONResponse(
            {"detail": messages.t("error.database_unavailable", seller_language(request))},
            status_code=503, headers={"Retry-After": "5"})
