"""The floor of an import: the rows it wrote, taken out of its database as they are and COPYed
(binary, nothing to parse or check) into the same tables of a freshly migrated database, in
one transaction, the way the import writes them: into the tables as they are (their indexes
kept up row by row), or with their indexes and keys set aside and built after the rows, as a
first load of the registry does (phananh_common.bulk_load). No import of those rows can be
faster: beside the raw COPY of the file, it shows how much of an import's ratio the tables
themselves take."""

import asyncio
import time
from collections.abc import Sequence
from pathlib import Path

import asyncpg

from phananh_common.bulk_load import MAINTENANCE_WORK_MEM, set_keys_and_indexes_aside
from phananh_common.database import asyncpg_dsn
from phananh_common.embedded_postgres import provision_services
from phananh_common.migrate import upgrade


async def _dump(url: str, tables: Sequence[str], folder: Path) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        for table in tables:
            await conn.copy_from_table(table, output=folder / f"{table}.floor", format="binary")
    finally:
        await conn.close()


async def _load(url: str, tables: Sequence[str], folder: Path, indexes_aside: bool) -> float:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        started = time.perf_counter()
        async with conn.transaction():
            rebuild = []
            if indexes_aside:  # as the registry's first load does
                await conn.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
                rebuild = await set_keys_and_indexes_aside(conn, tables)
            for table in tables:
                await conn.copy_to_table(table, source=folder / f"{table}.floor", format="binary")
            for statement in rebuild:
                await conn.execute(statement)
        return time.perf_counter() - started
    finally:
        await conn.close()


def copy_floor(
    admin_url: str,
    service: str,
    source_url: str,
    tables: Sequence[str],
    folder: Path,
    *,
    indexes_aside: bool,
) -> float:
    """Seconds to COPY what `tables` of `service`'s database at `source_url` hold into the
    same tables of a new, migrated database on the same server (`tables` in an order their
    foreign keys allow)."""
    try:
        asyncio.run(_dump(source_url, tables, folder))
        target_url = asyncio.run(provision_services(admin_url, prefix="floor"))[service]
        upgrade(service, target_url)
        return asyncio.run(_load(target_url, tables, folder, indexes_aside))
    finally:
        for table in tables:
            (folder / f"{table}.floor").unlink(missing_ok=True)
