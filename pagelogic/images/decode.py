"""Uploaded images: decode from the bytes (never trust a name or Content-Type), re-encode with
Pillow so only pixels survive (EXIF/GPS, ICC, comments and any trailing payload are dropped).

Memory is bounded before anything is decoded: the header gives the size, and the bitmap the
decoder would allocate is checked against a budget. A JPEG over the budget is decoded at 1/2,
1/4 or 1/8 scale (libjpeg's DCT scaling, Pillow's draft()), so the full bitmap never exists;
other formats have no reduced decoding and are refused. A 6300 x 6300 RGBA PNG is ~154 KB on
the wire and ~160 MB decoded: it must be refused from its header, not after load()."""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

# Pillow is imported inside the functions: only upload requests need it, and every gateway
# process would otherwise carry it.

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
MAX_PIXELS = 40_000_000  # absolute header cap (Pillow's bomb check): ~6300 x 6300
# Pillow keeps every multi-band mode (RGB too) at 4 bytes a pixel; L and P at 1.
BYTES_PER_PIXEL = 4
DECODE_BUDGET_BYTES = 32 * 1024 * 1024  # one decoded bitmap: 8 MP in RGB(A)
JPEG_SCALES = (1, 2, 4, 8)


class NotAnImage(ValueError):
    """The bytes are not a supported raster image."""


class ImageTooLarge(ValueError):
    """Decoding the image would need more memory than one upload may use. Carries the sizes
    so the seller's message can say how large the photo is and how large it may be."""

    def __init__(self, message: str, width: int = 0, height: int = 0, max_mp: float = 0.0):
        super().__init__(message)
        self.width, self.height, self.max_mp = width, height, max_mp


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    mime: str
    extension: str
    width: int
    height: int


def decoded_bytes(width: int, height: int) -> int:
    return width * height * BYTES_PER_PIXEL


def decode_scale(fmt: str, width: int, height: int, budget: int) -> int:
    """The 1/n scale to decode at so the bitmap fits ``budget`` (1: full size); raises
    ImageTooLarge when no allowed scale fits. Only JPEG can be decoded reduced."""
    scales = JPEG_SCALES if fmt == "JPEG" else (1,)
    for scale in scales:
        if decoded_bytes(math.ceil(width / scale), math.ceil(height / scale)) <= budget:
            return scale
    mp = budget // BYTES_PER_PIXEL / 1_000_000
    raise ImageTooLarge(
        f"the image is {width}x{height} pixels; decoding it needs "
        f"{decoded_bytes(width, height) // 2**20} MiB, over the {budget // 2**20} MiB limit "
        f"per upload (at most about {mp:.1f} megapixels"
        f"{'' if fmt == 'JPEG' else ', or send it as JPEG'})", width, height, mp)


def clean_image(data: bytes, budget: int = DECODE_BUDGET_BYTES) -> CleanImage:
    """Decode ``data`` as JPEG/PNG/WebP/GIF and re-encode it without metadata: JPEG stays JPEG
    (quality 90), everything else becomes PNG (transparency kept, first frame of animations).
    A JPEG too big for ``budget`` comes back reduced (width and height halved 1-3 times)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    fmt, scale = _inspect(data, budget)
    pixels = _decode(data, fmt, scale)
    out = io.BytesIO()
    try:
        if fmt == "JPEG":
            pixels.save(out, "JPEG", quality=90, optimize=True)
            mime, ext = "image/jpeg", "jpg"
        else:
            pixels.save(out, "PNG", optimize=True)
            mime, ext = "image/png", "png"
        return CleanImage(out.getvalue(), mime, ext, pixels.width, pixels.height)
    finally:
        pixels.close()


def _inspect(data: bytes, budget: int) -> tuple[str, int]:
    """Format and decode scale from the header alone (no pixel is decoded here)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as probe:
                fmt, (width, height) = probe.format, probe.size
                scale = decode_scale(fmt, width, height, budget)
                probe.verify()  # structure check; the image must be reopened afterwards
    except (NotAnImage, ImageTooLarge):
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for bad input
        raise NotAnImage("the content is not a valid image") from exc
    return fmt, scale


def _decode(data: bytes, fmt: str, scale: int):
    """The first frame as RGB/RGBA with an empty ``info``: Pillow's savers fall back to
    ``info`` for ICC, comments, XMP and transparency (EXIF and text only come from save
    arguments), so nothing but pixels reaches the re-encoded file. No copy is made when the
    decoded mode is already the one kept, so one bitmap is alive per upload."""
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
        if scale > 1:
            image.draft("RGB", (math.ceil(image.width / scale), math.ceil(image.height / scale)))
        image.seek(0)
        image.load()
        ImageOps.exif_transpose(image, in_place=True)  # keep the orientation EXIF encoded
        keep_alpha = fmt != "JPEG" and image.mode in ("RGBA", "LA", "P", "PA")
        mode = "RGBA" if keep_alpha else "RGB"
        if image.mode != mode:
            converted = image.convert(mode)
            image.close()  # frees the decoded bitmap before it is encoded
            image = converted
    except Exception as exc:  # noqa: BLE001 - a truncated file fails only here, in load()
        raise NotAnImage("the content is not a valid image") from exc
    image.info = {}
    image.encoderinfo = {}
    return image
