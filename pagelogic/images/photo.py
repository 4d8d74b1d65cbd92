"""The seller's photo in a plan — pure: is a URL this service's own stored image, which URL
an editing provider reads, and which image slots get the photo."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from schemas.plan import ImageKind, PagePlan
from schemas.quality import SellerWarning
from schemas.urls import own_media_path

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Photo:
    stored_url: str  # this service's stored copy (a storage URL, e.g. /media/ab/….jpg)
    provider_url: str  # what an editing provider (FLUX) reads


def origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    try:
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
    except ValueError:
        return None
    return f"{parts.scheme}://{parts.hostname.lower()}:{port}"


def own_path(url: str, own_origins: Iterable[str | None]) -> str | None:
    """The storage path when ``url`` names an image this service stored: a relative /media/…
    path, or an absolute one on one of ``own_origins`` (the public base URL, the host the
    request came in on). Anything else is a remote URL, fetched with the usual checks."""
    path = own_media_path(url)
    if path is None or url.startswith("/"):
        return path
    mine = {origin(o) for o in own_origins if o} - {None}
    return path if origin(url) in mine else None


def provider_url(given: str, stored_url: str, own: bool, public_base_url: str) -> str:
    """A remote photo is read by the provider where the seller put it (as before); a stored
    upload through the public base URL, else by its path (the provider then sends it inline)."""
    if not own:
        return given
    return public_base_url.rstrip("/") + stored_url if stored_url.startswith("/") else stored_url


def attach_photo(plan: PagePlan, photo: Photo | None, warning: str | None = None) -> PagePlan:
    """Every image slot gets the photo (the offline stage composes from it, the edit slot
    sends it to the provider); without one, no slot asks to edit a photo it cannot have."""
    images = []
    for image in plan.images:
        if photo is not None:
            update = {"photo_url": photo.stored_url}
            if image.kind is ImageKind.edit:
                update["reference_url"] = photo.provider_url
        elif image.kind is ImageKind.edit:
            update = {"kind": ImageKind.generate, "reference_url": None}
        else:
            update = {}
        images.append(image.model_copy(update=update))
    # What the seller is told goes with the plan's other advice, under its own code.
    advice = [*plan.advice, SellerWarning(code="photo_unusable", message=warning)] \
        if warning else plan.advice
    return plan.model_copy(update={"images": images, "advice": advice})
