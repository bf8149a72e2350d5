"""ResolutionService's case methods and the handlers of intake's complaints: protobuf ↔ the
cases' use cases, mapping only."""

import uuid

from phananh.events.v1.intake_events_pb2 import (
    ComplaintSubmitted,
    ComplaintSupplemented,
    EvidenceChecked,
)
from phananh.resolution.v1 import resolution_pb2
from phananh.types.v1 import types_pb2
from phananh_common import tracking_codes
from phananh_common.access import PUBLIC, current_principal, officers
from phananh_common.errors import InvalidArgument
from phananh_common.paging import page_after, page_size, page_token, split_page
from phananh_common.protoconv import (
    enum_name,
    enum_value,
    from_date,
    from_datetime,
    to_date,
    to_datetime,
)
from phananh_common.roles import CASE_WORKERS
from resolution.audit.api import reader
from resolution.cases.domain import corrections
from resolution.cases.domain.differences import Differences
from resolution.cases.domain.records import CaseRow, HistoryEntry
from resolution.cases.domain.rejection_reasons import REJECTION_REASONS
from resolution.cases.domain.routing import ClaimedFacility, Place
from resolution.cases.service import complaints
from resolution.cases.service.decisions import Decisions, Said
from resolution.cases.service.work import CaseWork, NewComplaint, PossibleRepeat
from resolution.registry.api import candidate_message

ACCESS = {
    # Officers see the cases inside their unit (`unit_code`, empty: the caller's own unit).
    "ListCases": officers(CASE_WORKERS, unit_field="unit_code"),
    "ListRejectionReasons": PUBLIC,
    # A case outside the caller's unit is not found (the use case checks it).
    "GetCase": officers(CASE_WORKERS),
    "GetCaseEvidence": officers(CASE_WORKERS),
    # Decisions on a case inside the caller's unit (checked on the case itself).
    "ApproveCase": officers(CASE_WORKERS),
    "RejectCase": officers(CASE_WORKERS),
    "RequestInfo": officers(CASE_WORKERS),
    "ReassignCase": officers(CASE_WORKERS),
    "MarkDuplicate": officers(CASE_WORKERS),
    "BulkDecide": officers(CASE_WORKERS),
}

_DOSE_FIELDS = ("dose_number", "vaccine_code", "lot_number", "facility_code")
_PERSON_FIELDS = ("full_name", "phone", "national_id")


def _correction(index: int, c: resolution_pb2.Correction) -> corrections.Correction:
    op = c.WhichOneof("op")
    if op == "add_dose":
        a = c.add_dose
        return corrections.AddDose(
            a.dose_number, to_date(a.vaccinated_on), a.vaccine_code, a.lot_number, a.facility_code
        )
    if op == "update_dose":
        u = c.update_dose
        changes = {f: getattr(u, f) for f in _DOSE_FIELDS if u.HasField(f)}
        if u.HasField("vaccinated_on"):
            changes["vaccinated_on"] = to_date(u.vaccinated_on)
        return corrections.UpdateDose(u.dose_id, changes)
    if op == "update_person":
        p = c.update_person
        changes = {f: getattr(p, f) for f in _PERSON_FIELDS if p.HasField(f)}
        if p.HasField("date_of_birth"):
            changes["date_of_birth"] = to_date(p.date_of_birth)
        if p.gender:
            changes["gender"] = enum_name(types_pb2.Gender, p.gender)
        if p.HasField("address"):
            changes |= {
                "province_code": p.address.province_code,
                "district_code": p.address.district_code,
                "commune_code": p.address.commune_code,
            }
        return corrections.UpdatePerson(changes)
    if op == "merge_record":
        return corrections.MergeRecord(c.merge_record.duplicate_citizen_id)
    if op == "create_record":
        return corrections.CreateRecord()
    raise InvalidArgument.on(f"corrections[{index}]", "names no operation")


def _correction_message(c: corrections.Correction) -> resolution_pb2.Correction:
    """A proposed correction, as ApproveCase takes it."""
    if isinstance(c, corrections.AddDose):
        return resolution_pb2.Correction(
            add_dose=resolution_pb2.AddDose(
                **vars(c) | {"vaccinated_on": from_date(c.vaccinated_on)}
            )
        )
    if isinstance(c, corrections.UpdateDose):
        changes = dict(c.changes)
        if "vaccinated_on" in changes:
            changes["vaccinated_on"] = from_date(changes["vaccinated_on"])
        return resolution_pb2.Correction(
            update_dose=resolution_pb2.UpdateDose(dose_id=c.dose_id, **changes)
        )
    if isinstance(c, corrections.UpdatePerson):
        changes = dict(c.changes)
        if "date_of_birth" in changes:
            changes["date_of_birth"] = from_date(changes["date_of_birth"])
        if "gender" in changes:
            changes["gender"] = enum_value(types_pb2.Gender, changes["gender"])
        return resolution_pb2.Correction(update_person=resolution_pb2.UpdatePerson(**changes))
    return resolution_pb2.Correction(
        merge_record=resolution_pb2.MergeRecord(duplicate_citizen_id=c.duplicate_citizen_id)
    )


