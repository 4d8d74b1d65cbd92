"""Map domain errors to HTTP answers in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from pdp.fetch import FetchFailed, FetchRefused, FetchTooLarge
from pdp.imaging import NotAnImage
from processors.edits.plan_ops import EditRefused
from pdp.db.template_library import LibraryConflict, LibraryError
from pdp.library.validate import TemplateInvalid
from producers.kafka import BrokerUnavailable


class NotFound(Exception):
    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


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


def install(app: FastAPI) -> None:
    document_error_shapes(app)
    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": f"{exc.what} not found"}, status_code=404)

    @app.exception_handler(LibraryError)
    async def _library_missing(_: Request, exc: LibraryError) -> JSONResponse:
        return JSONResponse({"detail": f"{exc} not found"}, status_code=404)

    @app.exception_handler(LibraryConflict)
    async def _library_conflict(_: Request, exc: LibraryConflict) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=409)

    @app.exception_handler(TemplateInvalid)
    async def _template_invalid(_: Request, exc: TemplateInvalid) -> JSONResponse:
        return JSONResponse({"detail": exc.message, "problem": exc.code}, status_code=422)

    @app.exception_handler(FetchRefused)
    async def _fetch_refused(_: Request, exc: FetchRefused) -> JSONResponse:
        return JSONResponse({"detail": f"URL refused: {exc}"}, status_code=400)

    @app.exception_handler(FetchTooLarge)
    async def _too_large(_: Request, exc: FetchTooLarge) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=413)

    @app.exception_handler(NotAnImage)
    async def _not_image(_: Request, exc: NotAnImage) -> JSONResponse:
        return JSONResponse({"detail": f"not an image: {exc}"}, status_code=415)

    @app.exception_handler(FetchFailed)
    async def _fetch_failed(_: Request, exc: FetchFailed) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=502)

    @app.exception_handler(EditRefused)
    async def _refused(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        return JSONResponse({"detail": "the request refers to something that does not exist "
                                       "or conflicts with stored data"}, status_code=422)

    @app.exception_handler(DataError)
    async def _bad_value(_: Request, exc: DataError) -> JSONResponse:
        # Values the database cannot hold (NUL characters, integers past 64 bits, …) are the
        # client's mistake: a 422, never a 500.
        reason = str(getattr(exc.orig, "pgerror", "") or exc.orig).strip().splitlines()[0][:200]
        return JSONResponse({"detail": [{"loc": ["body"], "type": "value_error",
                                         "msg": f"a value cannot be stored: {reason}"}]},
                            status_code=422)

    @app.exception_handler(BrokerUnavailable)
    async def _broker(_: Request, exc: BrokerUnavailable) -> JSONResponse:
        return JSONResponse(
            {"detail": "message broker unavailable: the request was not accepted, "
                       "please retry later", "reason": str(exc)},
            status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def _database(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": "database unavailable, please retry later"},
                            status_code=503, headers={"Retry-After": "5"})
