# Images for every role: `pdp gateway`, `pdp worker`, `pdp db upgrade` (k8s/ passes the args).
#   docker build -t pdp .                   gateway / worker / migrate: plain `pip install .`
#   docker build --target slices -t pdp-slices .   + Debian's Chromium and Playwright: the
#                                           `slices` Deployment that renders slice exports
# Dependencies come from requirements.lock (hashed, `make lock` refreshes it), so an image
# rebuilt later gets the same versions. The runtime is python:slim with no compiler, running
# as an unprivileged user on a read-only root filesystem (writable: /tmp only).
# Not built in CI here (no Docker engine on the build machines); see docs/operations.md.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
# Every runtime package (tests/unit/test_layout.py checks this list against the layout);
# devtools/ (embedded stack, fake AI) and bench/ stay out of the image.
COPY pdp ./pdp
COPY schemas ./schemas
COPY pagelogic ./pagelogic
COPY infra ./infra
COPY producers ./producers
COPY processors ./processors
COPY gateway ./gateway
COPY mining ./mining
COPY migrations ./migrations
# Only the project's own wheel: its dependencies come hashed from the lock below.
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 PDP_HOME=/tmp/pdp PDP_GATEWAY_HOST=0.0.0.0
RUN groupadd --gid 10001 pdp && useradd --uid 10001 --gid pdp --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin pdp
COPY requirements.lock /tmp/requirements.lock
RUN pip install --require-hashes --only-binary=:all: -r /tmp/requirements.lock \
    && rm /tmp/requirements.lock
COPY --from=build /wheels /wheels
RUN pip install --no-deps --no-index /wheels/*.whl && rm -rf /wheels
# Faust writes its data directory into the working directory: /tmp is the writable mount.
WORKDIR /tmp
USER 10001:10001
EXPOSE 8000 9102
ENTRYPOINT ["pdp"]
CMD ["gateway"]

# Slice export: the same service plus Debian's Chromium (Playwright drives it through
# PDP_CHROMIUM_PATH and never downloads a browser) and Korean fonts. Kept out of the
# gateway/worker image, which stays ~280 MB installed instead of ~+400 MB.
FROM runtime AS slices
USER root
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
COPY requirements-slices.lock /tmp/requirements-slices.lock
RUN pip install --require-hashes --only-binary=:all: -r /tmp/requirements-slices.lock \
    && rm /tmp/requirements-slices.lock
USER 10001:10001
CMD ["gateway"]
