"""The team's decisions on a case, each one transaction: the case locked, its version and
state checked, the registry changed and audited, the case's new status, its history and the
events for the others, all committed together or not at all."""

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh.events.v1.resolution_events_pb2 import CaseOutcome, OutcomeKind
from phananh.types.v1 import types_pb2
from phananh_common import outbox, tracking_codes
from phananh_common.errors import Aborted, InvalidArgument, NotFound, ServiceError, Violations
from phananh_common.local_time import Clock
from phananh_common.protoconv import enum_value
from phananh_common.roles import covers
from phananh_common.statuses import CLOSED
from phananh_common.tokens import Principal
from phananh_common.units import COMMUNE, DISTRICT, PROVINCE, units
from resolution.cases.domain import corrections, review
from resolution.cases.domain.corrections import CorrectionRules, CreateRecord, MergeRecord
from resolution.cases.domain.rechecks import changes_by_facility
from resolution.cases.domain.records import CaseRow
from resolution.cases.domain.rejection_reasons import REJECTION_REASONS
from resolution.cases.service import complaints
from resolution.cases.service.candidates import (
    districts_outside,
    refuse_a_second_record_outside,
    refuse_outside,
)
from resolution.cases.service.events import case_outcome, status_changed
from resolution.cases.service.work import parse_case_id
from resolution.cases.store import cases as store
from resolution.cases.store.rechecks import open_rechecks
from resolution.registry.domain.changes import Origin
from resolution.registry.domain.records import Record, certificate_level
from resolution.registry.domain.rules import RecordRules
from resolution.registry.service.changes import Change, write_change
from resolution.registry.store.records import by_ids, load_records, unmerged_with_national_id

MAX_MESSAGE_LENGTH = 1000
MAX_BULK_CASES = 500
# Cases of one bulk decided at once: a few connections of the pool, not all of them.
BULK_AT_ONCE = 4
# No case of a bulk starts with less of the call's deadline left: enough for those in hand
# to commit and the answer to travel back.
BULK_MARGIN_SECONDS = 2.0
NOT_REACHED = "not decided: the call's deadline came first; the case is unchanged, send it again"
OUTSIDE_UNIT = "must lie inside your unit, or be the district of a candidate record outside it"


@dataclass
class Decision:
    """What a decision does to the case, beyond the status."""

    status: str
    action: str
    note: str = ""
    outcome: CaseOutcome | None = None
    values: dict = field(default_factory=dict)
    events: list = field(default_factory=list)


Decide = Callable[[AsyncConnection, CaseRow, datetime], Awaitable[Decision]]


@dataclass(frozen=True)
class Said:
    """What an officer writes with a decision: the internal note goes into the case's history,
    for officers alone; the citizen's message is all the citizen reads (status page, SMS)."""

    note: str = ""
    citizen_message: str = ""

    def check(self, errors: Violations) -> None:
        corrections.check_note(self.note, errors)
        corrections.check_note(self.citizen_message, errors, "citizen_message")


