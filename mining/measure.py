"""How well the miner does on a labelled corpus: adjusted Rand index of its section clusters
against the true section types, and the share of mined templates that pass validation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mining import corpus, run


@dataclass
class Figures:
    pages: int
    sections: int
    misaligned_pages: int  # pages whose section count differs from the truth
    clusters: int
    ari: float
    templates: int
    passed: int
    type_accuracy: float  # sections whose cluster's inferred block type is their true one


    @property
    def pass_share(self) -> float:
        return self.passed / self.templates if self.templates else 0.0


def truth_and_found(pages: list[corpus.Page], outcome: run.Outcome) -> tuple[list, list, int]:
    """Aligned (true label, cluster) per section. A page segmented into a different number of
    sections than it has counts fully against the miner: each of its true sections gets a
    cluster of its own."""
    found: dict[str, list[int]] = {}
    for s in outcome.report["sections"]:
        found.setdefault(s["page"], []).append(s["cluster"])
    truth, labels, misaligned, spare = [], [], 0, -1
    for page in pages:
        clusters = found.get(page.name, [])
        if len(clusters) != len(page.labels):
            misaligned += 1
            clusters = list(range(spare, spare - len(page.labels), -1))
            spare -= len(page.labels)
        truth.extend(page.labels)
        labels.extend(clusters)
    return truth, labels, misaligned


def measure(pages: list[corpus.Page], folder: Path, k: int | None = None) -> Figures:
    from sklearn.metrics import adjusted_rand_score

    corpus.write(folder, pages)
    outcome = run.mine(run.segment_pages(run.read_pages(folder)), k)
    truth, labels, misaligned = truth_and_found(pages, outcome)
    clusters = outcome.report["clusters"]
    kinds = {c["id"]: c["block_type"] for c in clusters}
    # An image-only section's honest type is the picture banner the miner makes of it.
    right = sum(kinds.get(c) == (t if t != "Image" else "Introduction")
                for t, c in zip(truth, labels))
    return Figures(len(pages), len(outcome.report["sections"]), misaligned, len(clusters),
                   float(adjusted_rand_score(truth, labels)), len(clusters),
                   sum(1 for c in clusters if c["template"]), right / len(truth) if truth else 0)
