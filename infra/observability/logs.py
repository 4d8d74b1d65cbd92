"""Logging of every runtime: one JSON object per line carrying task_id, stage, trace_id and
span_id, so one task can be followed through gateway and worker logs (`grep <trace id>`).

``logging_config()`` is a dictConfig dict: the gateway hands it to uvicorn and the worker to
Faust's Worker (both would otherwise install their own handlers over ours).
"""

from __future__ import annotations

import contextvars
import logging
import logging.config
from typing import Any

from opentelemetry import trace

TASK_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("pdp_task_id", default=None)
STAGE: contextvars.ContextVar[str | None] = contextvars.ContextVar("pdp_stage", default=None)


class ContextFilter(logging.Filter):
    """Adds the current task, stage and trace to every record reaching the handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "task_id", None):
            record.task_id = TASK_ID.get()
        if not getattr(record, "stage", None):
            record.stage = STAGE.get()
        ctx = trace.get_current_span().get_span_context()
        record.trace_id = format(ctx.trace_id, "032x") if ctx.is_valid else None
        record.span_id = format(ctx.span_id, "016x") if ctx.is_valid else None
        return True


def logging_config(level: str = "INFO", fmt: str = "json") -> dict[str, Any]:
    formatter: dict[str, Any] = (
        {"()": "pythonjsonlogger.json.JsonFormatter",
         "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
         "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
         "json_ensure_ascii": False}
        if fmt == "json" else
        {"format": "%(asctime)s %(levelname)s %(name)s [task=%(task_id)s trace=%(trace_id)s]"
                   " %(message)s"})
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": {"default": formatter},
        "handlers": {"default": {"class": "logging.StreamHandler", "formatter": "default",
                                 "filters": ["context"], "stream": "ext://sys.stderr"}},
        "root": {"level": level.upper(), "handlers": ["default"]},
        # uvicorn's loggers do not propagate by default; route them through ours.
        "loggers": {name: {"handlers": [], "propagate": True, "level": level.upper()}
                    for name in ("uvicorn", "uvicorn.error", "uvicorn.access")},
    }


def setup_logging(level: str = "INFO", fmt: str = "json") -> None:
    logging.config.dictConfig(logging_config(level, fmt))