def _difference(d: Differences) -> resolution_pb2.Difference:
    return resolution_pb2.Difference(
        citizen_id=str(d.citizen_id),
        missing_doses=d.missing_doses,
        doses=[resolution_pb2.DoseDifference(**vars(x)) for x in d.doses],
        person=[resolution_pb2.FieldDifference(**vars(x)) for x in d.person],
        corrections=[_correction_message(c) for c in d.corrections],
    )


def evidence_messages(evidence) -> list[resolution_pb2.Evidence]:
    return [
        resolution_pb2.Evidence(
            evidence_id=e.evidence_id,
            content_type=e.content_type,
            size_bytes=e.size_bytes,
            checks=e.checks,
        )
        for e in evidence
    ]


class CaseApi:
    """ResolutionService's case methods (the servicer is these, the re-checks' and the
    registry's together: server.ResolutionApi)."""

    def __init__(self, work: CaseWork, decisions: Decisions):
        self._work = work
        self._decisions = decisions

    def _case(self, row: CaseRow, one_strong_match: bool = False) -> resolution_pb2.Case:
        flags = self._work.flags(row)
        return resolution_pb2.Case(
            case_id=str(row.case_id),
            tracking_code=tracking_codes.shown(row.tracking_code),
            status=enum_value(types_pb2.CaseStatus, row.status),
            category=enum_value(types_pb2.ComplaintCategory, row.category),
            unit_code=row.unit_code,
            submitted_at=from_datetime(row.submitted_at),
            due_at=from_datetime(row.due_at),
            version=row.version,
            overdue=flags.overdue,
            at_risk=flags.at_risk,
            citizen_name=complaints.claimant(row.complaint).full_name,
            one_strong_match=one_strong_match,
        )

    async def ListCases(self, request, context):  # noqa: N802 (gRPC's name)
        size = page_size(request.page_size)
        found = await self._work.queue(
            request.unit_code,
            enum_name(types_pb2.CaseStatus, request.status),
            request.overdue,
            size + 1,
            page_after(request.page_token),
            request.evidence_agrees,
            request.q,
        )
        page, token = split_page(found.rows, size, lambda r: page_token(r.due_at, r.case_id))
        counts = found.counts
        return resolution_pb2.ListCasesResponse(
            cases=[
                self._case(r, one_strong_match=r.case_id in found.one_strong_match) for r in page
            ],
            next_page_token=token,
            counts=resolution_pb2.QueueCounts(
                total=counts.total, overdue=counts.overdue, due_today=counts.due_today
            ),
        )

    async def ListRejectionReasons(self, request, context):  # noqa: N802 (gRPC's name)
        return resolution_pb2.ListRejectionReasonsResponse(
            reasons=[
                resolution_pb2.RejectionReason(
                    code=r.code,
                    title=r.title,
                    citizen_advice=r.citizen_advice,
                    note_required=r.note_required,
                )
                for r in REJECTION_REASONS.values()
            ]
        )

    async def GetCase(self, request, context):  # noqa: N802 (gRPC's name)
        detail = await self._work.detail(reader(context), request.case_id, bearer(context))
        proposed = detail.proposed.record.citizen_id if detail.proposed else None
        return resolution_pb2.GetCaseResponse(
            case=self._case(detail.case),
            complaint=types_pb2.Complaint.FromString(detail.case.complaint),
            evidence=evidence_messages(detail.evidence),
            candidates=[candidate_message(c) for c in detail.candidates],
            warnings=[types_pb2.Warning(**w) for w in detail.case.warnings],
            history=[_history_entry(h) for h in detail.history],
            merge_proposals=[
                resolution_pb2.MergeProposal(
                    citizen_id=str(p.keep.citizen_id),
                    duplicate_citizen_id=str(p.duplicate.citizen_id),
                )
                for p in detail.merge_proposals
            ],
            possible_repeat_of=_possible_repeat(detail.possible_repeat),
            differences=[_difference(d) for d in detail.differences],
            proposed_citizen_id=str(proposed or ""),
            proposed_corrections=[
                _correction_message(c)
                for d in detail.differences
                if d.citizen_id == proposed
                for c in d.corrections
            ],
        )

    async def GetCaseEvidence(self, request, context):  # noqa: N802 (gRPC's name)
        found = await self._work.evidence_file(
            reader(context), request.case_id, request.evidence_id, bearer(context)
        )
        return resolution_pb2.GetCaseEvidenceResponse(
            evidence_id=found.evidence_id, content_type=found.content_type, content=found.content
        )

    async def ApproveCase(self, request, context):  # noqa: N802 (gRPC's name)
        row = await self._decisions.approve(
            current_principal(),
            request.case_id,
            request.citizen_id,
            [_correction(i, c) for i, c in enumerate(request.corrections)],
            _said(request),
            request.expected_version,
        )
        return resolution_pb2.ApproveCaseResponse(case=self._case(row))

    async def RejectCase(self, request, context):  # noqa: N802 (gRPC's name)
        row = await self._decisions.reject(
            current_principal(),
            request.case_id,
            request.reason_code,
            _said(request),
            request.expected_version,
        )
        return resolution_pb2.RejectCaseResponse(case=self._case(row))

    async def RequestInfo(self, request, context):  # noqa: N802 (gRPC's name)
        row = await self._decisions.request_info(
            current_principal(), request.case_id, request.message, request.expected_version
        )
        return resolution_pb2.RequestInfoResponse(case=self._case(row))

    async def ReassignCase(self, request, context):  # noqa: N802 (gRPC's name)
        row = await self._decisions.reassign(
            current_principal(),
            request.case_id,
            request.unit_code,
            request.note,
            request.expected_version,
        )
        return resolution_pb2.ReassignCaseResponse(case=self._case(row))

    async def MarkDuplicate(self, request, context):  # noqa: N802 (gRPC's name)
        row = await self._decisions.mark_duplicate(
            current_principal(), request.case_id, request.of_tracking_code, request.expected_version
        )
        return resolution_pb2.MarkDuplicateResponse(case=self._case(row))

    async def BulkDecide(self, request, context):  # noqa: N802 (gRPC's name)
        results = await self._decisions.bulk(
            current_principal(),
            list(request.case_ids),
            enum_name(resolution_pb2.BulkAction, request.action),
            request.reason_code,
            _said(request),
            context.time_remaining,
        )
        return resolution_pb2.BulkDecideResponse(
            results=[
                resolution_pb2.BulkDecideResult(
                    case_id=case_id, ok=not error, error=error, reason=reason
                )
                for case_id, error, reason in results
            ]
        )


