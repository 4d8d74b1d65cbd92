"""The seller web UI: plain ES modules and CSS under gateway/ui/, served at /ui with their own
Content-Security-Policy (the API's `default-src 'none'` would block them).

The policy allows scripts only from this origin (no inline script, no CDN). Inline styles are
allowed because previews are rendered in `srcdoc` iframes, which inherit this policy and carry
the page's generated stylesheet inline; scripts in those frames stay blocked twice: by this
policy and by the iframe's `sandbox` without `allow-scripts`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from gateway.routes import seller

UI_DIR = Path(__file__).resolve().parents[1] / "ui"
UI_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: blob:; connect-src 'self'; frame-src 'self' about: blob:; "
          "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class UIFiles(StaticFiles):
    """Static files with the UI's CSP; revalidated on every load so a deploy is seen at once."""

    async def get_response(self, path: str, scope: Scope):
        response = await super().get_response(path, scope)
        response.headers["Content-Security-Policy"] = UI_CSP
        response.headers["Cache-Control"] = "no-cache"
        return response


def install(app: FastAPI) -> None:
    app.include_router(seller.router)  # its text and recent work (before the catch-all mount)
    app.mount("/ui", UIFiles(directory=UI_DIR, html=True), name="ui")

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/ui/", status_code=307)
