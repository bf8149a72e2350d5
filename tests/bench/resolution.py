"""Resolution's benchmark on a province-sized registry: a generated portal extract of N
citizens (1,000,000 by default) imported by `python -m resolution.import_registry` beside a
raw server-side COPY of the same file; then M open cases (200,000) put in one set-based
statement, and, in this process over the real database, the first page of a district's queue,
a case detail with its candidates (intake's evidence list left out: another service) as its
team first opens the case (which starts the review: a write) and as it reads it again, and
approvals per second.

`python -m tests.bench.resolution [CITIZENS [CASES]]`; `make bench` runs it with
PHANANH_BENCH_REGISTRY_CITIZENS and PHANANH_BENCH_OPEN_CASES (0 skips it)."""

import asyncio
import csv
import random
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg

from phananh.types.v1 import types_pb2
from phananh_common.database import asyncpg_dsn, create_engine
from phananh_common.embedded_postgres import EmbeddedPostgres, provision_services
from phananh_common.migrate import upgrade
from phananh_common.policy import DeadlinePolicy
from phananh_common.protoconv import from_date
from phananh_common.tokens import Principal
from phananh_common.units import units
from resolution.audit.domain import Reader
from resolution.audit.service import AccessAudit
from resolution.cases.domain.corrections import AddDose
from resolution.cases.service.decisions import Decisions, Said
from resolution.cases.service.work import CaseWork
from resolution.registry.domain.extract import HEADER
from resolution.registry.store.staging import REGISTRY_TABLES
from tests.bench.floor import copy_floor
from tests.bench.processes import timed_command
from tests.factories import FAMILY, GIVEN, MIDDLE, MOBILE_PREFIXES

DISTRICT = "731"
SAMPLES = 300
APPROVALS = 400
CONCURRENCY = 8


# The import's goal: within this many times a raw COPY of its file.
IMPORT_GOAL = 6


@dataclass
class ResolutionResult:
    citizens: int
    file_bytes: int
    raw_copy_s: float
    import_s: float
    import_ratio: float
    import_peak_rss_bytes: int
    floor_s: float
    floor_ratio: float
    open_cases: int
    queue_p50_ms: float
    queue_p99_ms: float
    detail_first_p50_ms: float
    detail_first_p99_ms: float
    detail_again_p50_ms: float
    detail_again_p99_ms: float
    approvals_per_s: float


def write_extract(path: Path, citizens: int, seed: int) -> None:
    """The portal's extract: citizens of every district of Đồng Nai, 0 to 3 doses each."""
    rng = random.Random(seed)
    places = [(d.code, [c.code for c in units().children(d.code)]) for d in units().children("75")]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for n in range(citizens):
            district, communes = rng.choice(places)
            person = [
                f"R{n}",
                f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                rng.choice(("MALE", "FEMALE")),
                rng.choice(MOBILE_PREFIXES) + f"{n % 10_000_000:07d}",
                f"075{n:09d}",
                "75",
                district,
                rng.choice(communes) if communes else "",
            ]
            doses = rng.choice((0, 1, 2, 2, 2, 3))
            if not doses:
                writer.writerow([*person, "", "", "", "", ""])
            for number in range(1, doses + 1):
                given = date(2021, 4, 1) + timedelta(days=40 * number + rng.randint(0, 30))
                vaccine = rng.choice(("AZ", "PFIZER", "VERO", "MODERNA"))
                writer.writerow(
                    [*person, number, given.isoformat(), vaccine, f"L{number}", f"F{district}001"]
                )


async def _raw_copy(url: str, path: Path) -> float:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await conn.execute(f"CREATE TABLE raw_registry ({', '.join(f'{c} text' for c in HEADER)})")
        started = time.perf_counter()
        await conn.copy_to_table("raw_registry", source=path, format="csv", header=True)
        return time.perf_counter() - started
    finally:
        await conn.close()


