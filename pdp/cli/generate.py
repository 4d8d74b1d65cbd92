"""`pdp generate FILE... [-o OUT]`: product JSON in, standalone HTML pages out, through the
real pipeline (gateway → Kafka → worker → PostgreSQL)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from pdp.export import standalone_page

console = Console(stderr=True)
USER = "pdp-cli"


def output_paths(inputs: list[Path], out: Path | None) -> list[Path]:
    """OUT is a file for one input, a directory for several; default ./out/<name>.html."""
    if len(inputs) == 1 and out is not None and out.suffix.lower() in (".html", ".htm"):
        return [out]
    folder = out or Path("out")
    return [folder / f"{path.stem}.html" for path in inputs]


def _submit(client: httpx.Client, body: dict) -> str:
    response = client.post("/api/generation/display-list", json=body)
    if response.status_code != 202:
        raise RuntimeError(f"gateway answered {response.status_code}: {response.text[:500]}")
    return response.json()["task_id"]


def run_generate(api: str, inputs: list[Path], out: Path | None, timeout: float) -> list[Path]:
    targets = output_paths(inputs, out)
    bodies = [json.loads(path.read_text(encoding="utf-8")) for path in inputs]
    with httpx.Client(base_url=api, headers={"X-User-Id": USER}, timeout=30) as client, \
            Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                     TextColumn("{task.fields[stage]}"), TimeElapsedColumn(),
                     console=console) as bar:
        tasks = {}
        for path, body in zip(inputs, bodies):
            tasks[_submit(client, body)] = (path, bar.add_task(path.name, total=100, stage="pending"))
        pending = dict(tasks)
        deadline = time.monotonic() + timeout
        while pending and time.monotonic() < deadline:
            for task_id in list(pending):
                status = client.get(f"/api/generation/generation/status/{task_id}").json()
                bar.update(pending[task_id][1], completed=status["progress"], stage=status["stage"])
                if status["status"] == "failed":
                    raise RuntimeError(f"{pending[task_id][0].name}: {status['error']}")
                if status["status"] == "completed":
                    del pending[task_id]
            time.sleep(0.2)
        if pending:
            raise TimeoutError(f"{len(pending)} page(s) not finished after {timeout:.0f} s")

        def fetch(url: str) -> tuple[bytes, str]:
            response = client.get(url)
            response.raise_for_status()
            return response.content, response.headers.get("content-type", "image/svg+xml")

        for (task_id, (path, _)), target in zip(tasks.items(), targets):
            result = client.get(f"/api/generation/generation/result/{task_id}").json()["result"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(standalone_page(result, fetch), encoding="utf-8")
    return targets
