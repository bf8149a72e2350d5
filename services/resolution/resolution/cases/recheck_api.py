"""ResolutionService's re-check methods (step 4): protobuf ↔ the re-checks' use cases, mapping
only."""

from phananh.resolution.v1 import resolution_pb2
from phananh_common import tracking_codes
from phananh_common.access import current_principal, officers
from phananh_common.paging import page_after, page_size, page_token, split_page
from phananh_common.protoconv import enum_name, enum_value, from_date, from_datetime
from phananh_common.roles import FACILITY_OFFICER, ROLES
from resolution.cases.api import bearer, evidence_messages
from resolution.cases.domain.rechecks import Recheck
from resolution.cases.service.rechecks import Rechecks
from resolution.registry.domain.records import Dose

ACCESS = {
    # Facility officers see and record their facility's re-checks; the teams see those of
    # the cases they approved (each re-check checked in the use case).
    "ListRechecks": officers(ROLES, unit_field="unit_code"),
    "GetRecheck": officers(ROLES),
    "GetRecheckEvidence": officers(ROLES),
    "RecordRecheck": officers({FACILITY_OFFICER}),
}


def _dose_values(dose: Dose | None) -> resolution_pb2.DoseValues | None:
    if dose is None:
        return None
    return resolution_pb2.DoseValues(
        vaccinated_on=from_date(dose.vaccinated_on),
        vaccine_code=dose.vaccine_code,
        lot_number=dose.lot_number,
        facility_code=dose.facility_code,
    )


def recheck_message(shown: Recheck) -> resolution_pb2.Recheck:
    row, citizen = shown.row, shown.citizen
    return resolution_pb2.Recheck(
        recheck_id=str(row.recheck_id),
        case_id=str(row.case_id),
        tracking_code=tracking_codes.shown(row.tracking_code),
        facility_code=row.facility_code,
        status=enum_value(resolution_pb2.RecheckStatus, row.status),
        created_at=from_datetime(row.created_at),
        note=row.note,
        decided_at=from_datetime(row.decided_at) if row.decided_at else None,
        due_at=from_datetime(shown.due_at),
        overdue=shown.overdue,
        citizen=resolution_pb2.RecheckCitizen(
            full_name=citizen.full_name,
            date_of_birth=from_date(citizen.date_of_birth),
            national_id_last4=citizen.national_id_last4,
        )
        if citizen
        else None,
        changes=[
            resolution_pb2.DoseChange(
                op=c.op,
                dose_number=c.after.dose_number,
                before=_dose_values(c.before),
                after=_dose_values(c.after),
            )
            for c in row.changes
        ],
    )


class RecheckApi:
    """The re-check methods of ResolutionService (server.ResolutionApi)."""

    def __init__(self, rechecks: Rechecks):
        self._rechecks = rechecks

    async def ListRechecks(self, request, context):  # noqa: N802 (gRPC's name)
        size = page_size(request.page_size)
        found = await self._rechecks.listed(
            current_principal(),
            request.unit_code,
            enum_name(resolution_pb2.RecheckStatus, request.status),
            size + 1,
            page_after(request.page_token),
        )
        page, token = split_page(
            found, size, lambda r: page_token(r.row.created_at, r.row.recheck_id)
        )
        return resolution_pb2.ListRechecksResponse(
            rechecks=[recheck_message(r) for r in page], next_page_token=token
        )

    async def GetRecheck(self, request, context):  # noqa: N802 (gRPC's name)
        shown, evidence = await self._rechecks.detail(
            current_principal(), request.recheck_id, bearer(context)
        )
        return resolution_pb2.GetRecheckResponse(
            recheck=recheck_message(shown), evidence=evidence_messages(evidence)
        )

    async def GetRecheckEvidence(self, request, context):  # noqa: N802 (gRPC's name)
        found = await self._rechecks.evidence_file(
            current_principal(), request.recheck_id, request.evidence_id, bearer(context)
        )
        return resolution_pb2.GetRecheckEvidenceResponse(
            evidence_id=found.evidence_id, content_type=found.content_type, content=found.content
        )

    async def RecordRecheck(self, request, context):  # noqa: N802 (gRPC's name)
        shown = await self._rechecks.record(
            current_principal(),
            request.recheck_id,
            enum_name(resolution_pb2.RecheckStatus, request.result),
            request.note,
        )
        return resolution_pb2.RecordRecheckResponse(recheck=recheck_message(shown))
