"""The restart policy of `pdp up` (devtools.embedded.backoff, devtools.embedded.supervisor) with a fake
clock and fake children: when a dead child comes back, and that nothing else stops."""

from __future__ import annotations

import logging

from devtools.embedded.backoff import RestartBackoff
from devtools.embedded.supervisor import Child, Supervisor


def test_backoff_doubles_up_to_the_cap_while_the_child_keeps_crashing():
    backoff = RestartBackoff(initial_s=1, factor=2, cap_s=10, healthy_after_s=60)
    assert [backoff.next_delay(uptime_s=2) for _ in range(6)] == [1, 2, 4, 8, 10, 10]


def test_backoff_starts_over_after_a_healthy_run():
    backoff = RestartBackoff(initial_s=1, factor=2, cap_s=10, healthy_after_s=60)
    for _ in range(4):
        backoff.next_delay(uptime_s=1)
    assert backoff.next_delay(uptime_s=61) == 1
    assert backoff.next_delay(uptime_s=1) == 2


class FakeProcess:
    def __init__(self, fail_starts: int = 0):
        self.running, self.starts, self.fail_starts = True, 0, fail_starts

    def restart(self) -> str:
        if self.fail_starts:
            self.fail_starts -= 1
            raise OSError("port in use")
        self.running, self.starts = True, self.starts + 1
        return f"start {self.starts}"


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _supervise(process: FakeProcess, clock: Clock) -> Supervisor:
    child = Child("worker-0", lambda: process.running, process.restart, lambda: "killed by signal 9")
    return Supervisor([child], clock=clock,
                      backoff=lambda: RestartBackoff(initial_s=1, factor=2, cap_s=4))


def test_a_dead_child_is_restarted_only_after_its_backoff(caplog):
    process, clock = FakeProcess(), Clock()
    supervisor = _supervise(process, clock)
    clock.now = 5.0
    process.running = False
    with caplog.at_level(logging.WARNING, logger="pdp.supervisor"):
        supervisor.tick()
        assert process.starts == 0  # waits its 1 s
        clock.now = 6.0
        supervisor.tick()
    assert process.starts == 1 and process.running
    assert "worker-0 down (killed by signal 9 after 5.0 s); restarting in 1.0 s" in caplog.text
    assert "worker-0 restarted (start 1)" in caplog.text


def test_a_crash_loop_backs_off_and_failed_starts_count_as_crashes():
    process, clock = FakeProcess(fail_starts=2), Clock()
    supervisor = _supervise(process, clock)
    restarted_at = []
    process.running = False
    while clock.now < 20 and not process.starts:
        supervisor.tick()
        clock.now += 0.5
    restarted_at.append(clock.now - 0.5)
    # 1 s, then two failed starts (2 s, 4 s later): the third attempt succeeds at 7 s.
    assert restarted_at == [7.0]


def test_a_child_restarted_by_another_is_not_started_twice():
    process, clock = FakeProcess(), Clock()
    supervisor = _supervise(process, clock)
    process.running = False
    supervisor.tick()  # scheduled for t=1
    process.running = True  # e.g. the broker's restart started the workers again
    clock.now = 2.0
    supervisor.tick()
    assert process.starts == 0
