"""An embedded PostgreSQL (the `pgserver` wheel) in a data folder, and the provisioning of
one database and one role per service on any PostgreSQL reached with an admin URL."""

import asyncio
import logging
import warnings
from pathlib import Path

import asyncpg

from phananh_common.config import SERVICES

log = logging.getLogger(__name__)


class EmbeddedPostgres:
    """Starts (or reuses) a server whose files live in `data_dir`; stop() shuts it down."""

    def __init__(self, data_dir: Path):
        # platformdirs warns when XDG_RUNTIME_DIR is unset (as for root); pgserver copes.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import pgserver  # imported here: only local runs and tests need it

        data_dir.mkdir(parents=True, exist_ok=True)
        self._server = pgserver.get_server(data_dir.resolve(), cleanup_mode=None)
        self.admin_url = self._server.get_uri()  # postgresql://postgres:@/postgres?host=…

    @property
    def socket_dir(self) -> str:
        return self.admin_url.split("host=", 1)[1]

    def stop(self) -> None:
        self._server.cleanup_mode = "stop"
        self._server.cleanup()


def service_url(socket_dir: str, service: str, database: str | None = None) -> str:
    name = database or f"phananh_{service}"
    return f"postgresql+asyncpg://phananh_{service}@/{name}?host={socket_dir}"


async def provision(admin_url: str, databases: dict[str, str]) -> None:
    """Creates each role and its database when missing: `databases` maps role to database.
    Each role owns its database and nothing else."""
    conn = await asyncpg.connect(admin_url)
    try:
        for role, database in databases.items():
            if not await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
                await conn.execute(f'CREATE ROLE "{role}" LOGIN')
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database):
                await conn.execute(f'CREATE DATABASE "{database}" OWNER "{role}"')
    finally:
        await conn.close()


def provision_services(admin_url: str, socket_dir: str, prefix: str = "phananh") -> dict[str, str]:
    """One database per service; returns the service's database URLs."""
    databases = {f"phananh_{s}": f"{prefix}_{s}" for s in SERVICES}
    asyncio.run(provision(admin_url, databases))
    return {s: service_url(socket_dir, s, f"{prefix}_{s}") for s in SERVICES}
