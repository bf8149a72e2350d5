"""The import of the portal's extract, all or nothing: a plain file COPYed and checked
set-based, any other read by the csv module and checked row by row (domain.extract), both
staged, checked across rows and moved by store.staging in the caller's one transaction."""

import csv
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh_common import outbox
from phananh_common.csv_files import file_rows
from phananh_common.errors import FieldViolation, InvalidArgument
from resolution.registry.domain.changes import Origin, refreshed
from resolution.registry.domain.extract import (
    MAX_REPORTED,
    ExtractRow,
    NotPlain,
    RowChecker,
    bounded,
    check_header,
    plain_header,
)
from resolution.registry.domain.records import certificate_level, course_level, name_key
from resolution.registry.domain.rules import RecordRules
from resolution.registry.service.changes import Change, write_change
from resolution.registry.store.records import by_ids, load_records
from resolution.registry.store.staging import RegistryImport, set_session_temp_buffers

# An upload through the API; larger extracts go through `python -m resolution.import_registry`.
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
PROGRESS_ROWS = 5000
CHUNK_BYTES = 1 << 20
MERGED = "is a record merged into another: correct that one through a case"


@dataclass
class Imported:
    # The file's records and doses.
    citizens: int = 0
    doses: int = 0
    citizen_ids: dict[str, str] = field(default_factory=dict)
    # Its records new to the registry, changed by it, left as they were.
    created: int = 0
    updated: int = 0
    unchanged: int = 0


async def import_extract(
    engine: AsyncEngine,
    raw: BinaryIO,
    rules: RecordRules,
    actor: str,
    now,
    *,
    with_ids: bool,
    progress: Callable[[str], None] = lambda step: None,
) -> Imported:
    """Imports the extract (CSV, the header first) in one transaction, or raises
    InvalidArgument naming `line[N].column` and imports nothing. `progress` is called with
    the step under way as the file is read and after. A plain file (see
    store.plain_extract) is COPYed as it is and checked set-based; any other goes through the csv
    module and RowChecker row by row. Both keep the same rows and name the same problems."""
    async with engine.begin() as conn:
        staging = await RegistryImport.begin(conn)
        staged = await _stage_plain(staging, raw, rules, progress)
        if staged is None:
            raw.seek(0)
            staged = await _stage_by_row(staging, file_rows(raw), RowChecker(rules), progress)
        violations, rows = staged
        if violations:
            raise InvalidArgument.of(bounded(violations))
        if not rows:
            raise InvalidArgument.on("csv", "has no row after the header")
        progress("checks across rows")
        across_rows = await staging.violations(MAX_REPORTED)
        if across_rows:
            raise InvalidArgument.of(across_rows)
        progress("records, doses, certificates and indexes")
        known = await staging.take_known_out()
        citizens, doses = await staging.move(now, actor, course_level)
        ids = await staging.citizen_ids() if with_ids else {}
        updated = await _refresh(conn, known.rows, Origin(actor), now)
        progress("done")
    return Imported(
        citizens + known.records,
        doses + known.doses,
        ids,
        created=citizens,
        updated=updated,
        unchanged=known.records - updated,
    )


async def _refresh(
    conn: AsyncConnection, known: list[tuple[uuid.UUID, ExtractRow]], origin: Origin, now
) -> int:
    """The records the registry held already become the file's rows (domain.changes
    .refreshed), each change in their history and published for the health book; how many
    changed. A record merged into another is refused (correct that one)."""
    if not known:
        return 0
    rows = defaultdict(list)
    for citizen_id, row in known:
        rows[citizen_id].append(row)
    records = await load_records(conn, by_ids(list(rows)), lock=True)
    merged = [rows[r.citizen_id][0].line for r in records if r.merged_into]
    if merged:
        raise InvalidArgument.of(
            [FieldViolation(f"line[{n}].record_id", MERGED) for n in sorted(merged)[:MAX_REPORTED]]
        )
    events = []
    for record in records:
        after = refreshed(record, rows[record.citizen_id], uuid.uuid4)
        if after is not None:
            level = certificate_level(after.doses)
            change = Change(record, after, "IMPORTED", level)
            events.append(await write_change(conn, origin, now, change))
    await outbox.publish(conn, "resolution", events)
    return len(events)


async def _stage_plain(
    staging: RegistryImport, raw: BinaryIO, rules: RecordRules, progress: Callable[[str], None]
) -> tuple[list[FieldViolation], int] | None:
    """(violations, rows) of a plain file, its good rows staged; None, nothing staged, when
    the file is not plain."""
    if not plain_header(raw.readline()):
        return None
    await staging.savepoint()
    try:
        rows = await staging.copy_plain(plain_chunks(raw, lambda: progress("copying")))
        progress("checking rows")
        violations = []
        if await staging.stage_plain(rules, name_key) < rows:
            violations = await _check_rows_left(staging, RowChecker(rules))
    except NotPlain:
        await staging.back_to_savepoint()
        return None
    return violations, rows


async def _check_rows_left(staging: RegistryImport, checker: RowChecker) -> list[FieldViolation]:
    """Checks the rows the set-based checks left, row by row: stages the good ones while
    there is no violation, and returns up to MAX_REPORTED violations (and one)."""
    violations = []
    async for batch in staging.rows_left():
        good = []
        for line, cells in batch:
            if max(map(len, cells)) > csv.field_size_limit():
                raise NotPlain  # the csv module refuses such a field: let it name it
            try:
                good.append(checker.row(line, cells))
            except InvalidArgument as error:
                violations.extend(error.violations)
                if len(violations) > MAX_REPORTED:
                    return violations
        if not violations:
            await staging.add(good)
    return violations


async def _stage_by_row(
    staging: RegistryImport,
    lines: Iterable[list[str]],
    checker: RowChecker,
    progress: Callable[[str], None],
) -> tuple[list[FieldViolation], int]:
    """(violations, rows) of the file read by the csv module, its good rows staged."""
    reader = iter(lines)
    check_header(next(reader, []))
    violations, rows = [], 0

    async def checked() -> AsyncIterator[ExtractRow]:
        """The good rows until the first bad one, then only the checks (to report up to
        MAX_REPORTED problems at once)."""
        nonlocal rows
        for line, cells in enumerate(reader, start=2):
            if not cells:
                continue
            rows += 1
            try:
                row = checker.row(line, cells)
            except InvalidArgument as error:
                violations.extend(error.violations)
                if len(violations) > MAX_REPORTED:
                    return
                continue
            if not violations:
                yield row
            if rows % PROGRESS_ROWS == 0:
                progress("checking rows")

    await staging.add(checked())
    return violations, rows


async def plain_chunks(raw: BinaryIO, progress: Callable[[], None]) -> AsyncIterator[bytes]:
    """The rest of the file in chunks for COPY; NotPlain as soon as one is not plain."""
    while chunk := raw.read(CHUNK_BYTES):
        if b'"' in chunk or b"\\" in chunk:
            raise NotPlain
        yield chunk
        progress()


async def reserve_temp_buffers(engine: AsyncEngine, size: str) -> None:
    """The import checks, sorts and joins the rows in temporary tables, which live in the
    session's own buffers (8 MB unless set before the first of them): `size` for every import
    on this engine's connections (a command's own, not the server's pool)."""
    async with engine.begin() as conn:
        await set_session_temp_buffers(conn, size)
