"""The Together provider (official `together` SDK): FLUX text-to-image, and editing the
seller's photo with FLUX.1-kontext-dev (reference image via image_url).

Korean prompts are translated to English by the LLM first. Provider URLs expire, so URL
responses are downloaded at once (through the SSRF-safe fetcher) and returned as bytes for
the project's storage.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable

from together import AsyncTogether

from processors.providers.base import ImageBytes, MalformedOutput
from processors.providers.fetch import SafeFetcher
from processors.providers.resilience import Resilience
from processors.providers.usage import price, record
from schemas.plan import ImageKind, ImagePlan
from schemas.quality import CallCost

_MAGIC = ((b"\x89PNG", "image/png", "png"), (b"\xff\xd8\xff", "image/jpeg", "jpg"),
          (b"RIFF", "image/webp", "webp"))


def sniff(data: bytes) -> tuple[str, str]:
    for magic, mime, ext in _MAGIC:
        if data.startswith(magic):
            return mime, ext
    raise MalformedOutput("이미지 응답이 알 수 없는 형식입니다")


def _reachable(url: str, photo: bytes | None) -> str:
    """A URL Together can read: a stored photo named by a relative path (no public base URL
    configured) travels inline as a data URI."""
    if url.startswith("/") and photo:
        mime, _ = sniff(photo)
        return f"data:{mime};base64,{base64.b64encode(photo).decode()}"
    return url


def _multiple_of_16(value: int) -> int:
    return max(256, min(1440, round(value / 16) * 16))


class TogetherImages:
    def __init__(self, client: AsyncTogether, *, model: str, edit_model: str, steps: int,
                 translate: Callable[[str], Awaitable[str]], fetcher: SafeFetcher,
                 resilience: Resilience, prices: dict[str, dict[str, float]]):
        self.client, self.model, self.edit_model, self.steps = client, model, edit_model, steps
        self.translate, self.fetcher = translate, fetcher
        self.resilience, self.prices = resilience, prices

    async def make(self, image: ImagePlan, product_name: str, primary: str,
                   background: str, photo: bytes | None = None) -> ImageBytes:
        prompt = await self.translate(image.prompt)
        width, height = _multiple_of_16(image.width), _multiple_of_16(image.height)
        args: dict = dict(model=self.model, prompt=prompt, width=width, height=height,
                          steps=self.steps, n=1)
        if image.kind is ImageKind.edit and image.reference_url:
            args.update(model=self.edit_model, image_url=_reachable(image.reference_url, photo))
        result = await self.resilience.call(lambda: self.client.images.generate(**args),
                                            f"image {image.index}")
        record(CallCost(provider="together", model=args["model"], kind="image",
                        purpose=f"image {image.index}", images=1,
                        usd=price(self.prices, args["model"], images=1)))
        if not result.data:
            raise MalformedOutput("이미지 생성 응답에 이미지가 없습니다")
        item = result.data[0]
        if getattr(item, "b64_json", None):
            try:
                data = base64.b64decode(item.b64_json, validate=True)
            except ValueError as exc:
                raise MalformedOutput("이미지 데이터가 손상되었습니다.",
                                      detail=f"base64: {exc}") from exc
        else:
            data, _ = await self.fetcher.fetch(item.url)
        mime, ext = sniff(data)
        return ImageBytes(data=data, mime=mime, width=width, height=height, extension=ext)
