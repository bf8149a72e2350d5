"""A first load of many rows: the tables' keys and indexes set aside and built after the
rows, in the same transaction. An index built from sorted rows and a key checked in one join
cost a fraction of keeping them row by row."""

from collections.abc import Sequence

import asyncpg

# Room to build a province's indexes in memory (PostgreSQL's default, 64 MB, spills to disk).
MAINTENANCE_WORK_MEM = "256MB"


async def set_keys_and_indexes_aside(conn: asyncpg.Connection, tables: Sequence[str]) -> list[str]:
    """Drops the keys of `tables` (and the foreign keys of other tables that point at them)
    and their other indexes; returns the statements that build them again, to run after the
    rows, in the same transaction."""
    names = [f"'{t}'::regclass" for t in tables]
    keys = await conn.fetch(
        f"""SELECT conrelid::regclass::text AS on_table, conname AS name,
            pg_get_constraintdef(oid) AS definition
        FROM pg_constraint
        WHERE contype IN ('p', 'u', 'f')
            AND (conrelid IN ({", ".join(names)}) OR confrelid IN ({", ".join(names)}))
        ORDER BY contype = 'f', conname"""
    )
    indexes = await conn.fetch(
        f"""SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
        FROM pg_index i
        WHERE indrelid IN ({", ".join(names)})
            AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)"""
    )
    for key in reversed(keys):  # the foreign keys first
        await conn.execute(f'ALTER TABLE {key["on_table"]} DROP CONSTRAINT "{key["name"]}"')
    for index in indexes:
        await conn.execute(f"DROP INDEX {index['name']}")
    return [
        *(i["definition"] for i in indexes),
        *(
            f'ALTER TABLE {k["on_table"]} ADD CONSTRAINT "{k["name"]}" {k["definition"]}'
            for k in keys
        ),
    ]
