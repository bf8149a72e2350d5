"""An embedded PostgreSQL (the `pgserver` wheel) in a data folder, and the provisioning of
one database and one role per service on any PostgreSQL reached with an admin URL."""

import re
import warnings
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from phananh_common.config import SERVICES

# Room for local replicas: 3 processes of each service, each with a pool of up to 20 (as the
# prod overlay's databases allow) and its LISTEN connections. PostgreSQL's default is 100.
MAX_CONNECTIONS = 300


class EmbeddedPostgres:
    """Starts (or reuses) a server whose files live in `data_dir`; stop() shuts it down.
    It listens on a Unix socket in the data folder only, never on a TCP port."""

    def __init__(self, data_dir: Path):
        # platformdirs warns when XDG_RUNTIME_DIR is unset (as for root); pgserver copes.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import pgserver  # imported here: only local runs and tests need it

        data_dir.mkdir(parents=True, exist_ok=True)
        self._server = pgserver.get_server(data_dir.resolve(), cleanup_mode=None)
        self.admin_url = self._server.get_uri()  # postgresql://postgres:@/postgres?host=…
        self._allow_connections(MAX_CONNECTIONS)

    def _allow_connections(self, count: int) -> None:
        shown = self._server.psql("SHOW max_connections;")
        if int(re.search(r"^\s*(\d+)\s*$", shown, re.MULTILINE).group(1)) >= count:
            return
        self._server.psql(f"ALTER SYSTEM SET max_connections = {count};")
        self.restart()

    def _pg_ctl(self, *args: str) -> None:
        from pgserver.postgres_server import pg_ctl

        pg_ctl(["-w", *args], pgdata=self._server.pgdata, user=self._server.system_user)

    def shut_down(self) -> None:
        """Stops the server at once (open connections are cut), keeping its files, so that
        restart() brings it back: the tests' database outage."""
        self._pg_ctl("-m", "fast", "stop")

    def restart(self) -> None:
        """Restarts the server, or starts it again after shut_down(), with the options of its
        last start (its socket directory): the same URLs reach it."""
        self._pg_ctl("restart")

    def stop(self) -> None:
        """Stops the server and releases the handle. pgserver's own stop only knows the
        postmaster it started, and restart() (the connection limit, the outage tests) replaces
        that one: left to pgserver, the server would outlive the run."""
        if (self._server.pgdata / "postmaster.pid").exists():
            self._pg_ctl("-m", "fast", "stop")
        self._server.cleanup()


def service_url(admin_url: str, role: str, database: str) -> str:
    """The URL of `database` as `role` on the server that `admin_url` reaches."""
    url = make_url(admin_url).set(
        drivername="postgresql+asyncpg", username=role, password=None, database=database
    )
    return url.render_as_string(hide_password=False)


async def provision(admin_url: str, databases: dict[str, tuple[str, str]]) -> None:
    """Creates each database when missing: `databases` maps a database to (its owner role,
    a template database or ""). The role is created too; it owns its database only."""
    conn = await asyncpg.connect(
        make_url(admin_url).set(drivername="postgresql").render_as_string(False)
    )
    try:
        for database, (role, template) in databases.items():
            if not await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
                await conn.execute(f'CREATE ROLE "{role}" LOGIN')
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database):
                copy = f' TEMPLATE "{template}"' if template else ""
                await conn.execute(f'CREATE DATABASE "{database}" OWNER "{role}"{copy}')
    finally:
        await conn.close()


async def provision_services(
    admin_url: str, prefix: str = "phananh", template_prefix: str = ""
) -> dict[str, str]:
    """One database per service, named `<prefix>_<service>` and owned by `phananh_<service>`
    (copied from `<template_prefix>_<service>` when given); returns their URLs by service."""
    databases = {
        f"{prefix}_{s}": (f"phananh_{s}", f"{template_prefix}_{s}" if template_prefix else "")
        for s in SERVICES
    }
    await provision(admin_url, databases)
    return {s: service_url(admin_url, f"phananh_{s}", f"{prefix}_{s}") for s in SERVICES}
