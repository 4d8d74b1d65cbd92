"""Image slots composed from the seller's photo with Pillow — pure, no network.

The offline image stage has no model that can draw: when the seller gave a photo, the hero
shows that photo as it is, and every other slot is made from it, so no slot of a page with a
photo is a placeholder. The compositions, chosen by slot: the product on the style's
background colour, a detail crop (close-up), a framed card.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageColor, ImageDraw, ImageFilter, ImageOps

COMPOSITIONS = ("detail_crop", "on_background", "framed_card")
_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"),
            "WEBP": ("image/webp", "webp")}


@dataclass(frozen=True)
class Composed:
    data: bytes
    mime: str
    extension: str
    width: int
    height: int
    kind: str  # "original": the photo itself; "composed": made from it


def composition_for(index: int, edit: bool) -> str:
    """The hero (the slot that would edit the photo) shows the photo; the others take turns."""
    return "original" if edit else COMPOSITIONS[(max(index, 1) - 1) % len(COMPOSITIONS)]


def compose(photo: bytes, *, index: int, edit: bool, width: int, height: int,
            primary: str, background: str) -> Composed:
    with Image.open(io.BytesIO(photo)) as image:
        image.load()
        how = composition_for(index, edit)
        if how == "original" and image.format in _FORMATS:
            mime, ext = _FORMATS[image.format]
            return Composed(photo, mime, ext, image.width, image.height, "original")
        product = image.convert("RGBA")
    if how == "detail_crop":
        canvas = _detail_crop(product, width, height, index)
    elif how == "framed_card":
        canvas = _framed_card(product, width, height, primary, background)
    else:
        canvas = _on_background(product, width, height, background)
    out = io.BytesIO()
    canvas.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    return Composed(out.getvalue(), "image/jpeg", "jpg", width, height, "composed")


def _fill(width: int, height: int, colour: str) -> Image.Image:
    return Image.new("RGBA", (width, height), ImageColor.getrgb(colour) + (255,))


def _place(canvas: Image.Image, product: Image.Image, box: tuple[int, int, int, int]) -> None:
    """Fit ``product`` inside ``box`` (left, top, right, bottom), centred, with a soft shadow."""
    left, top, right, bottom = box
    fitted = ImageOps.contain(product, (right - left, bottom - top), Image.LANCZOS)
    x = left + (right - left - fitted.width) // 2
    y = top + (bottom - top - fitted.height) // 2
    shadow = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    offset = max(4, fitted.height // 40)
    ImageDraw.Draw(shadow).rectangle(
        (x + offset, y + offset * 2, x + fitted.width + offset, y + fitted.height + offset * 2),
        fill=(0, 0, 0, 60))
    canvas.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(offset * 2)))
    canvas.alpha_composite(fitted, (x, y))


def _on_background(product: Image.Image, width: int, height: int, background: str) -> Image.Image:
    canvas = _fill(width, height, background)
    margin_x, margin_y = width // 10, height // 10
    _place(canvas, product, (margin_x, margin_y, width - margin_x, height - margin_y))
    return canvas


def _detail_crop(product: Image.Image, width: int, height: int, index: int) -> Image.Image:
    """A close-up: half the photo's size around its centre (slightly shifted per slot, so two
    crops of one page differ), filled to the slot."""
    w, h = product.size
    cw, ch = max(1, w // 2), max(1, h // 2)
    shifts = ((0, 0), (-1, -1), (1, 1), (1, -1), (-1, 1))
    dx, dy = shifts[(index // len(COMPOSITIONS)) % len(shifts)]
    left = min(max(0, (w - cw) // 2 + dx * w // 6), w - cw)
    top = min(max(0, (h - ch) // 2 + dy * h // 6), h - ch)
    crop = product.crop((left, top, left + cw, top + ch))
    return ImageOps.fit(crop, (width, height), Image.LANCZOS)


def _framed_card(product: Image.Image, width: int, height: int, primary: str,
                 background: str) -> Image.Image:
    canvas = _fill(width, height, background)
    pad = min(width, height) // 12
    card = (pad, pad, width - pad, height - pad)
    draw = ImageDraw.Draw(canvas)
    draw.rounded_rectangle(card, radius=pad // 2, fill=(255, 255, 255, 255),
                           outline=ImageColor.getrgb(primary), width=max(3, pad // 8))
    inner = pad // 2 + max(3, pad // 8)
    _place(canvas, product, (card[0] + inner, card[1] + inner, card[2] - inner, card[3] - inner))
    return canvas
