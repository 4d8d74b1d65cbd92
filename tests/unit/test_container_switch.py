"""PDP_TEST_CONTAINERS=1 runs the integration suite against Kafka and PostgreSQL containers
(testcontainers). Where no Docker engine answers — as on the CI machines — every integration
test is skipped, with a reason that says so, instead of erroring or silently using the
embedded services."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_container_mode_without_docker_skips_with_the_reason(tmp_path):
    env = {**os.environ, "PDP_TEST_CONTAINERS": "1",
           "DOCKER_HOST": f"unix://{tmp_path}/no-docker.sock", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         "tests/integration/test_migrations.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-3000:]
    assert " passed" not in out and " skipped" in out, out[-3000:]
    assert "PDP_TEST_CONTAINERS=1 needs a Docker engine" in out, out[-3000:]

