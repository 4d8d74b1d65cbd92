"""`pdp generate FILE... [-o OUT]`: product JSON in, standalone HTML pages out, through the
real pipeline (gateway → Kafka → worker → PostgreSQL).

Every file is its own job: one that cannot be read, is refused by the gateway, fails in the
pipeline or does not finish in time is reported with its reason, and the others are still
generated and written."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

console = Console(stderr=True)
USER = "pdp-cli"


@dataclass
class Report:
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)  # (input file, reason)


def output_paths(inputs: list[Path], out: Path | None) -> list[Path]:
    """OUT is a file for one input, a directory for several; default ./out/<name>.html."""
    if len(inputs) == 1 and out is not None and out.suffix.lower() in (".html", ".htm"):
        return [out]
    folder = out or Path("out")
    return [folder / f"{path.stem}.html" for path in inputs]


def refusal_reason(response: httpx.Response) -> str:
    """The gateway's refusal in one line: the fields a 422 names, else its detail."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = response.text[:300]
    if isinstance(detail, list):
        detail = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or 'body'}: "
                           f"{e.get('msg', '')}" for e in detail if isinstance(e, dict))
    return f"refused ({response.status_code}): {detail}"


def read_body(path: Path) -> dict:
    """The request body in ``path``; ValueError saying why it is not one."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read the file: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise ValueError("not a JSON object (expected the display-list request body)")
    return body


def _submit(client: httpx.Client, path: Path) -> str:
    """The task id; ValueError with the reason when the file or the gateway refuses."""
    body = read_body(path)
    try:
        response = client.post("/api/generation/display-list", json=body)
    except httpx.HTTPError as exc:
        raise ValueError(f"gateway unreachable: {type(exc).__name__}") from None
    if response.status_code not in (200, 202):  # 200: an identical finished request reused
        raise ValueError(refusal_reason(response))
    return response.json()["task_id"]


def _write(client: httpx.Client, task_id: str, target: Path) -> None:
    """The gateway's HTML export of the page: the same file a seller downloads, with its
    SEO, Open Graph and JSON-LD (built there from the page's stored facts)."""
    result = client.get(f"/api/generation/generation/result/{task_id}").json()["result"]
    response = client.get(f"/api/product-details/{result['page_id']}/export",
                          params={"format": "html"})
    response.raise_for_status()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(response.text, encoding="utf-8")


def run_generate(api: str, inputs: list[Path], out: Path | None, timeout: float) -> Report:
    report = Report()
    targets = dict(zip(inputs, output_paths(inputs, out)))
    with httpx.Client(base_url=api, headers={"X-User-Id": USER}, timeout=30) as client, \
            Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                     TextColumn("{task.fields[stage]}"), TimeElapsedColumn(),
                     console=console) as bar:
        pending: dict[str, tuple[Path, int]] = {}
        for path in inputs:
            row = bar.add_task(path.name, total=100, stage="pending")
            try:
                pending[_submit(client, path)] = (path, row)
            except ValueError as exc:
                report.failed.append((path, str(exc)))
                bar.update(row, stage="[red]refused[/red]")
        finished = _follow(client, bar, pending, timeout, report)
        for task_id, path in finished:
            try:
                _write(client, task_id, targets[path])
                report.written.append(targets[path])
            except (httpx.HTTPError, OSError, KeyError, TypeError) as exc:
                report.failed.append((path, f"could not write the page: {exc!r}"))
    report.failed.sort(key=lambda failure: inputs.index(failure[0]))
    return report


def _follow(client: httpx.Client, bar: Progress, pending: dict[str, tuple[Path, int]],
            timeout: float, report: Report) -> list[tuple[str, Path]]:
    """Poll until every task ended or ``timeout``; (task id, file) of the completed ones."""
    finished: list[tuple[str, Path]] = []
    deadline = time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for task_id, (path, row) in list(pending.items()):
            status = client.get(f"/api/generation/generation/status/{task_id}").json()
            bar.update(row, completed=status["progress"], stage=status["stage"])
            if status["status"] == "failed":
                report.failed.append((path, f"failed: {status['error']}"))
                bar.update(row, stage="[red]failed[/red]")
            elif status["status"] == "completed":
                finished.append((task_id, path))
            else:
                continue
            del pending[task_id]
        time.sleep(0.2)
    for path, _ in pending.values():
        report.failed.append((path, f"not finished after {timeout:.0f} s"))
    return finished
