"""The suite's database: one embedded PostgreSQL for the session (or the server whose admin
URL is in PHANANH_TEST_DATABASE_URL, with trust authentication), never the machine's own.

Each service's migrations run once into template databases; every test that needs databases
gets fresh copies of them, which takes milliseconds."""

import asyncio
import os
import uuid

import pytest

from phananh_common.embedded_postgres import EmbeddedPostgres, provision_services
from phananh_common.migrate import upgrade

TEMPLATE_PREFIX = "template"


@pytest.fixture(scope="session")
def admin_url(tmp_path_factory):
    given = os.environ.get("PHANANH_TEST_DATABASE_URL")
    if given:
        yield given
        return
    postgres = EmbeddedPostgres(tmp_path_factory.mktemp("postgres"))
    try:
        yield postgres.admin_url
    finally:
        postgres.stop()


@pytest.fixture(scope="session")
async def migrated_templates(admin_url):
    urls = await provision_services(admin_url, prefix=TEMPLATE_PREFIX)
    for service, url in urls.items():
        # Alembic's env runs its own event loop; keep it off the suite's loop.
        await asyncio.to_thread(upgrade, service, url)
    return TEMPLATE_PREFIX


@pytest.fixture
async def database_urls(admin_url, migrated_templates) -> dict[str, str]:
    """Fresh, migrated databases for the four services, by service name."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    return await provision_services(admin_url, prefix=prefix, template_prefix=migrated_templates)


def pytest_collection_modifyitems(items):
    # Unit tests first: they fail fastest.
    order = {"unit": 0, "integration": 1, "e2e": 2}
    items.sort(key=lambda item: order.get(item.path.parent.name, 3))