async def _open_cases(url: str, count: int, seed: int) -> None:
    """`count` open cases spread over the province's districts and their communes, each the
    complaint of a citizen of the registry (so the detail finds candidates), due over the
    next weeks (some overdue)."""
    rng = random.Random(seed)
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        people = await conn.fetch(
            "SELECT full_name, date_of_birth, phone, national_id, district_code, commune_code"
            " FROM citizens ORDER BY random() LIMIT 2000"
        )
        districts = [units().within(d.code) for d in units().children("75")]
        now = datetime.now(UTC)
        records = []
        for _ in range(count):
            p = rng.choice(people)
            complaint = types_pb2.Complaint(
                citizen=types_pb2.Citizen(
                    full_name=p["full_name"],
                    date_of_birth=from_date(p["date_of_birth"]),
                    phone=p["phone"],
                    national_id=p["national_id"],
                    address=types_pb2.Address(
                        province_code="75",
                        district_code=p["district_code"],
                        commune_code=p["commune_code"],
                    ),
                ),
                category=types_pb2.COMPLAINT_CATEGORY_MISSING_DOSE,
            ).SerializeToString()
            case_id = uuid.uuid4()
            records.append(
                (
                    case_id,
                    case_id,
                    case_id.hex[:10].upper(),
                    "MISSING_DOSE",
                    "ASSIGNED",
                    rng.choice(rng.choice(districts)),
                    now,
                    now + timedelta(hours=rng.uniform(-48, 400)),
                    1,
                    complaint,
                )
            )
        await conn.copy_records_to_table(
            "cases",
            records=records,
            columns=(
                "case_id",
                "complaint_id",
                "tracking_code",
                "category",
                "status",
                "unit_code",
                "submitted_at",
                "due_at",
                "version",
                "complaint",
            ),
        )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


class _NoEvidence:
    """Intake's evidence list is another service's work: left out of this measure."""

    async def listed(self, complaint_id, metadata):
        return []


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 2)


async def _timed(call, times: int) -> list[float]:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - started)
    return samples


async def _case_work(url: str) -> dict:
    engine = create_engine(url, pool_size=CONCURRENCY)
    officer = Principal(str(uuid.uuid4()), "bench", "DISTRICT_OFFICER", DISTRICT)
    reader = Reader(officer, "127.0.0.1")
    audit = AccessAudit(engine, lambda: datetime.now(UTC))
    work = CaseWork(engine, DeadlinePolicy(), "75", lambda: datetime.now(UTC), _NoEvidence(), audit)
    decisions = Decisions(engine, "75", lambda: datetime.now(UTC))
    try:
        queue = await _timed(lambda: work.queue(DISTRICT, "", False, 51, None), SAMPLES)
        conn = await asyncpg.connect(asyncpg_dsn(url))
        # Cases the officer's own team holds: opening one starts its review.
        held = [str(r[0]) for r in await conn.fetch(
            "SELECT case_id FROM cases WHERE unit_code = $1 AND status = 'ASSIGNED'"
            " ORDER BY random() LIMIT $2",
            DISTRICT, SAMPLES,
        )]  # fmt: skip
        others = [str(r[0]) for r in await conn.fetch(
            "SELECT case_id FROM cases WHERE unit_code = ANY($1) AND NOT case_id = ANY($2::uuid[])"
            " ORDER BY random() LIMIT $3",
            units().within(DISTRICT), held, APPROVALS,
        )]  # fmt: skip
        citizens = [str(r[0]) for r in await conn.fetch(
            "SELECT citizen_id FROM citizens ORDER BY random() LIMIT $1", APPROVALS
        )]  # fmt: skip
        await conn.close()
        first = iter(held)
        detail_first = await _timed(lambda: work.detail(reader, next(first), ()), len(held))
        again = iter(held)
        detail_again = await _timed(lambda: work.detail(reader, next(again), ()), len(held))
        pending = list(zip(others, citizens, strict=True))

        async def approver():
            while pending:
                case_id, citizen_id = pending.pop()
                dose = AddDose(4, date(2022, 3, 1), "PFIZER", "B1", f"F{DISTRICT}001")
                await decisions.approve(officer, case_id, citizen_id, [dose], Said("bench"))

        started = time.perf_counter()
        await asyncio.gather(*(approver() for _ in range(CONCURRENCY)))
        approvals_per_s = APPROVALS / (time.perf_counter() - started)
    finally:
        await engine.dispose()
    return {
        "queue_p50_ms": _percentile(queue, 0.5),
        "queue_p99_ms": _percentile(queue, 0.99),
        "detail_first_p50_ms": _percentile(detail_first, 0.5),
        "detail_first_p99_ms": _percentile(detail_first, 0.99),
        "detail_again_p50_ms": _percentile(detail_again, 0.5),
        "detail_again_p99_ms": _percentile(detail_again, 0.99),
        "approvals_per_s": round(approvals_per_s, 1),
    }


