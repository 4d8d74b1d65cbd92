"""The dependency rule (docs/architecture.md): imports point one way, from the outside in.

    pdp (the CLI), devtools (embedded stack, fake AI APIs)
        │
    gateway ──► mining ◄───── processors   (the worker runs mining jobs)
        │          │              │
        └──► producers ◄──────────┘        migrations (Alembic scripts + runner)
                   │                              │
                 infra  (settings, db, storage, fetch, auth, observability)
                   │
               pagelogic  (pure page logic: no database, broker, network or process I/O)
                   │
                schemas   (typed messages and models)

A package may import only the packages listed for it below (and itself). pagelogic and
schemas must also stay free of I/O libraries, so that planning, rendering, assembly and
edits can be tested, benchmarked and reused without services. The check reads every import
statement (including ones inside functions), so a lazy import cannot hide a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE = {"schemas", "pagelogic"}
ALLOWED: dict[str, set[str]] = {
    "schemas": set(),
    "pagelogic": {"schemas"},
    "infra": {"schemas", "pagelogic"},
    "producers": {"schemas", "pagelogic", "infra"},
    "mining": {"schemas", "pagelogic", "infra"},
    "processors": {"schemas", "pagelogic", "infra", "producers", "mining"},
    "gateway": {"schemas", "pagelogic", "infra", "producers", "mining"},
    "devtools": {"schemas", "pagelogic", "infra", "producers", "processors", "gateway",
                 "migrations"},
    "pdp": {"schemas", "pagelogic", "infra", "producers", "processors", "gateway", "mining",
            "devtools", "migrations"},
    "migrations": {"schemas", "infra"},
}
# Libraries that talk to the outside world (or run it): none of them in the pure layers.
IO_LIBRARIES = {
    "sqlalchemy", "psycopg2", "alembic", "aiokafka", "faust", "mode", "httpx", "requests",
    "fastapi", "starlette", "uvicorn", "openai", "together", "boto3", "botocore", "redis",
    "playwright", "prometheus_client", "opentelemetry", "socket", "subprocess", "asyncio",
    "threading", "multiprocessing", "urllib.request", "http.client", "typer", "rich",
}


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            # `from urllib import request` is urllib.request
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def violations(package: str) -> list[str]:
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        where = path.relative_to(ROOT)
        for line, name in imports_of(path):
            top = name.split(".")[0]
            if top in ALLOWED and top != package and top not in ALLOWED[package]:
                out.append(f"{where}:{line} imports {name} ({package} may not import {top})")
            if package in PURE and any(name == lib or name.startswith(lib + ".")
                                       for lib in IO_LIBRARIES):
                out.append(f"{where}:{line} imports {name} (I/O in the pure layer)")
    return sorted(set(out))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_point_one_way(package: str) -> None:
    assert (ROOT / package).is_dir(), f"{package}/ is listed in the rule but does not exist"
    assert violations(package) == []


def test_every_package_is_under_the_rule() -> None:
    """A new top-level package must take a place in the rule before it can be imported."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - set(ALLOWED) - {"tests", "bench", "scripts"} == set()


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    """The check must fail on a wrong-way import, or the rule above protects nothing."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from infra.db import session\n    import sqlalchemy\n")
    names = [name for _, name in imports_of(bad)]
    assert "infra.db" in names and "sqlalchemy" in names


def test_the_image_ships_every_runtime_package() -> None:
    """The Dockerfile copies packages one by one; a package added to the layout but not to
    the image builds fine and fails at the first import in a pod."""
    copied = {line.split()[1] for line in (ROOT / "Dockerfile").read_text().splitlines()
              if line.startswith("COPY ") and not line.startswith("COPY --")}
    assert set(ALLOWED) - {"devtools"} <= copied
