"""`python -m phananh_common.backup backup|restore` (`make backup`, `make restore`): every
service's database dumped by pg_dump (custom format; each dump one consistent snapshot of its
database) into a folder of `PHANANH_BACKUP_DIR` named by the instant, and such a folder
restored into an empty system. The databases are those of `PHANANH_<SERVICE>_DATABASE_URL`,
or, without all four, `make run`'s embedded PostgreSQL in `PHANANH_DATA_DIR` (started when it
is not running). `PHANANH_RESTORE_FROM` names the folder to restore (the newest of
`PHANANH_BACKUP_DIR` otherwise). The programs are the pgserver wheel's (`PHANANH_PG_BIN`: a
folder holding others, e.g. a newer server's)."""

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from phananh_common.config import SERVICES


def _programs() -> Path:
    if os.environ.get("PHANANH_PG_BIN"):
        return Path(os.environ["PHANANH_PG_BIN"])
    import pgserver  # the wheel's own programs, of its server's version

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


def libpq_url(url: str) -> str:
    """A service's URL (SQLAlchemy's, with its driver) as pg_dump and asyncpg take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def database_urls() -> dict[str, str]:
    """Each service's database, as `make run` finds them (provisioned when missing)."""
    variables = {s: f"PHANANH_{s.upper()}_DATABASE_URL" for s in SERVICES}
    if all(os.environ.get(v) for v in variables.values()):
        return {s: os.environ[v] for s, v in variables.items()}
    from phananh_common.embedded_postgres import EmbeddedPostgres, provision_services

    data_dir = Path(os.environ.get("PHANANH_DATA_DIR", ".data")).resolve()
    postgres = EmbeddedPostgres(data_dir / "postgres")
    return asyncio.run(provision_services(postgres.admin_url))


def backup(urls: dict[str, str], backup_dir: Path, now: datetime) -> Path:
    folder = backup_dir / now.strftime("%Y%m%dT%H%M%SZ")
    folder.mkdir(parents=True)
    for service, url in urls.items():
        subprocess.run(
            [_programs() / "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             f"--file={folder / f'{service}.dump'}", libpq_url(url)],
            check=True,
        )  # fmt: skip
    return folder


async def _tables(url: str) -> int:
    conn = await asyncpg.connect(libpq_url(url))
    try:
        return await conn.fetchval(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog',"
            " 'information_schema')"
        )
    finally:
        await conn.close()


def restore(urls: dict[str, str], folder: Path) -> None:
    """Into empty databases only: a database holding tables stops it before anything is
    written (restoring over live data would mix two histories)."""
    missing = [s for s in urls if not (folder / f"{s}.dump").is_file()]
    if missing:
        sys.exit(f"{folder} holds no dump of {', '.join(missing)}")
    full = [s for s, url in urls.items() if asyncio.run(_tables(url))]
    if full:
        sys.exit(f"not empty, nothing restored: {', '.join(full)} (restore into a new system)")
    for service, url in urls.items():
        subprocess.run(
            [_programs() / "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", f"--dbname={libpq_url(url)}", folder / f"{service}.dump"],
            check=True,
        )  # fmt: skip


def newest(backup_dir: Path) -> Path:
    folders = sorted(p for p in backup_dir.glob("*Z") if p.is_dir())
    if not folders:
        sys.exit(f"no backup in {backup_dir}")
    return folders[-1]


def main(action: str) -> None:
    backup_dir = Path(os.environ.get("PHANANH_BACKUP_DIR", "backups")).resolve()
    if action == "backup":
        print(f"backed up into {backup(database_urls(), backup_dir, datetime.now(UTC))}")
    elif action == "restore":
        given = os.environ.get("PHANANH_RESTORE_FROM")
        folder = Path(given).resolve() if given else newest(backup_dir)
        restore(database_urls(), folder)
        print(f"restored from {folder}")
    else:
        sys.exit("usage: python -m phananh_common.backup backup|restore")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) == 2 else "")
