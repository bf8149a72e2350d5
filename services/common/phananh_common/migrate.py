"""`python -m phananh_common.migrate SERVICE…`: brings each service's database to the newest
revision of its own Alembic history. Idempotent; run before the services start (a Kubernetes
Job in production, `make migrate` by hand). URLs come from PHANANH_<SERVICE>_DATABASE_URL.

`python -m phananh_common.migrate --revision SERVICE "message"` writes a new revision by
comparing the service's tables with a throwaway embedded database at the current head."""

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from phananh_common.config import SERVICES, asyncpg_url


def alembic_config(service: str, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", f"{service}:migrations")
    config.attributes["database_url"] = asyncpg_url(database_url)
    return config


def upgrade(service: str, database_url: str) -> None:
    command.upgrade(alembic_config(service, database_url), "head")


def new_revision(service: str, message: str) -> None:
    from phananh_common.embedded_postgres import EmbeddedPostgres, provision_services

    with tempfile.TemporaryDirectory() as folder:
        postgres = EmbeddedPostgres(Path(folder))
        try:
            url = asyncio.run(provision_services(postgres.admin_url))[service]
            upgrade(service, url)
            command.revision(alembic_config(service, url), message=message, autogenerate=True)
        finally:
            postgres.stop()


def main(services: list[str]) -> None:
    for service in services or SERVICES:
        if service not in SERVICES:
            sys.exit(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
        variable = f"PHANANH_{service.upper()}_DATABASE_URL"
        if not os.environ.get(variable):
            sys.exit(f"{variable} is not set")
        upgrade(service, os.environ[variable])
        print(f"{service}: migrated")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--revision"] and len(sys.argv) == 4:
        new_revision(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1:])