def _said(request) -> Said:
    """A decision's internal note and its message to the citizen, kept apart."""
    return Said(note=request.note, citizen_message=request.citizen_message)


def _history_entry(entry: HistoryEntry) -> resolution_pb2.HistoryEntry:
    return resolution_pb2.HistoryEntry(
        at=from_datetime(entry.at), actor=entry.actor, action=entry.action, note=entry.note
    )


def _possible_repeat(found: PossibleRepeat | None) -> resolution_pb2.PossibleRepeat | None:
    if found is None:
        return None
    if found.case is None:
        return resolution_pb2.PossibleRepeat()  # only the fact
    return resolution_pb2.PossibleRepeat(
        tracking_code=tracking_codes.shown(found.case.tracking_code),
        case_id=str(found.case.case_id),
    )


def bearer(context) -> tuple[tuple[str, str], ...]:
    """The caller's token, for the calls made on its behalf."""
    return tuple((k, v) for k, v in context.invocation_metadata() if k == "authorization")


class ComplaintHandler:
    """Opens a case for each submitted complaint where it belongs."""

    def __init__(self, work: CaseWork):
        self._work = work

    async def __call__(self, conn, event: ComplaintSubmitted, _envelope) -> None:
        complaint = event.complaint
        address = complaint.citizen.address
        places = {f.code: Place(f.district_code, f.commune_code) for f in event.facilities}
        await self._work.open(
            conn,
            NewComplaint(
                complaint_id=uuid.UUID(event.complaint_id),
                tracking_code=event.tracking_code,
                category=enum_name(types_pb2.ComplaintCategory, complaint.category),
                submitted_at=to_datetime(event.submitted_at),
                complaint=complaint.SerializeToString(),
                address=Place(address.district_code, address.commune_code),
                facilities=tuple(
                    ClaimedFacility(d.dose_number, places[d.facility_code])
                    for d in complaint.claimed_doses
                    if d.facility_code in places
                ),
                warnings=tuple({"code": w.code, "message": w.message} for w in event.warnings),
                possible_repeat_of=event.possible_repeat_of,
            ),
        )


class SupplementHandler:
    """The citizen's answer to a request for information reopens the review."""

    def __init__(self, work: CaseWork):
        self._work = work

    async def __call__(self, conn, event: ComplaintSupplemented, _envelope) -> None:
        await self._work.supplemented(
            conn,
            uuid.UUID(event.complaint_id),
            to_datetime(event.supplemented_at),
            event.description,
        )


class EvidenceCheckedHandler:
    """Intake read an evidence file: what it concluded, for the queue's filter."""

    def __init__(self, work: CaseWork):
        self._work = work

    async def __call__(self, conn, event: EvidenceChecked, _envelope) -> None:
        await self._work.evidence_checked(
            conn,
            uuid.UUID(event.evidence_id),
            uuid.UUID(event.complaint_id),
            event.agrees_with_claim if event.HasField("agrees_with_claim") else None,
        )
