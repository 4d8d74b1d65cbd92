"""Peak RSS of the gateway under concurrent resource bombs (issue #14, build point 3).

    PGHOST=127.0.0.1 PGUSER=postgres DATABASE_URL=postgresql://postgres@127.0.0.1/pdp_bombs \
        .venv/bin/python scripts/measure_image_bombs.py [--concurrency 4]

Starts the broker and one gateway (no worker: nothing here reaches the pipeline) as real
processes, then per scenario sends ``--concurrency`` requests at once and samples the
gateway's RSS with psutil every 10 ms:

- png_bomb: a 6300x6300 RGBA PNG (154 KB file, ~160 MB decoded) as a multipart upload;
- jpeg_large: a 6000x4000 JPEG (decoded reduced, 1/2 scale);
- png_at_budget: a 2896x2896 RGBA PNG, just under the decode budget (the worst legal case);
- preview_bomb: an admin template preview of {{ "a" * 400000000 }}.

Prints one JSON report: baseline RSS, and per scenario the peak RSS and the status codes.
Loopback traffic only; bounded in count and time.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from tempfile import mkdtemp

import httpx
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.embedded.stack import Stack  # noqa: E402
from infra.settings import Settings  # noqa: E402
from tests.bombs import PeakRss, png_bomb  # noqa: E402

UPLOAD = "/api/generation/upload-image/file"
PREVIEW = "/api/templates/preview"
ADMIN = "bomb-admin"


def _encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return out.getvalue()


def _gradient(width: int, height: int, mode: str) -> Image.Image:
    """A smooth picture (compresses well, so it passes the 10 MB byte limit)."""
    return Image.linear_gradient("L").resize((width, height)).convert(mode)


def scenarios() -> dict[str, tuple[str, object]]:
    return {
        "png_bomb": ("upload", png_bomb(6300, 6300)),
        "jpeg_large": ("upload", _encoded(_gradient(6000, 4000, "RGB"), "JPEG")),
        "png_at_budget": ("upload", _encoded(_gradient(2896, 2896, "RGBA"), "PNG")),
        "preview_bomb": ("preview", {"block_type": "FAQ", "slots": ["heading"],
                                     "template_html": '<section>{{ s.heading }}'
                                                      '{{ "a" * 400000000 }}</section>'}),
    }


def _send(client: httpx.Client, kind: str, payload) -> int:
    if kind == "upload":
        return client.post(UPLOAD, files={"file": ("bomb.png", payload, "image/png")}).status_code
    return client.post(PREVIEW, json=payload, headers={"X-User-Id": ADMIN}).status_code


def run_scenario(stack: Stack, kind: str, payload, concurrency: int) -> dict:
    with httpx.Client(base_url=stack.url, headers={"X-User-Id": "bomb-seller"},
                      timeout=120) as client, PeakRss(stack.gateway_proc.pid) as rss, \
            ThreadPoolExecutor(concurrency) as pool:
        started = time.monotonic()
        codes = list(pool.map(lambda _: _send(client, kind, payload), range(concurrency)))
        seconds = time.monotonic() - started
        time.sleep(0.3)  # let the sampler see any late growth
    alive = httpx.get(stack.url + "/api/generation/actuator/health", timeout=5).status_code
    return {"statuses": sorted(codes), "peak_rss_mib": round(rss.peak_mib, 1),
            "seconds": round(seconds, 2), "gateway_alive": alive == 200}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    payloads = scenarios()
    home = Path(mkdtemp(prefix="pdp-bombs-"))
    settings = Settings(home=home, media_dir=home / "media")
    stack = Stack(settings, workers=0, extra_env={"PDP_RATE_LIMIT": "",
                                                   "PDP_ADMIN_USER_IDS": ADMIN,
                                                   "PDP_LAG_INTERVAL_S": "0"})
    stack.start()
    try:
        time.sleep(1)
        with PeakRss(stack.gateway_proc.pid) as idle:
            time.sleep(1)
        report = {"concurrency": args.concurrency, "baseline_rss_mib": round(idle.peak_mib, 1),
                  "scenarios": {}}
        for name, (kind, payload) in payloads.items():
            report["scenarios"][name] = run_scenario(stack, kind, payload, args.concurrency)
        report["peak_rss_mib"] = max(s["peak_rss_mib"] for s in report["scenarios"].values())
    finally:
        stack.stop()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
