"""`python -m intake.import_backlog FILE.csv [--report REPORT.csv] [--batch-size N]
[--workers N]`: loads the portal's backlog export (columns: see intake.backlog) into intake,
as if each complaint had been submitted at its original time: checked with the same rules,
deduplicated (a repeat joins the open complaint of the same person and category from the same
phone; from another phone it is a new complaint marked as a possible repeat), published to the
outbox (so resolution routes it) and never imported twice (the source id is unique).

The file streams through in batches (bounded memory), each COPYed and committed on its own,
so an interrupted import resumes by running it again. The rows are checked in worker
processes (--workers; by default one per core: this process and PostgreSQL mostly wait on
each other) while this one writes earlier batches. A bad row does not stop the others: its
line number (the header is line 1), column and problem go to the report (no personal data),
and the exit status is 2. Settings: PHANANH_INTAKE_DATABASE_URL, PHANANH_PROVINCE_CODE,
PHANANH_SLA_HOURS."""

import argparse
import asyncio
import csv
import gc
import json
import multiprocessing
import os
import sys
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice

from pydantic import ValidationError
from tqdm import tqdm

from intake import domain
from intake.backlog import BacklogComplaint, check_header, read_row
from intake.config import IntakeData
from intake.service.backlog import BacklogWriter
from intake.service.events import submission_event
from intake.service.facilities import Facilities
from intake.service.submissions import complaint_row
from intake.store.backlog import BACKLOG_COLUMNS
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh_common import outbox
from phananh_common.csv_files import file_rows
from phananh_common.database import create_engine
from phananh_common.errors import InvalidArgument
from phananh_common.local_time import utc_now
from phananh_common.units import units

EVENT_TYPE = ComplaintSubmitted.DESCRIPTOR.full_name


@dataclass
class Totals:
    rows: int = 0
    imported: int = 0
    possible_repeats: int = 0  # of those imported
    joined: int = 0
    refused: int = 0

    @property
    def already_there(self) -> int:
        return self.rows - self.refused - self.imported - self.joined


def to_record(
    item: BacklogComplaint, settings: IntakeData, facilities: dict, envelopes: outbox.EnvelopeBytes
) -> tuple:
    """One staging row (BACKLOG_COLUMNS) with the complaint's ComplaintSubmitted event."""
    complaint_id = uuid.uuid4()
    event = submission_event(
        item.accepted,
        facilities,
        complaint_id,
        domain.new_tracking_code(),
        item.submitted_at,
        item.source_id,
    )
    row = complaint_row(item.accepted, event, item.submitted_at, settings.due_at(item.submitted_at))
    event_id = str(uuid.uuid4())
    row |= {
        # The ids as text: a batch crosses to the writing process in a third of the time it
        # takes with UUID objects (PostgreSQL reads either).
        "complaint_id": event.complaint_id,
        "warnings": json.dumps(row["warnings"]),
        "source_id": item.source_id,
        "event_id": event_id,
        "envelope": envelopes.wrap(event_id, event.SerializeToString()),
    }
    return tuple(row[c] for c in BACKLOG_COLUMNS)


@dataclass
class Batch:
    """What a worker made of consecutive rows: their staging records, and the refused rows'
    problems as report lines."""

    records: list[tuple]
    refused_rows: int
    report: list[list]


# A worker process's reference data, set once by _start_worker.
_worker: dict = {}


def _start_worker(settings: IntakeData, facilities: dict, now: datetime) -> None:
    reference = domain.Reference(settings.province_code, units(), facilities)
    _worker.update(settings=settings, facilities=facilities, now=now, reference=reference)
    # What is loaded so far lives as long as the worker: out of the collector's passes while
    # the rows' objects come and go.
    gc.freeze()


def _ready() -> None:
    """Nothing: submitted to make the pool start a worker."""


def _check_rows(rows: list[tuple[int, list[str]]]) -> Batch:
    """In a worker: each (line, values) read and checked like a submission."""
    batch = Batch([], 0, [])
    settings, facilities = _worker["settings"], _worker["facilities"]
    # The batch's events occur together: one envelope header for all of them.
    envelopes = outbox.EnvelopeBytes("intake", EVENT_TYPE, datetime.now(UTC))
    for line, values in rows:
        try:
            item = read_row(values, _worker["now"], _worker["reference"])
        except InvalidArgument as error:
            batch.refused_rows += 1
            batch.report.extend([line, v.field, v.description] for v in error.violations)
            continue
        batch.records.append(to_record(item, settings, facilities, envelopes))
    return batch


