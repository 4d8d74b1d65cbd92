"""The seller's photo: own-media recognition, slots attached to the plan, and the image slots
composed from it with Pillow (pagelogic/images/photo.py, compose.py, schemas/urls.py)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pydantic import ValidationError

from pagelogic.facts.extract import extract_facts
from pagelogic.images.compose import compose, composition_for
from pagelogic.images.photo import Photo, attach_photo, own_path, provider_url
from pagelogic.plan.logic import plan_page
from schemas.api import GenerationRequest
from schemas.plan import ImageKind
from schemas.urls import own_media_path

KEY = "ab/" + "ab" * 32
PATH = f"/media/{KEY}.png"
RED = (200, 40, 40)


def photo_png(size=(400, 300)) -> bytes:
    """A red product with a blue stripe on white: every region of a crop is recognisable."""
    image = Image.new("RGB", size, (255, 255, 255))
    w, h = size
    image.paste(RED, (w // 5, h // 5, w * 4 // 5, h * 4 // 5))
    image.paste((30, 60, 200), (w // 5, h // 2 - 5, w * 4 // 5, h // 2 + 5))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("url, expected", [
    (PATH, PATH), (f"http://127.0.0.1:8000{PATH}", PATH), (f"https://shop.example{PATH}", PATH),
    ("/media/ab/short.png", None), (f"/media/../{KEY}.png", None), (f"{PATH}?x=1", None),
    (f"/media/{KEY}.svg", None), (f"ftp://h{PATH}", None), ("/etc/passwd", None),
    (f"http://user@h{PATH}", None),
])
def test_only_content_addressed_media_paths_name_stored_images(url, expected):
    assert own_media_path(url) == expected


def test_an_absolute_media_url_is_ours_only_on_our_own_origin():
    mine = ["http://127.0.0.1:8000", None]
    assert own_path(f"http://127.0.0.1:8000{PATH}", mine) == PATH
    assert own_path(f"http://127.0.0.1:8001{PATH}", mine) is None
    assert own_path(f"http://10.0.0.5{PATH}", mine) is None
    assert own_path(PATH, []) == PATH
    assert own_path(f"https://shop.example{PATH}", ["https://shop.example/"]) == PATH
    assert own_path("https://cdn.example.com/a.png", mine) is None


def test_relative_and_absolute_uploads_pass_the_edge_but_private_hosts_elsewhere_do_not():
    assert GenerationRequest(product_data="x", product_image_url=PATH).product_image_url == PATH
    absolute = f"http://127.0.0.1:8000{PATH}"
    assert GenerationRequest(product_data="x", product_image_url=absolute)  # host: the gateway
    for url in ("http://127.0.0.1:8000/a.png", "/a.png", "/media/x.png"):
        with pytest.raises(ValidationError, match="product_image_url"):
            GenerationRequest(product_data="x", product_image_url=url)


def test_provider_reads_remote_photos_where_they_are_and_uploads_through_the_public_base():
    assert provider_url("https://cdn.example.com/a.png", PATH, False, "") == \
        "https://cdn.example.com/a.png"
    assert provider_url(PATH, PATH, True, "https://pdp.example.com/") == \
        f"https://pdp.example.com{PATH}"
    assert provider_url(PATH, PATH, True, "") == PATH


def _plan(url: str | None):
    request = GenerationRequest(product_data="보온 텀블러\n가격: 19,000원\n용량: 500ml",
                                features=["보온 12시간", "스테인리스"], product_image_url=url)
    return plan_page(extract_facts(request))


def test_every_image_slot_gets_the_stored_photo_and_the_edit_slot_the_provider_url():
    plan = attach_photo(_plan("https://cdn.example.com/p.jpg"),
                        Photo(PATH, "https://cdn.example.com/p.jpg"))
    assert len(plan.images) >= 2 and all(i.photo_url == PATH for i in plan.images)
    hero = plan.images[0]
    assert hero.kind is ImageKind.edit and hero.reference_url == "https://cdn.example.com/p.jpg"


def test_a_photo_that_could_not_be_used_leaves_no_edit_slot_and_warns():
    plan = attach_photo(_plan("https://cdn.example.com/p.jpg"), None, "사진을 못 가져왔습니다")
    assert all(i.kind is ImageKind.generate and i.reference_url is None and i.photo_url is None
               for i in plan.images)
    assert (plan.advice[-1].code, plan.advice[-1].message) == ("photo_unusable",
                                                               "사진을 못 가져왔습니다")


def _pixels(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def _near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def _share(image: Image.Image, colour) -> float:
    small = image.resize((80, 80))
    return sum(_near(p, colour) for p in small.getdata()) / 6400


def test_the_hero_is_the_photo_itself():
    photo = photo_png()
    made = compose(photo, index=0, edit=True, width=860, height=860, primary="#1f3a5f",
                   background="#f4f6f9")
    assert made.data == photo and made.kind == "original" and made.mime == "image/png"
    assert (made.width, made.height) == (400, 300)


def test_slots_take_turns_between_the_three_compositions():
    assert [composition_for(i, False) for i in (1, 2, 3, 4)] == \
        ["detail_crop", "on_background", "framed_card", "detail_crop"]


@pytest.mark.parametrize("index", [1, 2, 3])
def test_composed_slots_are_sized_and_show_the_product(index):
    made = compose(photo_png(), index=index, edit=False, width=860, height=560,
                   primary="#1f3a5f", background="#f4f6f9")
    image = _pixels(made.data)
    assert image.size == (860, 560) and made.mime == "image/jpeg" and made.kind == "composed"
    assert _share(image, RED) > 0.1  # the product is there, large


def test_the_product_sits_on_the_style_background_and_the_card_is_framed():
    on_background = _pixels(compose(photo_png(), index=2, edit=False, width=860, height=560,
                                    primary="#1f3a5f", background="#fdf6ec").data)
    assert _near(on_background.getpixel((5, 5)), (0xfd, 0xf6, 0xec), 6)
    card = _pixels(compose(photo_png(), index=3, edit=False, width=860, height=560,
                           primary="#1f3a5f", background="#fdf6ec").data)
    assert _near(card.getpixel((3, 3)), (0xfd, 0xf6, 0xec), 6)  # outside the card
    frame = sum(_near(p, (0x1f, 0x3a, 0x5f), 12) for p in card.getdata()) / (860 * 560)
    assert frame > 0.01  # the frame, in the primary colour


def test_a_detail_crop_is_a_close_up():
    crop = _pixels(compose(photo_png(), index=1, edit=False, width=860, height=560,
                           primary="#1f3a5f", background="#ffffff").data)
    whole = _pixels(photo_png()).resize((860, 560))
    assert _share(crop, RED) > _share(whole, RED) + 0.2  # zoomed in: more product, less margin


def test_a_transparent_product_is_placed_on_the_background():
    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    image.paste((*RED, 255), (50, 50, 150, 150))
    out = io.BytesIO()
    image.save(out, "PNG")
    made = _pixels(compose(out.getvalue(), index=2, edit=False, width=400, height=400,
                           primary="#000000", background="#00ff00").data)
    assert _near(made.getpixel((200, 200)), RED) and _near(made.getpixel((2, 2)), (0, 255, 0))
