# Image for every role: `pdp gateway`, `pdp worker`, `pdp db upgrade` (k8s/ passes the args).
# Multi-stage: wheels are built in a full image, the runtime is python:slim with no compiler,
# running as an unprivileged user on a read-only root filesystem (writable: /tmp only).
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
# Production image: no embedded PostgreSQL / Tansu wheels are needed at run time, but they
# are declared dependencies, so they come along (~60 MB); a slimmer extra is a follow-up.
RUN pip wheel --wheel-dir /wheels .

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PDP_HOME=/tmp/pdp PDP_GATEWAY_HOST=0.0.0.0
RUN groupadd --gid 10001 pdp && useradd --uid 10001 --gid pdp --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin pdp
COPY --from=build /wheels /wheels
RUN pip install --no-index --find-links /wheels product-details-service && rm -rf /wheels
# Faust writes its data directory into the working directory: /tmp is the writable mount.
WORKDIR /tmp
USER 10001:10001
EXPOSE 8000 9102
ENTRYPOINT ["pdp"]
CMD ["gateway"]
