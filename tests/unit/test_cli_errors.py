"""The CLI speaks in one line when a dependency is down (no traceback), and knows its version."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _pdp(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pdp", *args], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "COLUMNS": "300", **env})


@pytest.mark.parametrize("args,env,what", [
    (("dlq", "list"), {"KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"}, "cannot reach Kafka"),
    (("topics", "create"), {"KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"}, "cannot reach Kafka"),
    (("db", "upgrade"), {"DATABASE_URL": "postgresql+psycopg2://x@127.0.0.1:1/x"},
     "cannot reach PostgreSQL"),
])
def test_unreachable_dependency_is_one_line(args, env, what):
    result = _pdp(*args, **env)
    assert result.returncode == 2
    assert what in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_version():
    result = _pdp("--version")
    assert result.returncode == 0 and result.stdout.startswith("pdp ")
