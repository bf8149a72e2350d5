"""Step 4: the facility that gave a corrected dose re-checks the record, beside the changes
to its doses and the complaint's evidence; a flag reopens the case for its team."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh_common import outbox
from phananh_common.errors import Aborted, NotFound, Violations
from phananh_common.local_time import Clock
from phananh_common.roles import FACILITY_OFFICER, covers
from phananh_common.statuses import IN_REVIEW, RESOLVED
from phananh_common.tokens import Principal
from phananh_common.units import units
from resolution.cases.domain.corrections import check_note
from resolution.cases.domain.rechecks import Recheck, seen
from resolution.cases.domain.records import RecheckRow
from resolution.cases.intake_client import IntakeEvidence
from resolution.cases.service.events import status_changed
from resolution.cases.store import cases as store
from resolution.cases.store import rechecks
from resolution.registry.store.records import by_ids, load_records


def _visible(principal: Principal, row: RecheckRow | None) -> bool:
    """A facility officer's: its facility's; a team's: those of the cases inside its unit."""
    if row is None:
        return False
    if principal.role == FACILITY_OFFICER:
        return row.facility_code == principal.unit_code
    return covers(principal, row.unit_code)


def _recheck_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise NotFound("no such re-check") from None


class Rechecks:
    def __init__(self, engine: AsyncEngine, clock: Clock, hours: float, evidence: IntakeEvidence):
        self._engine = engine
        self._clock = clock
        self._hours = hours
        self._evidence = evidence

    async def _seen(self, conn: AsyncConnection, rows: Sequence[RecheckRow]) -> list[Recheck]:
        """The re-checks with their records' persons as they now stand."""
        ids = list({r.citizen_id for r in rows if r.citizen_id})
        people = {r.citizen_id: r.person for r in await load_records(conn, by_ids(ids))}
        now = self._clock()
        return [seen(r, people.get(r.citizen_id), self._hours, now) for r in rows]

    async def listed(
        self,
        principal: Principal,
        unit_code: str,
        status: str,
        limit: int,
        after: tuple[datetime, uuid.UUID] | None,
    ) -> list[Recheck]:
        """A facility officer's: its facility's; others': those inside the unit (checked by
        the access rule)."""
        if principal.role == FACILITY_OFFICER:
            where = rechecks.of_facility(principal.unit_code)
        else:
            where = rechecks.of_units(units().within(unit_code))
        async with self._engine.connect() as conn:
            found = await rechecks.list_rechecks(conn, where, status, limit, after)
            return await self._seen(conn, found)

    async def _visible_recheck(self, principal: Principal, recheck_id: str):
        """(the re-check, its case) when the caller may see it; NotFound otherwise."""
        async with self._engine.connect() as conn:
            found = await rechecks.recheck(conn, _recheck_id(recheck_id))
            if not _visible(principal, found):
                raise NotFound("no such re-check")
            (shown,) = await self._seen(conn, [found])
            return shown, await store.case(conn, found.case_id)

    async def detail(self, principal: Principal, recheck_id: str, metadata):
        """(the re-check, the complaint's evidence); `metadata` carries the caller's token to
        intake."""
        shown, case = await self._visible_recheck(principal, recheck_id)
        return shown, await self._evidence.listed(case.complaint_id, metadata)

    async def evidence_file(
        self, principal: Principal, recheck_id: str, evidence_id: str, metadata
    ):
        """One file of the re-checked case's complaint (NotFound for another's)."""
        _, case = await self._visible_recheck(principal, recheck_id)
        found = await self._evidence.file(evidence_id, metadata)
        if found.complaint_id != str(case.complaint_id):
            raise NotFound("no such evidence in this case")
        return found

    async def record(
        self, principal: Principal, recheck_id: str, result: str, note: str
    ) -> Recheck:
        errors = Violations()
        if result not in ("CONFIRMED", "FLAGGED"):
            errors.add("result", "must be CONFIRMED or FLAGGED")
        if result == "FLAGGED" and not note.strip():
            errors.add("note", "is required with a flag: say what is wrong")
        check_note(note, errors)
        errors.raise_if_any()
        key = _recheck_id(recheck_id)
        now = self._clock()
        async with self._engine.begin() as conn:
            found = await rechecks.recheck(conn, key, lock=True)
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
            (shown,) = await self._seen(conn, [done])
            return shown
