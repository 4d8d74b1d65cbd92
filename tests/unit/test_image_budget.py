"""Image uploads are bounded by the decoded size, read from the header before decoding."""

from __future__ import annotations

import io
import resource

import pytest
from PIL import Image

from pagelogic.images.decode import ImageTooLarge, clean_image, decode_scale, decoded_bytes
from tests.bombs import png_bomb


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(out, "JPEG", quality=80)
    return out.getvalue()


def test_png_bomb_is_refused_from_its_header_without_decoding():
    bomb = png_bomb(6300, 6300)
    assert len(bomb) < 200_000  # small on the wire, ~160 MB decoded
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ImageTooLarge, match="6300x6300"):
        clean_image(bomb)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 60, f"peak RSS grew by {grown_mb:.0f} MB"


def test_big_jpeg_is_decoded_reduced_to_fit_the_budget():
    budget = decoded_bytes(300, 300)
    cleaned = clean_image(_jpeg(1000, 800), budget=budget)
    assert (cleaned.width, cleaned.height) == (250, 200)  # decoded at 1/4 scale
    assert decoded_bytes(cleaned.width, cleaned.height) <= budget
    assert Image.open(io.BytesIO(cleaned.data)).size == (250, 200)


def test_image_within_the_budget_keeps_its_size():
    cleaned = clean_image(_jpeg(640, 480), budget=decoded_bytes(640, 480))
    assert (cleaned.width, cleaned.height) == (640, 480)


def test_png_over_the_budget_is_refused_with_the_limits_named():
    out = io.BytesIO()
    Image.new("RGBA", (400, 400)).save(out, "PNG")
    with pytest.raises(ImageTooLarge, match=r"400x400.*send it as JPEG"):
        clean_image(out.getvalue(), budget=decoded_bytes(300, 300))


@pytest.mark.parametrize(("size", "scale"), [((800, 600), 1), ((1600, 1200), 2),
                                              ((3200, 2400), 4), ((6400, 4800), 8)])
def test_decode_scale_picks_the_largest_jpeg_scale_that_fits(size, scale):
    assert decode_scale("JPEG", *size, budget=decoded_bytes(800, 600)) == scale


def test_jpeg_too_big_even_at_one_eighth_is_refused():
    with pytest.raises(ImageTooLarge):
        decode_scale("JPEG", 64_000, 64_000, budget=decoded_bytes(800, 600))


def test_no_metadata_survives_the_re_encoding():
    from PIL import PngImagePlugin

    icc = b"\0\0\x02\x0cICC-SECRET-PROFILE" + b"\0" * 64
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "PNG-SECRET-TEXT")
    exif = Image.Exif()
    exif[0x010F] = "EXIF-SECRET-CAM"
    xmp = b"<x:xmpmeta>XMP-SECRET</x:xmpmeta>"
    for fmt, extra in (("PNG", {"pnginfo": text}), ("JPEG", {"comment": b"JPEG-SECRET"})):
        out = io.BytesIO()
        Image.new("RGB", (64, 48), (10, 20, 30)).save(out, fmt, icc_profile=icc, xmp=xmp,
                                                      exif=exif.tobytes(), **extra)
        cleaned = clean_image(out.getvalue()).data
        for secret in (b"SECRET", b"ICC-", b"XMP", b"EXIF"):
            assert secret not in cleaned, (fmt, secret)
        assert Image.open(io.BytesIO(cleaned)).size == (64, 48)
