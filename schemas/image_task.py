"""POST /image tasks: a task whose request is an ImageRequest and whose only part is one
image; the image stage completes it. Shared by the gateway, the image stage and the
reconciler."""

from __future__ import annotations

from typing import Any

from schemas.api import ImageRequest
from schemas.events import ImageRequested
from schemas.plan import ImageKind, ImagePlan

IMAGE_TASK_KIND = "image"


def is_image_task(request: dict[str, Any] | None) -> bool:
    return bool(request) and request.get("kind") == IMAGE_TASK_KIND


def image_task_request(body: ImageRequest) -> dict[str, Any]:
    return {"kind": IMAGE_TASK_KIND, **body.model_dump(mode="json")}


def image_requested(task_id: str, request: dict[str, Any]) -> ImageRequested:
    body = ImageRequest.model_validate({k: v for k, v in request.items() if k != "kind"})
    url = str(body.image_url) if body.image_url else None
    plan = ImagePlan(index=0, kind=ImageKind.edit if url else ImageKind.generate,
                     prompt=body.prompt_data, alt=body.prompt_data[:300], reference_url=url,
                     width=body.width, height=body.height)
    return ImageRequested(task_id=task_id, image=plan, product_name="",
                          palette_primary="#37474f", palette_background="#eceff1")
