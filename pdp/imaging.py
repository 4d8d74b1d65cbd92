"""Uploaded images: decode from the bytes (never trust a name or Content-Type), re-encode with
Pillow so only pixels survive (EXIF/GPS, ICC, comments and any trailing payload are dropped)."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

# Pillow is imported inside clean_image: only upload requests need it, and every gateway
# process would otherwise carry it.

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # decompression-bomb guard: ~6300 x 6300
OUTPUT = {"JPEG": ("JPEG", "image/jpeg", "jpg")}


class NotAnImage(ValueError):
    """The bytes are not a supported raster image."""


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    mime: str
    extension: str
    width: int
    height: int


def clean_image(data: bytes) -> CleanImage:
    """Decode ``data`` as JPEG/PNG/WebP/GIF and re-encode it without metadata: JPEG stays JPEG
    (quality 90), everything else becomes PNG (transparency kept, first frame of animations)."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                if fmt not in ALLOWED_FORMATS:
                    raise NotAnImage(f"unsupported image format {fmt}")
                probe.verify()  # structure check; the image must be reopened afterwards
            with Image.open(io.BytesIO(data)) as image:
                image.seek(0)
                image = ImageOps.exif_transpose(image)  # keep the orientation EXIF encoded
                image.load()
    except NotAnImage:
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for bad input
        raise NotAnImage("the content is not a valid image") from exc
    mode = "RGB" if fmt == "JPEG" or image.mode not in ("RGBA", "LA", "P", "PA") else "RGBA"
    converted = image.convert(mode)
    # A new image from the raw pixels: Pillow would otherwise carry comments, EXIF and ICC
    # from ``info`` into the re-encoded file.
    pixels = Image.frombytes(mode, converted.size, converted.tobytes())
    out = io.BytesIO()
    if fmt == "JPEG":
        pixels.save(out, "JPEG", quality=90, optimize=True)
        mime, ext = "image/jpeg", "jpg"
    else:
        pixels.save(out, "PNG", optimize=True)
        mime, ext = "image/png", "png"
    return CleanImage(out.getvalue(), mime, ext, image.width, image.height)
