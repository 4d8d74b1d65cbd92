"""Slice exports on the pods that have Chromium. The gateway image has neither Chromium nor
Playwright and its memory limit (256 Mi) could not hold a browser, so in a cluster the gateway
hands slice exports to the `pdp-slices` Deployment (k8s/components/slices: the same gateway
program built from the Dockerfile's `slices` target) when PDP_SLICE_SERVICE_URL is set. The
caller's credentials travel along, so the slices pod checks ownership itself."""

from __future__ import annotations

import httpx
from fastapi import Request
from fastapi.responses import Response

# What the caller's request carries that the slices pod needs to answer the same way.
FORWARDED_REQUEST = ("authorization", "x-user-id", "accept-language", "traceparent")
# What of the slices pod's answer reaches the caller.
FORWARDED_RESPONSE = ("content-type", "content-disposition", "retry-after", "x-page-height",
                      "x-slices")


async def forward(base_url: str, request: Request, timeout_s: float = 120.0) -> Response:
    headers = {k: v for k, v in request.headers.items() if k.lower() in FORWARDED_REQUEST}
    url = f"{base_url.rstrip('/')}{request.url.path}"
    try:
        async with httpx.AsyncClient(timeout=timeout_s) as client:
            answer = await client.get(url, params=request.query_params, headers=headers)
    except httpx.TransportError as exc:
        return Response(f'{{"detail": "slice export service unavailable: {type(exc).__name__}"}}',
                        status_code=503, media_type="application/json",
                        headers={"Retry-After": "5"})
    kept = {k: v for k, v in answer.headers.items() if k.lower() in FORWARDED_RESPONSE}
    return Response(answer.content, status_code=answer.status_code, headers=kept)
