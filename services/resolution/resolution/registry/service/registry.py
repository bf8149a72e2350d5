"""The registry's look-ups inside the caller's unit (domain.scope), the upload of an extract
through the API, and intake's facilities kept as the directory."""

import io
import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh_common.errors import InvalidArgument, NotFound
from phananh_common.local_time import Clock
from phananh_common.people import normalise_phone
from phananh_common.tokens import Principal
from phananh_common.units import units
from resolution.registry.domain.changes import HistoryEntry
from resolution.registry.domain.records import Record
from resolution.registry.domain.rules import RecordRules
from resolution.registry.domain.scope import Facility
from resolution.registry.service.imports import MAX_UPLOAD_BYTES, Imported, import_extract
from resolution.registry.store.audit import history_of
from resolution.registry.store.facilities import records_inside, save_facilities
from resolution.registry.store.records import by_id, by_national_id_or_phone, load_records

# Records one look-up answers at most (a phone may be shared by a family).
MAX_FOUND = 50


class Registry:
    def __init__(self, engine: AsyncEngine, province_code: str, clock: Clock):
        self._engine = engine
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
        domain.scope)."""
        if bool(national_id) == bool(phone):
            raise InvalidArgument.on("national_id", "give one of national_id and phone")
        normalised = ""
        if phone:
            normalised = normalise_phone(phone)
            if normalised is None:
                raise InvalidArgument.on("phone", "must be a Vietnamese mobile number")
        return await self._records(
            by_national_id_or_phone(national_id, normalised) & records_inside(principal),
            MAX_FOUND,
        )

    async def citizen(self, principal: Principal, citizen_id: str) -> Record:
        """The record, when it lies inside the caller's unit; NotFound otherwise."""
        try:
            key = uuid.UUID(citizen_id)
        except ValueError:
            raise NotFound("no such citizen record") from None
        found = await self._records(by_id(key) & records_inside(principal))
        if not found:
            raise NotFound("no such citizen record")
        return found[0]

    async def history(self, principal: Principal, citizen_id: str) -> list[HistoryEntry]:
        """The record's changes, newest first, when it lies inside the caller's unit;
        NotFound otherwise."""
        record = await self.citizen(principal, citizen_id)
        async with self._engine.connect() as conn:
            return await history_of(conn, record.citizen_id)

    async def _records(self, where, limit: int | None = None) -> list[Record]:
        async with self._engine.connect() as conn:
            return await load_records(conn, where, limit=limit)
