"""Prometheus metrics of every runtime, and the small functions that record them.

One registry per process (prometheus-client's default). The gateway serves it at /metrics;
each worker serves it on PDP_METRICS_PORT. Dashboards and alert rules (k8s/monitoring/) use
exactly these names, and tests/unit/test_monitoring.py checks that they do.

Provider code records its work with the functions below (no prometheus import needed):

    from pdp import metrics
    metrics.provider_retry("openai", "rate_limited")
    metrics.provider_usage("openai", "gpt-4o-mini", prompt_tokens=812, completion_tokens=240,
                           cost_usd=0.00027)

Calls, errors and call latency are counted for every provider by the wrapper in
processors/providers/instrumented.py, so providers must not count calls themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import Counter, Gauge, Histogram

# Stage work spans milliseconds (offline) to a minute (LLM/image calls).
_STAGE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120)
_HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

HTTP_DURATION = Histogram(
    "pdp_http_request_duration_seconds", "Gateway HTTP request duration, by route template.",
    ["method", "route", "status"], buckets=_HTTP_BUCKETS)
STAGE_DURATION = Histogram(
    "pdp_stage_duration_seconds",
    "Time to process one message in a stage (plan, fanout, block, image, assemble) or one "
    "database transaction (persist).", ["stage"], buckets=_STAGE_BUCKETS)
STAGE_INFLIGHT = Gauge(
    "pdp_stage_inflight_messages", "Messages being processed now, by stage.", ["stage"])
TASKS = Counter(
    "pdp_tasks_total", "Generation tasks by status reached (accepted, completed, failed).",
    ["status"])
DEAD_LETTERS = Counter(
    "pdp_dead_letters_total", "Messages sent to the dead-letter topic, by stage.", ["stage"])
FORGED_RECORDS = Counter(
    "pdp_forged_records_total", "Consumed records without a valid service signature (a forged "
    "or foreign writer on a pipeline topic: alert on any), by stage.", ["stage"])
PROVIDER_CALLS = Counter(
    "pdp_provider_calls_total", "AI provider calls.", ["provider", "operation"])
PROVIDER_ERRORS = Counter(
    "pdp_provider_errors_total", "AI provider calls that raised.",
    ["provider", "operation", "error"])
PROVIDER_RETRIES = Counter(
    "pdp_provider_retries_total", "Retries inside a provider, by cause (rate_limited, "
    "server_error, timeout, …).", ["provider", "reason"])
PROVIDER_GAVE_UP = Counter(
    "pdp_provider_gave_up_total", "Provider calls that exhausted their retries or met an "
    "open circuit breaker.", ["provider", "reason"])
PROVIDER_BREAKER_STATE = Gauge(
    "pdp_provider_breaker_state", "Circuit breaker of a provider in this process: 0 closed, "
    "1 half-open (cool-down over, the next call is the probe), 2 open (calls refused).",
    ["provider"])
PROVIDER_IMAGES = Counter(
    "pdp_provider_images_total", "Images generated or edited.", ["provider", "model"])
PROVIDER_DURATION = Histogram(
    "pdp_provider_call_duration_seconds", "AI provider call latency.",
    ["provider", "operation"], buckets=_STAGE_BUCKETS)
PROVIDER_TOKENS = Counter(
    "pdp_provider_tokens_total", "Tokens used, by kind (prompt, completion).",
    ["provider", "model", "kind"])
PROVIDER_COST = Counter(
    "pdp_provider_cost_usd_total", "Estimated provider cost in US dollars.",
    ["provider", "model"])
# Task progress push (infra/db/task_listener.py): open SSE streams waiting on notifications
# (back to 0 when they close: a leak shows as a line that only grows) and the one LISTEN
# connection per gateway.
SSE_STREAMS = Gauge(
    "pdp_sse_streams", "Open task progress streams subscribed to notifications (push).")
LISTENER_CONNECTED = Gauge(
    "pdp_task_listener_connected", "1 while the gateway's LISTEN connection is up.")
LISTENER_CONNECTS = Counter(
    "pdp_task_listener_connects_total", "LISTEN connections made (the first, then reconnects).")

TERMINAL_STATUSES = ("completed", "failed")
BREAKER_STATES = {"closed": 0, "half_open": 1, "open": 2}


def listener_state(connected: bool) -> None:
    LISTENER_CONNECTED.set(1 if connected else 0)
    if connected:
        LISTENER_CONNECTS.inc()


def init_labels(stages: list[str], statuses: tuple[str, ...]) -> None:
    """Create the series a process will report, so they read 0 rather than missing (alerts on
    increase() and rate() need a starting point)."""
    for stage in stages:
        STAGE_DURATION.labels(stage)
        STAGE_INFLIGHT.labels(stage)
        DEAD_LETTERS.labels(stage)
        FORGED_RECORDS.labels(stage)
    for status in statuses:
        TASKS.labels(status)


def task_status(status: str) -> None:
    """Count a task reaching ``status`` (call once per task per status)."""
    TASKS.labels(status).inc()


def dead_letter(stage: str) -> None:
    DEAD_LETTERS.labels(stage).inc()


def provider_call(provider: str, operation: str, seconds: float,
                  error: BaseException | None = None) -> None:
    PROVIDER_CALLS.labels(provider, operation).inc()
    PROVIDER_DURATION.labels(provider, operation).observe(seconds)
    if error is not None:
        PROVIDER_ERRORS.labels(provider, operation, type(error).__name__).inc()


def provider_retry(provider: str, reason: str) -> None:
    PROVIDER_RETRIES.labels(provider, reason).inc()


def provider_gave_up(provider: str, reason: str) -> None:
    PROVIDER_GAVE_UP.labels(provider, reason).inc()


def breaker_state(provider: str, read: Callable[[], float]) -> None:
    """Report ``provider``'s breaker state as read at scrape time (one breaker per provider
    per process; a newer one replaces the reading)."""
    PROVIDER_BREAKER_STATE.labels(provider).set_function(read)


def provider_usage(provider: str, model: str, *, prompt_tokens: int = 0,
                   completion_tokens: int = 0, cost_usd: float = 0.0, images: int = 0) -> None:
    """Tokens, images and cost of one call, as the provider's response reports them."""
    if images:
        PROVIDER_IMAGES.labels(provider, model).inc(images)
    if prompt_tokens:
        PROVIDER_TOKENS.labels(provider, model, "prompt").inc(prompt_tokens)
    if completion_tokens:
        PROVIDER_TOKENS.labels(provider, model, "completion").inc(completion_tokens)
    if cost_usd:
        PROVIDER_COST.labels(provider, model).inc(cost_usd)
