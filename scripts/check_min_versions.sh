#!/usr/bin/env bash
# Proves the floors in pyproject.toml: installs every dependency at its floor
# (constraints/min.txt) into a throwaway venv, runs the unit tests and a smoke
# `pdp generate` on the embedded stack (offline provider). Called by .ci/run before
# `make test`; ~2 min. A failure here means a `>=` in pyproject.toml is not true.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d -t pdp-min-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
start=$SECONDS

python3 -m venv "$WORK/venv"
PY="$WORK/venv/bin/python"
# uv resolves and installs the ~150 packages in ~15 s (pip: ~100 s), which keeps this step
# short enough to run on every CI run. It goes into the throwaway venv, not the project's.
"$PY" -m pip install -q uv 2>&1 | grep -v '^WARNING: Location' || true
SSL_CERT_FILE="${SSL_CERT_FILE:-${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}}" \
  "$WORK/venv/bin/uv" pip install -q --python "$PY" -c "$ROOT/constraints/min.txt" \
  "$ROOT[test,embedded,slices,s3,redis,mining]"
"$WORK/venv/bin/uv" pip check --python "$PY"
"$PY" - "$ROOT/constraints/min.txt" <<'PY'
import sys
from importlib.metadata import version
from packaging.version import Version
bad = []
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if line:
        name, pinned = line.split("==")
        if Version(version(name)) != Version(pinned):
            bad.append(f"{name}: {version(name)} installed, floor {pinned}")
if bad:
    sys.exit("not at the floor: " + "; ".join(bad))
print("every dependency installed at its floor")
PY
echo "min-versions: installed in $((SECONDS - start)) s"

# The unit tests of this checkout, run with the floor versions.
(cd "$ROOT" && "$PY" -m pytest tests/unit -q -p no:cacheprovider)

# Smoke: one page through broker, worker, gateway and PostgreSQL (embedded or PGHOST's).
(cd "$WORK" && PDP_HOME="$WORK/pdp-home" "$WORK/venv/bin/pdp" generate \
   "$ROOT/devtools/samples/cream.json" -o "$WORK/cream.html")
grep -q "<html" "$WORK/cream.html"
echo "min-versions: unit tests + smoke run passed in $((SECONDS - start)) s"
