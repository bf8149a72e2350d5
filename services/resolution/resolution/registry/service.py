"""The registry's use cases: the import of the portal's extract, and look-ups inside the
caller's unit."""

import csv
import io
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh_common.csv_files import file_rows
from phananh_common.errors import FieldViolation, InvalidArgument, NotFound
from phananh_common.local_time import Clock
from phananh_common.people import normalise_phone
from phananh_common.tokens import Principal
from phananh_common.units import units
from resolution.registry.domain import Record, course_level, name_key
from resolution.registry.extract import (
    MAX_REPORTED,
    ExtractRow,
    RowChecker,
    bounded,
    check_header,
)
from resolution.registry.facilities import records_inside, save_facilities
from resolution.registry.plain_extract import NotPlain, plain_chunks, plain_header
from resolution.registry.rules import RecordRules
from resolution.registry.scope import Facility
from resolution.registry.store import (
    RegistryImport,
    RegistryStore,
    by_id,
    by_national_id_or_phone,
)

# An upload through the API; larger extracts go through `python -m resolution.import_registry`.
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
PROGRESS_ROWS = 5000
# Records one look-up answers at most (a phone may be shared by a family).
MAX_FOUND = 50


@dataclass
class Imported:
    citizens: int = 0
    doses: int = 0
    citizen_ids: dict[str, str] = field(default_factory=dict)


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
    plain_extract) is COPYed as it is and checked set-based; any other goes through the csv
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
        citizens, doses = await staging.move(now, actor, course_level)
        ids = await staging.citizen_ids() if with_ids else {}
        progress("done")
    return Imported(citizens, doses, ids)


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


class Registry:
    def __init__(self, engine: AsyncEngine, province_code: str, clock: Clock):
        self._engine = engine
        self._store = RegistryStore(engine)
        self._province_code = province_code
        self._clock = clock

    async def import_upload(self, data: bytes, principal: Principal) -> Imported:
        if len(data) > MAX_UPLOAD_BYTES:
            raise InvalidArgument.on("csv", f"must be at most {MAX_UPLOAD_BYTES} bytes")
        now = self._clock()
        rules = RecordRules(self._province_code, units(), now.date())
        return await import_extract(
            self._engine, io.BytesIO(data), rules, principal.username, now, with_ids=True
        )

    async def facilities_imported(
        self, conn: AsyncConnection, found: list[Facility], at: datetime
    ) -> None:
        """Intake's facilities, imported `at`, into the directory (in the inbox's
        transaction)."""
        await save_facilities(conn, found, at)

    async def search(self, principal: Principal, national_id: str, phone: str) -> list[Record]:
        """The records with this identity number or phone inside the caller's unit (see
        registry.scope)."""
        if bool(national_id) == bool(phone):
            raise InvalidArgument.on("national_id", "give one of national_id and phone")
        normalised = ""
        if phone:
            normalised = normalise_phone(phone)
            if normalised is None:
                raise InvalidArgument.on("phone", "must be a Vietnamese mobile number")
        return await self._store.records(
            by_national_id_or_phone(national_id, normalised) & records_inside(principal),
            limit=MAX_FOUND,
        )

    async def citizen(self, principal: Principal, citizen_id: str) -> Record:
        """The record, when it lies inside the caller's unit; NotFound otherwise."""
        try:
            key = uuid.UUID(citizen_id)
        except ValueError:
            raise NotFound("no such citizen record") from None
        found = await self._store.records(by_id(key) & records_inside(principal))
        if not found:
            raise NotFound("no such citizen record")
        return found[0]
