# Two entry points for a fresh machine (see README "Quick start"):
#   make demo   set up .venv and generate a page from a sample product (embedded broker + PostgreSQL)
#   make test   set up .venv and run the whole test suite
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLE ?= devtools/samples/cream.json
OUT ?= out/cream.html
# A developer machine gets every extra: the embedded broker + PostgreSQL (demo, tests), slice
# export, S3, Redis rate limits, template mining. Pods install plain `.` (requirements.lock).
EXTRAS ?= test,embedded,slices,s3,redis,mining

.PHONY: setup demo test unit up bench bench-sse clean lock min-versions

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[$(EXTRAS)]"
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/pdp generate $(SAMPLE) -o $(OUT)

test: setup
	$(PY) -m pytest

unit: setup
	$(PY) -m pytest tests/unit

up: setup
	$(VENV)/bin/pdp up

# Every figure of BENCHMARKS.md (+ benchmarks-latency.png) in one run, ~10 min; uses the
# machine's PostgreSQL when PGHOST/DATABASE_URL is set, else an embedded one.
bench: setup
	$(PY) -m pip install -q -e ".[test,bench]"
	@command -v wrk >/dev/null || [ "$$(id -u)" != 0 ] || apt-get install -y -qq wrk >/dev/null \
		|| echo "wrk not installed: the accept phase falls back to the Python client"
	$(PY) -m bench $(BENCH_ARGS)

# requirements.lock: what the gateway/worker image installs (plain `pip install .`, hashed);
# requirements-slices.lock: the same plus [slices] for the image that renders slice exports.
# Refresh after changing dependencies in pyproject.toml, or to take upgrades: `make lock`.
lock: setup
	$(PY) -m pip install -q uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --python-platform linux \
		--generate-hashes --annotation-style line -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra slices --python-version 3.11 \
		--python-platform linux --generate-hashes --annotation-style line -o requirements-slices.lock

# Every dependency at its pyproject floor: unit tests + one page (what CI runs first).
min-versions:
	bash scripts/check_min_versions.sh

# The SSE section alone (1,000 open streams, polling vs push, ~3 min); a full run keeps it.
bench-sse: setup
	$(PY) -m pip install -q -e ".[test,bench]"
	$(PY) -m bench.sse $(BENCH_ARGS)

clean:
	rm -rf .pdp out test-artifacts
