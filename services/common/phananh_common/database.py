"""One async engine per process, traced, and the plain DSN that asyncpg's LISTEN needs."""

import asyncio
import logging

import asyncpg
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from phananh_common.telemetry import spans_recorded

log = logging.getLogger(__name__)


def create_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    # hide_parameters: error messages must not quote rows (names, phones, identity numbers).
    engine = create_async_engine(
        url, pool_size=pool_size, max_overflow=pool_size, hide_parameters=True
    )
    event.listen(engine.sync_engine, "checkout", _refuse_closed)
    if spans_recorded():
        # Statements are traced with their placeholders only: parameters (personal data) are
        # not. A statement's span has no child and carries no trace id onwards: when nothing
        # records spans, making one for every statement costs CPU for nothing.
        SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine, enable_commenter=False)
    return engine


def _refuse_closed(dbapi_connection, _record, _proxy) -> None:
    """A pooled connection the server closed (restarted, or ended the backend) is replaced at
    checkout. Instead of SQLAlchemy's pre-ping, which costs three round trips (BEGIN, a query,
    ROLLBACK) at every checkout: asyncpg knows its socket was closed without asking."""
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the server closed this connection")


def asyncpg_dsn(url: str) -> str:
    """`postgresql+asyncpg://…` as plain libpq syntax, for a raw asyncpg connection."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def wait_for_database(engine: AsyncEngine, attempts: int = 60) -> None:
    for attempt in range(attempts):
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return
        except Exception as error:
            if attempt == attempts - 1:
                raise
            log.warning("database not ready (%s), retrying", type(error).__name__)
            await asyncio.sleep(min(0.2 * 2**attempt, 2.0))


# The database cannot be reached: down, restarting, or the connection cut under the call.
_UNREACHABLE = (
    ConnectionError,  # refused, reset
    FileNotFoundError,  # no socket: the server is not running
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, starting up
)


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` (or what caused it) is the database being out of reach, rather than a
    fault of the call: the caller may try again shortly."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, _UNREACHABLE):
            return True
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return True
        error = error.__cause__ or error.__context__
    return False
