"""A service's pooled connections outlive a restart of its PostgreSQL: the next checkout
replaces each connection the server closed, and the caller sees no error."""

import asyncio

from sqlalchemy import text

from phananh_common.database import create_engine
from phananh_common.embedded_postgres import EmbeddedPostgres

BACKEND = text("SELECT pg_backend_pid()")


async def test_connections_closed_by_a_restart_are_replaced_at_checkout(tmp_path):
    from pgserver.postgres_server import pg_ctl

    server = EmbeddedPostgres(tmp_path / "postgres")
    engine = create_engine(server.admin_url.replace("postgresql://", "postgresql+asyncpg://"), 2)
    try:
        async with engine.connect() as first, engine.connect() as second:
            before = {await first.scalar(BACKEND), await second.scalar(BACKEND)}

        # In a thread, so that the event loop sees the pooled connections being closed.
        await asyncio.to_thread(
            pg_ctl,
            ["-w", "-m", "fast", "restart"],
            pgdata=server._server.pgdata,
            user=server._server.system_user,
        )

        async with engine.connect() as first, engine.connect() as second:
            after = {await first.scalar(BACKEND), await second.scalar(BACKEND)}
        assert not before & after
    finally:
        await engine.dispose()
        server.stop()
