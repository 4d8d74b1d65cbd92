"""`pdp eval PRODUCTS_DIR`: run every product JSON through the pipeline's logic in-process and
print each page's quality (repetition, facts used, invented numbers, language, warnings)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pdp.evaluate import Evaluated, evaluate_with
from processors.providers.base import Providers

console = Console()


def _row(name: str, result: Evaluated) -> list[str]:
    q = result.quality
    share = f"{q.repeated_share:.0%}"
    return [name, result.plan.language, str(len(result.plan.blocks)),
            f"[red]{share}[/red]" if q.repeated_share > 0.10 else share,
            f"{q.facts_used}/{q.facts_given}",
            ", ".join(f"{k[:5]} {v}" for k, v in q.facts_per_block.items() if v),
            f"[red]{', '.join(q.invented_numbers)}[/red]" if q.invented_numbers else "0",
            ", ".join(w["code"] for w in result.warnings) or "-",
            str(len(result.plan.questions))]


async def _evaluate_all(providers: Providers, files: list[Path]
                        ) -> list[tuple[str, Evaluated | Exception]]:
    results: list[tuple[str, Evaluated | Exception]] = []
    for path in files:
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            results.append((path.stem, await evaluate_with(providers, body)))
        except Exception as exc:  # a bad file is reported in the table, the others still run
            results.append((path.stem, exc))
    return results


def quality_table(results: list[tuple[str, Evaluated | Exception]], title: str) -> Table:
    table = Table(title=title)
    for column in ("product", "lang", "blocks", "repeated", "facts used", "facts per block",
                   "invented numbers", "warnings", "questions"):
        table.add_column(column, overflow="fold")
    for name, result in results:
        if isinstance(result, Exception):
            table.add_row(name, "", "", "", "", f"[red]{type(result).__name__}: {result}[/red]",
                          "", "", "")
        else:
            table.add_row(*_row(name, result))
    return table


def summary(results: list[tuple[str, Evaluated | Exception]]) -> dict[str, float]:
    pages = [r for _, r in results if not isinstance(r, Exception)]
    if not pages:
        return {"pages": 0}
    shares = [p.quality.repeated_share for p in pages]
    return {"pages": len(pages), "failed": len(results) - len(pages),
            "mean_repeated": round(sum(shares) / len(shares), 3), "max_repeated": max(shares),
            "over_10pct": sum(s > 0.10 for s in shares),
            "invented_numbers": sum(len(p.quality.invented_numbers) for p in pages),
            "facts_used": sum(p.quality.facts_used for p in pages),
            "facts_given": sum(p.quality.facts_given for p in pages)}


def run_eval(providers: Providers, directory: Path) -> int:
    files = sorted(directory.glob("*.json"))
    results = asyncio.run(_evaluate_all(providers, files))
    console.print(quality_table(results, f"page quality — {directory} ({providers.name})"))
    totals = summary(results)
    console.print(" · ".join(f"{k} {v}" for k, v in totals.items()))
    return 1 if totals.get("failed") or totals.get("over_10pct") \
        or totals.get("invented_numbers") else 0
