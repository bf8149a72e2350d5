"""Step 4: the facility that gave a corrected dose re-checks the record; a flag reopens the
case for its team."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from phananh_common import outbox
from phananh_common.access import FACILITY_OFFICER
from phananh_common.errors import Aborted, NotFound, Violations
from phananh_common.local_time import Clock
from phananh_common.statuses import IN_REVIEW, RESOLVED
from phananh_common.tokens import Principal
from phananh_common.units import units
from resolution.cases.domain.corrections import check_note
from resolution.cases.domain.records import RecheckRow
from resolution.cases.service.events import status_changed
from resolution.cases.store import cases as store
from resolution.cases.store import rechecks


class Rechecks:
    def __init__(self, engine: AsyncEngine, clock: Clock):
        self._engine = engine
        self._clock = clock

    async def listed(
        self,
        principal: Principal,
        unit_code: str,
        status: str,
        limit: int,
        after: tuple[datetime, uuid.UUID] | None,
    ) -> list[RecheckRow]:
        """A facility officer's: its facility's; others': those inside the unit (checked by
        the access rule)."""
        if principal.role == FACILITY_OFFICER:
            where = rechecks.of_facility(principal.unit_code)
        else:
            where = rechecks.of_units(units().within(unit_code))
        async with self._engine.connect() as conn:
            return await rechecks.list_rechecks(conn, where, status, limit, after)

    async def record(
        self, principal: Principal, recheck_id: str, result: str, note: str
    ) -> RecheckRow:
        errors = Violations()
        if result not in ("CONFIRMED", "FLAGGED"):
            errors.add("result", "must be CONFIRMED or FLAGGED")
        if result == "FLAGGED" and not note.strip():
            errors.add("note", "is required with a flag: say what is wrong")
        check_note(note, errors)
        errors.raise_if_any()
        try:
            key = uuid.UUID(recheck_id)
        except ValueError:
            raise NotFound("no such re-check") from None
        now = self._clock()
        async with self._engine.begin() as conn:
            found = await rechecks.lock_recheck(conn, key)
            if found is None or found.facility_code != principal.unit_code:
                raise NotFound("no such re-check")
            if found.status != "PENDING":
                raise Aborted(f"the re-check is {found.status} already", reason="RECHECK_DONE")
            done = await rechecks.record_recheck(conn, key, result, now, principal.username, note)
            case = await store.lock_case(conn, found.case_id)
            action = f"RECHECK_{result} {found.facility_code}"
            await store.add_history(conn, case.case_id, now, principal.username, action, note)
            if result == "FLAGGED" and case.status == RESOLVED:
                version = await store.update_case(conn, case.case_id, status=IN_REVIEW)
                event = status_changed(case, IN_REVIEW, version, now)
                await outbox.publish(conn, "resolution", [event])
            return done