def _numbered(reader) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts on (the header is line 1; a quoted value may span
    lines)."""
    line = reader.line_num + 1
    for values in reader:
        yield line, values
        line = reader.line_num + 1


def check_file(path: str) -> None:
    """A file that is not CSV text refuses the import whole (InvalidArgument naming the
    line), before any batch is written: bad rows are reported one by one, but a broken file
    would otherwise stop half-way."""
    with open(path, "rb") as raw:
        for _ in file_rows(raw):
            pass


async def import_file(
    path: str,
    report,
    settings: IntakeData,
    batch_size: int,
    progress: bool = True,
    workers: int | None = None,
) -> Totals:
    engine = create_engine(settings.database_url, pool_size=1)
    totals = Totals()
    # Checking is most of the work: a worker per core, beside this process and PostgreSQL,
    # which mostly wait on each other.
    workers = workers or os.cpu_count() or 1
    try:
        listed = await Facilities(engine, settings.province_code, utc_now).listed("")
        facilities = {f.code: f for f in listed}
        refused = csv.writer(report)
        refused.writerow(["line", "column", "problem"])
        with (
            open(path, "rb") as raw,
            tqdm(
                total=os.path.getsize(path), unit="B", unit_scale=True, disable=not progress
            ) as bar,
            ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(settings, facilities, datetime.now(UTC)),
            ) as pool,
        ):
            # The workers start (a second each, loading the reference data) while this process
            # reads the file through once.
            for _ in range(workers):
                pool.submit(_ready)
            check_file(path)
            reader = file_rows(raw)
            check_header(next(reader, []))
            async with BacklogWriter.on(engine) as writer:
                # Batches being checked, in file order; a few per worker keeps every process
                # busy while memory stays bounded.
                checking: deque[asyncio.Future] = deque()

                async def write_next():
                    batch = await checking.popleft()
                    totals.refused += batch.refused_rows
                    refused.writerows(batch.report)
                    if batch.records:
                        written = await writer.write(batch.records, EVENT_TYPE)
                        totals.imported += written.complaints
                        totals.possible_repeats += written.possible_repeats
                        totals.joined += written.notes
                    bar.update(raw.tell() - bar.n)

                numbered = _numbered(reader)
                while rows := list(islice(numbered, batch_size)):
                    totals.rows += len(rows)
                    checking.append(asyncio.wrap_future(pool.submit(_check_rows, rows)))
                    if len(checking) > 2 * workers:
                        await write_next()
                while checking:
                    await write_next()
                bar.update(raw.tell() - bar.n)
    finally:
        await engine.dispose()
    return totals


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m intake.import_backlog", description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--report", help="where bad rows go (default: FILE.refused.csv)")
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument(
        "--workers", type=int, help="processes checking rows (default: one per core)"
    )
    args = parser.parse_args(argv)
    try:
        settings = IntakeData()
    except ValidationError as error:
        sys.exit(f"import_backlog: invalid settings:\n{error}")
    report_path = args.report or f"{args.file}.refused.csv"
    try:
        with open(report_path, "w", newline="", encoding="utf-8") as report:
            totals = asyncio.run(
                import_file(
                    args.file,
                    report,
                    settings,
                    max(1, args.batch_size),
                    workers=max(1, args.workers) if args.workers else None,
                )
            )
    except InvalidArgument as error:  # the header, or a file that is not CSV text
        sys.exit(f"import_backlog: {error.violations[0].field}: {error.violations[0].description}")
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        sys.exit(f"import_backlog: cannot read the file: {type(error).__name__}: {error}")
    print(
        f"{totals.rows} rows: {totals.imported} complaints imported ({totals.possible_repeats} "
        f"of them possible repeats of the same person's from another phone), {totals.joined} "
        f"joined an open complaint of the same person and phone, {totals.already_there} "
        f"imported before, {totals.refused} refused"
        + (f" (see {report_path})" if totals.refused else "")
    )
    return 2 if totals.refused else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
