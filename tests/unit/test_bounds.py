"""Per-process bounds on heavy requests: beyond the slots a request is refused at once with
429 and Retry-After, and a timed-out job keeps its slot until its thread really ends."""

from __future__ import annotations

import asyncio
import threading

import pytest
from fastapi import HTTPException

from gateway.bounds import Bounds


def test_beyond_the_slots_a_request_gets_429_with_retry_after_at_once():
    async def scenario():
        bounds = Bounds({"upload": 2}, retry_after_s=7)
        async with bounds.slot("upload"), bounds.slot("upload"):
            with pytest.raises(HTTPException) as refused:
                async with bounds.slot("upload"):
                    pass
        async with bounds.slot("upload"):  # released again after the block
            pass
        bounds.close()
        return refused.value
    refused = asyncio.run(scenario())
    assert refused.status_code == 429 and refused.headers == {"Retry-After": "7"}
    assert "7초 후" in refused.detail


def test_a_timed_out_job_holds_its_slot_until_the_thread_ends():
    release = threading.Event()

    async def scenario():
        bounds = Bounds({"preview": 1}, retry_after_s=1)
        with pytest.raises(asyncio.TimeoutError):
            await bounds.run("preview", release.wait, timeout_s=0.05)
        with pytest.raises(HTTPException):  # the runaway render still counts
            await bounds.run("preview", lambda: "x")
        release.set()
        for _ in range(100):
            if bounds.in_use["preview"] == 0:
                break
            await asyncio.sleep(0.01)
        result = await bounds.run("preview", lambda: "done")
        bounds.close()
        return result
    assert asyncio.run(scenario()) == "done"


def test_kinds_are_bounded_separately():
    async def scenario():
        bounds = Bounds({"upload": 1, "preview": 1}, retry_after_s=1)
        async with bounds.slot("upload"):
            async with bounds.slot("preview"):
                return True
    assert asyncio.run(scenario())
