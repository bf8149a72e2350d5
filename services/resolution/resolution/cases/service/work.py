"""The case use cases: a complaint opened as a case where it belongs, the queue, the review
that starts when its team opens it, the pause while the citizen is asked for more."""

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from phananh_common import outbox
from phananh_common.errors import InvalidArgument, NotFound
from phananh_common.local_time import Clock
from phananh_common.policy import DeadlinePolicy
from phananh_common.roles import covers
from phananh_common.statuses import ASSIGNED, IN_REVIEW, NEEDS_INFO
from phananh_common.tokens import Principal
from phananh_common.units import units
from resolution.accounts import directory
from resolution.audit.domain import CASE_READ, EVIDENCE_READ, REGISTRY_READ, Read, Reader
from resolution.audit.service import AccessAudit
from resolution.cases.domain import deadlines, differences, review, routing, search
from resolution.cases.domain.records import CaseRow, HistoryEntry
from resolution.cases.intake_client import IntakeEvidence
from resolution.cases.service import complaints
from resolution.cases.service.candidates import candidates
from resolution.cases.service.events import status_changed
from resolution.cases.store import cases as store
from resolution.registry.domain import matching
from resolution.registry.store.records import with_one_record

SYSTEM = "system"
CITIZEN = "citizen"


@dataclass(frozen=True)
class NewComplaint:
    """What resolution keeps of a submitted complaint."""

    complaint_id: uuid.UUID
    tracking_code: str
    category: str
    submitted_at: datetime
    complaint: bytes  # phananh.types.v1.Complaint
    address: routing.Place
    facilities: tuple[routing.ClaimedFacility, ...]
    warnings: tuple[dict, ...]
    # The code of an open complaint of the same person and category from another phone.
    possible_repeat_of: str = ""


@dataclass(frozen=True)
class PossibleRepeat:
    """The case a complaint may repeat, as its reader may see it; None when that case lies
    outside the reader's unit (or has not come yet): only the fact is shown, since a code
    with its phone opens a stranger's status page."""

    case: CaseRow | None


@dataclass(frozen=True)
class CaseDetail:
    case: CaseRow
    evidence: list
    candidates: list[matching.Candidate]
    merge_proposals: list[matching.MergeProposal]
    history: list[HistoryEntry]
    possible_repeat: PossibleRepeat | None
    # How the claim differs from each candidate (in their order).
    differences: list[differences.Differences]
    # The candidate whose corrections are proposed (None: none stands out).
    proposed: matching.Candidate | None


@dataclass(frozen=True)
class QueuePage:
    rows: list[CaseRow]
    counts: deadlines.QueueCounts
    # The cases whose identity number exactly one registry record holds: most are decided
    # by adding the claimed doses to it.
    one_strong_match: set[uuid.UUID]


