"""Vectorize section features and cluster them (scikit-learn, imported here only).

Three feature groups are weighed separately so none drowns the others: tag-path shingles
(TF-IDF, L2), heading bigrams (TF-IDF, L2) and the scaled shape figures. k is the one with the
best silhouette over a range, unless the caller fixes it; each cluster's representative is
its medoid (the member nearest all others), a real section rather than an average.
"""

from __future__ import annotations

from dataclasses import dataclass

WEIGHTS = {"path": 0.15, "head": 1.0, "num": 1.0}
MAX_K = 16
SEED = 0
TOLERANCE = 0.02


@dataclass
class Clustering:
    labels: list[int]
    medoids: dict[int, int]  # cluster id → index of its medoid section
    k: int
    silhouette: float


def vectorize(rows: list[dict[str, float]]):
    from infra.extras import require  # the first scikit-learn use of a mining run

    require("sklearn", "mining", "Template mining (pdp templates mine)", package="scikit-learn")
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.preprocessing import normalize

    blocks = []
    for group, weight in WEIGHTS.items():
        part = [{k: v for k, v in r.items() if k.startswith(group + ":")} for r in rows]
        if not any(part):
            continue
        matrix = DictVectorizer().fit_transform(part)
        if group != "num":
            matrix = normalize(TfidfTransformer(sublinear_tf=True).fit_transform(matrix))
        blocks.append(matrix * weight)
    matrix = sparse.hstack(blocks).tocsr()
    return _reduce(matrix) if matrix.shape[1] > 60 and matrix.shape[0] > 60 \
        else np.asarray(matrix.todense())


def _reduce(matrix):
    from sklearn.decomposition import TruncatedSVD

    return TruncatedSVD(n_components=50, random_state=SEED).fit_transform(matrix)


def _fit(points, k: int) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering

    return AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(points).tolist()


def choose_k(points) -> tuple[int, float, list[int]]:
    from sklearn.metrics import silhouette_score

    tried = []
    for k in range(2, min(MAX_K, len(points) - 1) + 1):
        labels = _fit(points, k)
        score = silhouette_score(points, labels, sample_size=min(len(points), 1500),
                                 random_state=SEED)
        tried.append((k, float(score), labels))
    # Parsimony: the fewest clusters whose silhouette is within TOLERANCE of the best, so a
    # block type drawn in two similar layouts stays one cluster unless splitting clearly helps.
    top = max(score for _, score, _ in tried)
    return next(t for t in tried if t[1] >= top - TOLERANCE)


def medoids(points, labels: list[int]) -> dict[int, int]:
    import numpy as np
    from sklearn.metrics import pairwise_distances

    out = {}
    for cluster in sorted(set(labels)):
        members = np.flatnonzero(np.asarray(labels) == cluster)
        distances = pairwise_distances(points[members]).sum(axis=1)
        out[cluster] = int(members[int(np.argmin(distances))])
    return out


def cluster(rows: list[dict[str, float]], k: int | None = None) -> Clustering:
    """Cluster feature rows; ``k`` None: chosen by silhouette."""
    from sklearn.metrics import silhouette_score

    if len(rows) < 3:
        labels = list(range(len(rows)))
        return Clustering(labels, {i: i for i in labels}, len(rows), 0.0)
    points = vectorize(rows)
    if k is None:
        k, score, labels = choose_k(points)
    else:
        k = max(1, min(k, len(rows)))
        labels = _fit(points, k) if k > 1 else [0] * len(rows)
        score = float(silhouette_score(points, labels)) if 1 < k < len(rows) else 0.0
    return Clustering(labels, medoids(points, labels), k, score)