def measure_resolution(data_dir: Path, citizens: int, cases: int, seed: int) -> ResolutionResult:
    path = data_dir / "registry.csv"
    print(f"writing a registry extract of {citizens} citizens…", flush=True)
    write_extract(path, citizens, seed)
    postgres = EmbeddedPostgres(data_dir / "resolution-postgres")
    try:
        url = asyncio.run(provision_services(postgres.admin_url, prefix="bench"))["resolution"]
        upgrade("resolution", url)
        print("raw COPY of the extract…", flush=True)
        raw_s = asyncio.run(_raw_copy(url, path))
        print("importing it with resolution.import_registry…", flush=True)
        import_s, rss, _ = timed_command(
            ["resolution.import_registry", str(path)], {"PHANANH_RESOLUTION_DATABASE_URL": url}
        )
        print("COPY of the rows it wrote into empty registry tables (the floor)…", flush=True)
        floor_s = copy_floor(
            postgres.admin_url, "resolution", url, REGISTRY_TABLES, data_dir, indexes_aside=True
        )
        print(
            f"import {import_s:.2f} s, raw COPY {raw_s:.2f} s ({import_s / raw_s:.1f}×), "
            f"floor {floor_s:.2f} s ({floor_s / raw_s:.1f}×)",
            flush=True,
        )
        print(f"opening {cases} cases, then measuring queue, detail, approvals…", flush=True)
        asyncio.run(_open_cases(url, cases, seed))
        measured = asyncio.run(_case_work(url))
    finally:
        postgres.stop()
    return ResolutionResult(
        citizens=citizens,
        file_bytes=path.stat().st_size,
        raw_copy_s=round(raw_s, 3),
        import_s=round(import_s, 3),
        import_ratio=round(import_s / raw_s, 2),
        import_peak_rss_bytes=rss,
        floor_s=round(floor_s, 3),
        floor_ratio=round(floor_s / raw_s, 2),
        open_cases=cases,
        **measured,
    )


def table(r: ResolutionResult) -> str:
    mib = 1024 * 1024
    return "\n".join(
        [
            f"{'registry import':<40}{'citizens':>10}{'seconds':>10}{'citizens/s':>12}",
            f"{'raw COPY of the file (baseline)':<40}{r.citizens:>10}{r.raw_copy_s:>10.2f}"
            f"{r.citizens / r.raw_copy_s:>12.0f}",
            f"{'python -m resolution.import_registry':<40}{r.citizens:>10}{r.import_s:>10.2f}"
            f"{r.citizens / r.import_s:>12.0f}",
            f"{'ratio (import / raw COPY)':<40}{'':>10}{r.import_ratio:>10.2f}"
            f"  (goal ≤ {IMPORT_GOAL})",
            f"{'floor: its rows COPYed again':<40}{r.citizens:>10}{r.floor_s:>10.2f}"
            f"{r.citizens / r.floor_s:>12.0f}",
            f"{'ratio (floor / raw COPY)':<40}{'':>10}{r.floor_ratio:>10.2f}",
            f"import peak RSS {r.import_peak_rss_bytes / mib:.0f} MiB for a file of "
            f"{r.file_bytes / mib:.0f} MiB",
            "",
            f"with {r.open_cases} open cases       p50 ms   p99 ms",
            f"{'first page of a district queue':<32}{r.queue_p50_ms:>8.1f}{r.queue_p99_ms:>9.1f}",
            f"{'case detail, first opened':<32}{r.detail_first_p50_ms:>8.1f}"
            f"{r.detail_first_p99_ms:>9.1f}",
            f"{'case detail, read again':<32}{r.detail_again_p50_ms:>8.1f}"
            f"{r.detail_again_p99_ms:>9.1f}",
            f"approvals: {r.approvals_per_s:.0f}/s ({CONCURRENCY} at a time)",
        ]
    )


def as_json(r: ResolutionResult) -> dict:
    return asdict(r)


if __name__ == "__main__":
    folder = Path(tempfile.mkdtemp(prefix="phananh-resolution-bench-"))
    citizens = int(sys.argv[1]) if sys.argv[1:] else 1_000_000
    open_cases = int(sys.argv[2]) if sys.argv[2:] else 200_000
    if open_cases < 1:
        sys.exit("the queue and the case detail need open cases: CASES must be positive")
    print(table(measure_resolution(folder, citizens, open_cases, 2021)))