class CaseWork:
    def __init__(
        self,
        engine: AsyncEngine,
        policy: DeadlinePolicy,
        province_code: str,
        clock: Clock,
        evidence: IntakeEvidence,
        audit: AccessAudit,
    ):
        self._engine = engine
        self._evidence = evidence
        self._audit = audit
        self._policy = policy
        self._province_code = province_code
        self._clock = clock

    async def open(self, conn: AsyncConnection, new: NewComplaint) -> None:
        """Opens the complaint's case in the unit it belongs to (once: a redelivered
        complaint changes nothing) and tells the others."""
        place = routing.routed_place(new.facilities, new.address, self._province_code, units())
        has_team = bool(place and place.commune_code) and await directory.commune_has_team(
            conn, place.commune_code
        )
        row = {
            "case_id": uuid.uuid4(),
            "complaint_id": new.complaint_id,
            "tracking_code": new.tracking_code,
            "category": new.category,
            "status": ASSIGNED,
            "unit_code": routing.route(place, self._province_code, has_team),
            "submitted_at": new.submitted_at,
            "due_at": self._policy.due_at(new.submitted_at),
            "version": 1,
            "complaint": new.complaint,
            "warnings": list(new.warnings),
            "paused_at": None,
            "possible_repeat_of": new.possible_repeat_of or None,
        }
        now = self._clock()
        history = {"at": now, "actor": SYSTEM, "action": "ASSIGNED", "note": row["unit_code"]}
        event = status_changed(CaseRow(**row), ASSIGNED, 1, now)
        found_by = search.keys(complaints.claimant(new.complaint))
        await store.open_case(
            conn, row | found_by, history, outbox.event_values("resolution", event)
        )

    async def supplemented(
        self, conn: AsyncConnection, complaint_id: uuid.UUID, at: datetime, description: str
    ) -> None:
        """The citizen answered: the case goes back to review and its deadline moves by the
        time it waited."""
        case = await store.lock_case_of_complaint(conn, complaint_id)
        if case is None or case.status != NEEDS_INFO:
            return
        due_at = deadlines.resumed_due_at(case.due_at, case.paused_at, at)
        version = await store.update_case(
            conn, case.case_id, status=IN_REVIEW, due_at=due_at, paused_at=None
        )
        await store.add_history(conn, case.case_id, at, CITIZEN, "SUPPLEMENTED", description)
        event = status_changed(case, IN_REVIEW, version, at, due_at=due_at)
        await outbox.publish(conn, "resolution", [event])

    @staticmethod
    async def evidence_checked(
        conn: AsyncConnection, evidence_id: uuid.UUID, complaint_id: uuid.UUID, agrees: bool | None
    ) -> None:
        """Intake read one of the complaint's files: kept for the queue's filter."""
        await store.record_evidence_agreement(conn, evidence_id, complaint_id, agrees)

    def flags(self, case: CaseRow) -> deadlines.DeadlineFlags:
        return deadlines.deadline_flags(case.status, case.due_at, case.paused_at, self._clock())

    async def queue(
        self,
        unit_code: str,
        status: str,
        overdue_only: bool,
        limit: int,
        after: tuple[datetime, uuid.UUID] | None,
        evidence_agrees: bool = False,
        query: str = "",
    ) -> QueuePage:
        """The cases inside the unit (the caller's, checked by its access rule), how many the
        queue holds on every page, and which have one strong match; `query`: only those it
        finds (domain.search); `evidence_agrees`: only those whose evidence agrees with the claim
        on every field read."""
        if len(query) > search.MAX_QUERY_LENGTH:
            raise InvalidArgument.on("q", f"must be at most {search.MAX_QUERY_LENGTH} characters")
        found_by, within, now = search.parse(query), units().within(unit_code), self._clock()
        async with self._engine.connect() as conn:
            rows = await store.list_cases(
                conn,
                within,
                limit,
                after,
                status,
                now if overdue_only else None,
                found_by,
                evidence_agrees,
            )
            counts = await store.count_cases(conn, within, now, status, found_by, evidence_agrees)
            claimed = {r.case_id: complaints.claimant(r.complaint).national_id for r in rows}
            held_once = await with_one_record(conn, set(claimed.values()))
        return QueuePage(rows, counts, {c for c, n in claimed.items() if n in held_once})

    async def case(self, principal: Principal, case_id: str) -> CaseRow:
        """The case, when it lies inside the caller's unit; NotFound otherwise (the same
        answer as for a case that does not exist)."""
        async with self._engine.connect() as conn:
            found = await store.case(conn, parse_case_id(case_id))
        if found is None or not covers(principal, found.unit_code):
            raise NotFound("no such case")
        return found

    async def detail(self, reader: Reader, case_id: str, metadata) -> CaseDetail:
        """The case beside the registry; `metadata` carries the caller's token to intake. The
        read is recorded in the access audit, with each registry record shown in full."""
        principal = reader.principal
        case = await self.case(principal, case_id)
        async with self._engine.connect() as conn:
            found = await candidates(conn, principal, complaints.claimant(case.complaint))
        evidence = await self._evidence.listed(case.complaint_id, metadata)
        # Opened only once everything of it could be shown.
        case = await self._review_started(principal, case)
        async with self._engine.connect() as conn:
            history = await store.history(conn, case.case_id)
        await self._audit.record(
            reader,
            [Read(CASE_READ, case.case_id)]
            + [Read(REGISTRY_READ, case.case_id, c.record.citizen_id) for c in found if c.inside],
        )
        proposals = matching.merge_proposals(found)
        return CaseDetail(
            case=case,
            evidence=evidence,
            candidates=found,
            merge_proposals=proposals,
            history=history,
            possible_repeat=await self._possible_repeat(principal, case),
            differences=differences.differences(complaints.claim(case.complaint), found, proposals),
            proposed=differences.proposed(found),
        )

    async def _possible_repeat(self, principal: Principal, case: CaseRow) -> PossibleRepeat | None:
        if not case.possible_repeat_of:
            return None
        async with self._engine.connect() as conn:
            other = await store.case_coded(conn, case.possible_repeat_of)
        return PossibleRepeat(other if other and covers(principal, other.unit_code) else None)

    async def _review_started(self, principal: Principal, case: CaseRow) -> CaseRow:
        """The case as its reader finds it: when its team opens an assigned case, the review
        starts (IN_REVIEW, a new version, history, the event), once however many read it."""
        if not review.opens_review(case.status, case.unit_code, principal.unit_code):
            return case
        now = self._clock()
        async with self._engine.begin() as conn:
            locked = await store.lock_case(conn, case.case_id)
            if not review.opens_review(locked.status, locked.unit_code, principal.unit_code):
                return locked
            version = await store.update_case(conn, case.case_id, status=IN_REVIEW)
            await store.add_history(conn, case.case_id, now, principal.username, "IN_REVIEW")
            event = status_changed(locked, IN_REVIEW, version, now)
            await outbox.publish(conn, "resolution", [event])
            return replace(locked, status=IN_REVIEW, version=version)

    async def evidence_file(self, reader: Reader, case_id: str, evidence_id: str, metadata):
        """One file of the case's complaint (NotFound for another complaint's), its read
        recorded in the access audit."""
        case = await self.case(reader.principal, case_id)
        found = await self._evidence.file(evidence_id, metadata)
        if found.complaint_id != str(case.complaint_id):
            raise NotFound("no such evidence in this case")
        await self._audit.record(
            reader, [Read(EVIDENCE_READ, case.case_id, evidence_id=found.evidence_id)]
        )
        return found


def parse_case_id(case_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(case_id)
    except ValueError:
        raise NotFound("no such case") from None
