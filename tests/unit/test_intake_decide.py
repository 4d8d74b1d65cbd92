"""The accept path's admission rules, batch by batch, without services (gateway/intake.py)."""

from __future__ import annotations

from gateway.intake import Admit, decide
from infra.settings import Settings

SETTINGS = Settings(max_inflight_per_user=2, backpressure_pending=100)


def item(n: int, user: str = "a", digest: str | None = "h", reuse: bool = True) -> Admit:
    return Admit(task_id=f"t{n}", user_id=user, request={}, input_hash=digest, reuse=reuse)


def test_a_finished_identical_request_is_reused_even_at_the_limit():
    verdicts = decide([item(1)], {("a", "h"): "done1"}, {"a": 2}, 0, SETTINGS)
    assert verdicts[0].reused == "done1" and verdicts[0].refusal is None


def test_forced_requests_and_other_users_do_not_reuse():
    reusable = {("a", "h"): "done1"}
    forced, other = decide([item(1, reuse=False), item(2, user="b")], reusable, {}, 0, SETTINGS)
    assert forced.recorded and other.recorded


def test_requests_recorded_earlier_in_the_batch_count_towards_the_limit():
    batch = [item(1), item(2, user="b"), item(3), item(4)]
    verdicts = decide(batch, {}, {"a": 0}, 0, SETTINGS)
    assert [v.recorded for v in verdicts] == [True, True, True, False]
    refusal = verdicts[3].refusal
    assert refusal.status == 429 and "limit 2" in refusal.detail
    assert refusal.retry_after_s > 0


def test_an_overloaded_pipeline_refuses_new_work_with_503_but_still_reuses():
    verdicts = decide([item(1, digest="x"), item(2)], {("a", "h"): "done1"}, {}, 100, SETTINGS)
    assert verdicts[0].refusal.status == 503
    assert verdicts[1].reused == "done1"


def test_a_refused_request_does_not_use_up_the_users_allowance():
    batch = [item(1), item(2)]
    verdicts = decide(batch, {}, {"a": 2}, 0, SETTINGS)
    assert all(v.refusal is not None for v in verdicts)
    verdicts = decide(batch, {}, {"a": 1}, 0, SETTINGS)
    assert [v.recorded for v in verdicts] == [True, False]
