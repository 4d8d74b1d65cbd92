"""When to restart a crashed child of `pdp up`: exponential backoff with a cap, forgotten
once the child has stayed up for a healthy period. Pure logic (no processes, no clock)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RestartBackoff:
    initial_s: float = 1.0
    factor: float = 2.0
    cap_s: float = 30.0
    # A child that ran this long before dying was healthy: its next restart is quick again,
    # so one crash a day never waits the cap, while a crash loop backs off to it.
    healthy_after_s: float = 60.0
    attempts: int = 0

    def next_delay(self, uptime_s: float) -> float:
        """Seconds to wait before restarting a child that died after ``uptime_s`` of running."""
        if uptime_s >= self.healthy_after_s:
            self.attempts = 0
        delay = min(self.cap_s, self.initial_s * self.factor ** self.attempts)
        self.attempts += 1
        return delay
