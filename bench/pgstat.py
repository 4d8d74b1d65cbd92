"""PostgreSQL's share of a page: committed transactions of one database (pg_stat_database)
and the CPU of the server backends serving it (psutil), read from outside that database so
the measuring itself does not count."""

from __future__ import annotations

import time

import psutil
import psycopg2
from sqlalchemy.engine import make_url


class DatabaseMeter:
    """Snapshots of one database's commit counter and its backends' CPU seconds."""

    def __init__(self, admin_dsn: str, database_url: str):
        self.name = make_url(database_url).database
        self.conn = psycopg2.connect(admin_dsn)  # the admin database, not the measured one
        self.conn.autocommit = True

    def commits(self) -> int:
        """xact_commit of the database. Backends flush their counters at most once a second
        while busy, so wait until the figure stops moving (bounded)."""
        last, stable_since, deadline = -1, time.monotonic(), time.monotonic() + 15
        while time.monotonic() < deadline:
            with self.conn.cursor() as cur:
                cur.execute("SELECT pg_stat_clear_snapshot()")
                cur.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = %s",
                            (self.name,))
                value = int(cur.fetchone()[0])
            if value != last:
                last, stable_since = value, time.monotonic()
            elif time.monotonic() - stable_since >= 2.5:
                return value
            time.sleep(0.25)
        return last

    def backend_cpu(self) -> dict[int, float]:
        """pid → user + system CPU seconds of every backend connected to the database."""
        with self.conn.cursor() as cur:
            cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.name,))
            pids = [row[0] for row in cur.fetchall()]
        out = {}
        for pid in pids:
            try:
                times = psutil.Process(pid).cpu_times()
                out[pid] = times.user + times.system
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        return out

    def close(self) -> None:
        self.conn.close()


def backend_cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two snapshots by the backends alive at the second (a
    backend that ended in between is missed: the services keep pooled connections)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


# Every write transaction of the pipeline leaves at least one row that is never updated
# afterwards (a history row in task_events, a part, the page, its images, its version), so
# the distinct xmin of those rows count the write transactions; read-only transactions get
# no transaction id and leave none.
_WRITES = """
    SELECT count(DISTINCT x) FROM (
      SELECT xmin::text AS x FROM task_events WHERE task_id = ANY(%(ids)s)
      UNION ALL SELECT xmin::text FROM tasks WHERE id = ANY(%(ids)s)
      UNION ALL SELECT xmin::text FROM task_parts WHERE task_id = ANY(%(ids)s)
      UNION ALL SELECT d.xmin::text FROM product_details d WHERE d.task_id = ANY(%(ids)s)
      UNION ALL SELECT i.xmin::text FROM product_images i JOIN product_details d
        ON d.id = i.product_detail_id WHERE d.task_id = ANY(%(ids)s)
      UNION ALL SELECT v.xmin::text FROM page_versions v JOIN product_details d
        ON d.id = v.page_id WHERE d.task_id = ANY(%(ids)s)) AS written"""


def write_transactions(database_dsn: str, task_ids: list[str]) -> int:
    """Write transactions that left rows for these tasks (see _WRITES)."""
    with psycopg2.connect(database_dsn) as conn, conn.cursor() as cur:
        cur.execute(_WRITES, {"ids": task_ids})
        return int(cur.fetchone()[0])
