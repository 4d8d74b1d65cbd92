"""Request dedupe: the same input under the same generation settings gives the same page,
so a finished page is reused instead of paying the providers again (unless forced)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from infra.settings import Settings

FINGERPRINT_VERSION = 1  # bump when generation logic changes what a request produces


def generation_fingerprint(settings: Settings) -> dict[str, Any]:
    real = settings.provider == "openai" or (settings.provider == "auto"
                                             and bool(settings.openai_api_key))
    return {"v": FINGERPRINT_VERSION, "provider": "openai" if real else "offline",
            "model": settings.openai_model if real else None,
            "temperature": settings.openai_temperature if real else None,
            "images": [settings.together_image_model, settings.together_edit_model,
                       settings.together_steps] if real and settings.together_api_key else None,
            "grounding": [settings.grounding_action, settings.grounding_min_coverage]}


def input_hash(request: dict[str, Any], settings: Settings) -> str:
    canonical = json.dumps({"request": request, "generator": generation_fingerprint(settings)},
                           sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
