"""The backlog import benchmark: a generated portal export of N complaints (118,933 by
default, the province's backlog), loaded by `python -m intake.import_backlog` into a fresh,
migrated intake database, beside a raw server-side COPY of the same file into a table of text
columns on the same PostgreSQL in the same run. Reports both times, their ratio, the import
process's peak RSS beside the file's size (memory must not grow with the file), and the floor
(tests/bench/floor.py): the rows the import wrote COPYed again into intake's tables as they
are, as the import writes them (a live system keeps its indexes)."""

import asyncio
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import asyncpg

from intake.backlog import COLUMNS
from phananh_common.database import asyncpg_dsn
from phananh_common.embedded_postgres import EmbeddedPostgres, provision_services
from phananh_common.migrate import upgrade
from tests import generate_backlog
from tests.bench.floor import copy_floor
from tests.bench.processes import timed_command

# What an import writes: the complaints and their events to resolution, notification and
# reporting.
WRITTEN = ["complaints", "outbox_events", "outbox_deliveries"]


# The import's goal: within this many times a raw COPY of its file.
IMPORT_GOAL = 12


@dataclass
class BacklogResult:
    rows: int
    file_bytes: int
    raw_copy_s: float
    import_s: float
    ratio: float
    import_peak_rss_bytes: int
    imported: int
    import_output: str
    floor_s: float
    floor_ratio: float


async def _raw_copy(url: str, path: Path) -> float:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        columns = ", ".join(f"{c} text" for c in COLUMNS)
        await conn.execute(f"CREATE TABLE raw_backlog ({columns})")
        started = time.perf_counter()
        await conn.copy_to_table("raw_backlog", source=path, format="csv", header=True)
        return time.perf_counter() - started
    finally:
        await conn.close()


async def _count(url: str) -> int:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return await conn.fetchval("SELECT count(*) FROM complaints")
    finally:
        await conn.close()


def measure_backlog(data_dir: Path, rows: int, seed: int) -> BacklogResult:
    path = data_dir / "backlog.csv"
    with open(path, "w", newline="", encoding="utf-8") as out:
        generate_backlog.write(out, rows, seed)
    postgres = EmbeddedPostgres(data_dir / "backlog-postgres")
    try:
        urls = asyncio.run(provision_services(postgres.admin_url, prefix="backlog"))
        upgrade("intake", urls["intake"])
        print(f"raw COPY of {rows} rows…", flush=True)
        raw_s = asyncio.run(_raw_copy(urls["intake"], path))
        print(f"importing {rows} rows with intake.import_backlog…", flush=True)
        import_s, rss, output = timed_command(
            ["intake.import_backlog", str(path), "--report", f"{path}.refused"],
            {"PHANANH_INTAKE_DATABASE_URL": urls["intake"]},
        )
        imported = asyncio.run(_count(urls["intake"]))
        print("COPY of the rows it wrote into intake's tables (the floor)…", flush=True)
        floor_s = copy_floor(
            postgres.admin_url, "intake", urls["intake"], WRITTEN, data_dir, indexes_aside=False
        )
    finally:
        postgres.stop()
    return BacklogResult(
        rows=rows,
        file_bytes=path.stat().st_size,
        raw_copy_s=round(raw_s, 3),
        import_s=round(import_s, 3),
        ratio=round(import_s / raw_s, 2),
        import_peak_rss_bytes=rss,
        imported=imported,
        import_output=output,
        floor_s=round(floor_s, 3),
        floor_ratio=round(floor_s / raw_s, 2),
    )


def table(r: BacklogResult) -> str:
    mib = 1024 * 1024
    return "\n".join(
        [
            f"{'backlog import':<34}{'rows':>9}{'seconds':>10}{'rows/s':>10}",
            f"{'raw COPY of the file (baseline)':<34}{r.rows:>9}{r.raw_copy_s:>10.2f}"
            f"{r.rows / r.raw_copy_s:>10.0f}",
            f"{'python -m intake.import_backlog':<34}{r.rows:>9}{r.import_s:>10.2f}"
            f"{r.rows / r.import_s:>10.0f}",
            f"{'ratio (import / raw COPY)':<34}{'':>9}{r.ratio:>10.2f}  (goal ≤ {IMPORT_GOAL})",
            f"{'floor: its rows COPYed again':<34}{r.rows:>9}{r.floor_s:>10.2f}"
            f"{r.rows / r.floor_s:>10.0f}",
            f"{'ratio (floor / raw COPY)':<34}{'':>9}{r.floor_ratio:>10.2f}",
            f"import peak RSS {r.import_peak_rss_bytes / mib:.0f} MiB for a file of "
            f"{r.file_bytes / mib:.0f} MiB; {r.imported} complaints in the database",
            f"  {r.import_output}",
        ]
    )


def as_json(r: BacklogResult) -> dict:
    return asdict(r)


if __name__ == "__main__":
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="phananh-backlog-"))
    print(table(measure_backlog(folder, int(sys.argv[1]) if sys.argv[1:] else 118_933, 2021)))
