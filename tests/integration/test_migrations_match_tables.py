"""Each service's migrations build exactly the tables its code declares: a column, index or
constraint added to the code without its revision (or the reverse) fails here, not in a
deployment."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine

from intake.store.tables import metadata as intake_tables
from notification.store.tables import metadata as notification_tables
from phananh_common import account_access, inbox, outbox
from reporting.store.tables import metadata as reporting_tables
from resolution.accounts.store.tables import metadata as account_tables
from resolution.audit.store import metadata as audit_tables
from resolution.cases.store.tables import metadata as case_tables
from resolution.registry.store.tables import metadata as registry_tables

# As each service's migrations/env.py lists them.
DECLARED = {
    "intake": [intake_tables, outbox.metadata, inbox.metadata, account_access.metadata],
    "resolution": [
        case_tables,
        registry_tables,
        account_tables,
        audit_tables,
        outbox.metadata,
        inbox.metadata,
    ],
    "notification": [
        notification_tables,
        outbox.metadata,
        inbox.metadata,
        account_access.metadata,
    ],
    "reporting": [reporting_tables, inbox.metadata, account_access.metadata],
}


def _merged(metadatas: list[MetaData]) -> MetaData:
    merged = MetaData()
    for metadata in metadatas:
        for table in metadata.tables.values():
            table.to_metadata(merged)
    return merged


def _differences(connection, declared: MetaData) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [
        d
        for d in compare_metadata(context, declared)
        # Alembic's own bookkeeping table is not declared by the services.
        if not (d[0] == "remove_table" and d[1].name == "alembic_version")
    ]


@pytest.mark.parametrize("service", sorted(DECLARED))
async def test_the_migrated_schema_is_the_declared_one(database_urls, service):
    engine = create_async_engine(database_urls[service])
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences, _merged(DECLARED[service]))
    finally:
        await engine.dispose()
    assert differences == []