class Decisions:
    def __init__(self, engine: AsyncEngine, province_code: str, clock: Clock):
        self._engine = engine
        self._province_code = province_code
        self._clock = clock

    async def _decide(
        self, principal: Principal, case_id: str, expected_version: int, decide: Decide
    ) -> CaseRow:
        key = parse_case_id(case_id)
        now = self._clock()
        async with self._engine.begin() as conn:
            case = await store.lock_case(conn, key)
            if case is None or not covers(principal, case.unit_code):
                raise NotFound("no such case")
            if expected_version and expected_version != case.version:
                raise Aborted(
                    f"the case is at version {case.version}, not {expected_version}",
                    reason="STALE_VERSION",
                )
            if case.status in CLOSED:
                raise Aborted(f"the case is closed ({case.status})", reason="CASE_CLOSED")
            decision = await decide(conn, case, now)
            version = await store.update_case(conn, key, status=decision.status, **decision.values)
            await store.add_history(
                conn, key, now, principal.username, decision.action, decision.note
            )
            changed = status_changed(
                case,
                decision.status,
                version,
                now,
                unit_code=decision.values.get("unit_code", ""),
                outcome=decision.outcome,
            )
            await outbox.publish(conn, "resolution", [changed, *decision.events])
            return await store.lock_case(conn, key)

    async def reject(
        self,
        principal: Principal,
        case_id: str,
        reason_code: str,
        said: Said,
        expected: int = 0,
    ) -> CaseRow:
        reason = REJECTION_REASONS.get(reason_code)
        errors = Violations()
        if reason is None:
            errors.add("reason_code", "is not a reason of the catalogue")
        elif reason.note_required:
            # The team's record of why, and the citizen's explanation (its advice points there).
            if not said.note.strip():
                errors.add("note", f"is required with {reason_code}")
            if not said.citizen_message.strip():
                errors.add("citizen_message", f"is required with {reason_code}")
        said.check(errors)
        errors.raise_if_any()

        async def decide(conn, case, now) -> Decision:
            return Decision(
                "REJECTED",
                f"REJECTED {reason_code}",
                said.note,
                case_outcome(
                    OutcomeKind.OUTCOME_KIND_REJECTED,
                    now,
                    reason_code=reason_code,
                    message=said.citizen_message,
                    citizen_advice=reason.citizen_advice,
                ),
            )

        return await self._decide(principal, case_id, expected, decide)

    async def request_info(
        self, principal: Principal, case_id: str, message: str, expected: int = 0
    ) -> CaseRow:
        if not message.strip() or len(message) > MAX_MESSAGE_LENGTH:
            raise InvalidArgument.on(
                "message", f"is required, at most {MAX_MESSAGE_LENGTH} characters"
            )

        async def decide(conn, case, now) -> Decision:
            if case.status == "NEEDS_INFO":
                raise Aborted("the citizen has been asked already", reason="NEEDS_INFO")
            return Decision(
                "NEEDS_INFO",
                "NEEDS_INFO",
                message,
                case_outcome(OutcomeKind.OUTCOME_KIND_NEEDS_INFO, now, message=message),
                {"paused_at": now},
            )

        return await self._decide(principal, case_id, expected, decide)

    async def reassign(
        self, principal: Principal, case_id: str, unit_code: str, note: str, expected: int = 0
    ) -> CaseRow:
        unit = units().get(unit_code)
        errors = Violations()
        if (
            unit is None
            or unit.level not in (PROVINCE, DISTRICT, COMMUNE)
            or self._province_code not in units().ancestors(unit_code)
        ):
            errors.add("unit_code", f"must be a unit of province {self._province_code}")
        elif not covers(principal, unit_code) and unit.level != DISTRICT:
            errors.add("unit_code", OUTSIDE_UNIT)
        corrections.check_note(note, errors)
        errors.raise_if_any()

        async def decide(conn, case, now) -> Decision:
            if case.unit_code == unit_code:
                raise InvalidArgument.on("unit_code", "holds the case already")
            if not covers(principal, unit_code):
                claimant = complaints.claimant(case.complaint)
                if unit_code not in await districts_outside(conn, principal, claimant):
                    raise InvalidArgument.on("unit_code", OUTSIDE_UNIT)
            # The citizen's question is still open: a paused deadline stays paused.
            status = "NEEDS_INFO" if case.status == "NEEDS_INFO" else "ASSIGNED"
            return Decision(
                status,
                f"REASSIGNED {case.unit_code} → {unit_code}",
                note,
                None,
                {"unit_code": unit_code},
            )

        return await self._decide(principal, case_id, expected, decide)

    async def mark_duplicate(
        self, principal: Principal, case_id: str, of_tracking_code: str, expected: int = 0
    ) -> CaseRow:
        code = tracking_codes.stored(of_tracking_code)

        async def decide(conn, case, now) -> Decision:
            original = await store.case_coded(conn, code)
            if original is None or original.case_id == case.case_id:
                raise InvalidArgument.on("of_tracking_code", "must be another complaint's code")
            shown = tracking_codes.shown(code)
            same_phone = _phone(original.complaint) == _phone(case.complaint)
            told = review.told_of_original(shown, same_phone)
            return Decision(
                "DUPLICATE",
                "DUPLICATE",
                shown,
                case_outcome(OutcomeKind.OUTCOME_KIND_DUPLICATE, now, message=told),
            )

        return await self._decide(principal, case_id, expected, decide)

    async def approve(
        self,
        principal: Principal,
        case_id: str,
        citizen_id: str,
        requested: Sequence[corrections.Correction],
        said: Said,
        expected: int = 0,
    ) -> CaseRow:
        rules = CorrectionRules(RecordRules(self._province_code, units(), self._clock().date()))
        checked = rules.check(citizen_id, requested)
        errors = Violations()
        said.check(errors)
        errors.raise_if_any()

        async def decide(conn, case, now) -> Decision:
            record, before, duplicates = await self._records(
                conn, principal, case, citizen_id, checked, rules
            )
            applied = corrections.apply(record, checked, duplicates, uuid.uuid4)
            level = certificate_level(applied.record.doses)
            origin = Origin(principal.username, case.case_id, case.tracking_code)
            merged = [Change(duplicates[str(m.citizen_id)], m, "MERGED") for m in applied.merged]
            change = Change(before, applied.record, "CORRECTED", level)
            changed = await write_change(conn, origin, now, change, merged)
            by_facility = changes_by_facility(applied.changes)
            await open_rechecks(conn, case, applied.record.citizen_id, by_facility, now)
            return Decision(
                "RESOLVED",
                "RESOLVED",
                said.note,
                case_outcome(
                    OutcomeKind.OUTCOME_KIND_RESOLVED,
                    now,
                    message=said.citizen_message,
                    certificate_level=enum_value(types_pb2.CertificateLevel, level),
                ),
                events=[changed],
            )

        return await self._decide(principal, case_id, expected, decide)

    async def _records(
        self, conn, principal: Principal, case: CaseRow, citizen_id: str, checked, rules
    ):
        """(the record to correct, as it was: None for a new one, the duplicates to merge by
        id), all locked at once in one order, so two approvals never wait on each other.
        PERMISSION_DENIED when one lies outside the caller's unit."""
        wanted = {
            f"corrections[{i}].duplicate_citizen_id": c.duplicate_citizen_id
            for i, c in enumerate(checked)
            if isinstance(c, MergeRecord)
        }
        keys = [_id_or_nil(i) for i in (citizen_id, *wanted.values()) if i]
        found = {str(r.citizen_id): r for r in await load_records(conn, by_ids(keys), lock=True)}
        targets = {"citizen_id": citizen_id, **wanted}
        await refuse_outside(
            conn, principal, {at: found[i] for at, i in targets.items() if i in found}
        )
        duplicates = {i: found[i] for i in wanted.values() if i in found}
        creating = [i for i, c in enumerate(checked) if isinstance(c, CreateRecord)]
        if creating:
            national_id = complaints.claimant(case.complaint).national_id
            await refuse_a_second_record_outside(conn, principal, national_id, creating[0])
            person = rules.person_of_complaint(complaints.person(case.complaint))
            return Record(uuid.uuid4(), person), None, duplicates
        record = found.get(citizen_id)
        if record is None or record.merged_into:
            raise InvalidArgument.on("citizen_id", "is not a record that may be corrected")
        return record, record, duplicates

    async def approve_as_claimed(self, principal: Principal, case_id: str, said: Said) -> CaseRow:
        """The claimed doses added to the one record with the complaint's identity number."""
        key = parse_case_id(case_id)
        async with self._engine.connect() as conn:
            case = await store.case(conn, key)
            if case is None or not covers(principal, case.unit_code):
                raise NotFound("no such case")
            national_id = complaints.claimant(case.complaint).national_id
            found = (
                await load_records(conn, unmerged_with_national_id(national_id), limit=2)
                if national_id
                else []
            )
            if len(found) != 1:
                raise InvalidArgument.on(
                    "case_ids", "needs exactly one record with the complaint's identity number"
                )
            # Before anything of the record is told (approve checks again as it corrects).
            await refuse_outside(conn, principal, {"citizen_id": found[0]})
        recorded = {d.dose_number for d in found[0].doses}
        claimed = [
            d for d in complaints.claimed_doses(case.complaint) if d.dose_number not in recorded
        ]
        if not claimed:
            raise InvalidArgument.on("case_ids", "the claimed doses are recorded already")
        return await self.approve(principal, case_id, str(found[0].citizen_id), claimed, said)

    async def bulk(
        self,
        principal: Principal,
        case_ids: Sequence[str],
        action: str,
        reason_code: str,
        said: Said,
        time_left: Callable[[], float | None] = lambda: None,
    ) -> list[tuple[str, str, str]]:
        """(case id, error or "", the error's reason or "") per case, in the order given,
        each decided on its own, a few at a time. `time_left` is what remains of the caller's
        deadline (None: no deadline): once it runs short no further case is started, and
        those left are answered NOT_REACHED (unchanged, to send again), so the caller always
        gets a result per case rather than a deadline error with some cases decided and no
        word which."""
        if not case_ids or len(case_ids) > MAX_BULK_CASES:
            raise InvalidArgument.on("case_ids", f"give 1 to {MAX_BULK_CASES} cases")
        if action not in ("REJECT", "APPROVE_AS_CLAIMED"):
            raise InvalidArgument.on("action", "must be REJECT or APPROVE_AS_CLAIMED")
        # Semaphore waiters are woken in turn: the cases start in the order given.
        slots = asyncio.Semaphore(BULK_AT_ONCE)

        async def decided(case_id: str) -> tuple[str, str, str]:
            async with slots:
                left = time_left()
                if left is not None and left < BULK_MARGIN_SECONDS:
                    return case_id, NOT_REACHED, ""
                try:
                    if action == "REJECT":
                        await self.reject(principal, case_id, reason_code, said)
                    else:
                        await self.approve_as_claimed(principal, case_id, said)
                    return case_id, "", ""
                except ServiceError as error:
                    detail = "; ".join(f"{v.field} {v.description}" for v in error.violations)
                    return case_id, detail or error.message, error.reason

        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(decided(c)) for c in case_ids]
        return [t.result() for t in tasks]


def _id_or_nil(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        return uuid.UUID(int=0)


def _phone(complaint: bytes) -> str:
    return complaints.claimant(complaint).phone
