"""Each officer endpoint, called as a caller of a unit on something inside or outside that unit
(ENDPOINTS), and what the calls act on (units, accounts, registry records, cases): the access
matrix's calls (tests/integration/test_access_matrix.py)."""

import itertools
import uuid
from collections.abc import Awaitable, Callable
from datetime import date

from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from phananh.reporting.v1 import reporting_pb2, reporting_pb2_grpc
from phananh.resolution.v1 import (
    accounts_pb2,
    accounts_pb2_grpc,
    resolution_pb2,
    resolution_pb2_grpc,
)
from phananh_common.protoconv import from_date
from phananh_common.roles import ROLES
from resolution.registry.domain.extract import HEADER
from tests.factories import Complaints
from tests.harness import InProcessSystem, execute

PA, PO, DA, DO, CO, FO = ROLES
# Each role's unit: Đồng Nai, Biên Hòa, its ward Trảng Dài, a facility of Biên Hòa.
UNIT = {PA: "75", PO: "75", DA: "731", DO: "731", CO: "25993", FO: "F731001"}
# A unit inside and one outside each caller's unit (79 is another province, 732 another
# district, 26077 a ward of 732, 26734 a ward of province 79).
UNIT_INSIDE = {"75": "731", "731": "25993", "25993": "25993", "F731001": "F731001"}
UNIT_OUTSIDE = {"75": "79", "731": "732", "25993": "26077", "F731001": "732"}
COMMUNE_INSIDE = {"75": "25993", "731": "25993", "25993": "25993", "F731001": "25993"}
COMMUNE_OUTSIDE = {"75": "26734", "731": "26077", "25993": "26077", "F731001": "26077"}
# Accounts to act on: in Trảng Dài, in a ward of 732, in province 79 (put there behind the
# service's back: no one here could create it).
ACCOUNT_INSIDE = "xa.trong"
ACCOUNT_OUTSIDE = {"75": "tinh.khac", "731": "xa.ngoai", "25993": "xa.ngoai", "F731001": "xa.ngoai"}

# Registry records to read: in Trảng Dài, in a ward of 732, in province 79 (put there behind
# the service's back).
CITIZEN = {"25993": uuid.uuid4(), "26077": uuid.uuid4(), "26734": uuid.uuid4()}
# Cases, likewise, by the unit that holds them.
CASE = {"25993": uuid.uuid4(), "26077": uuid.uuid4(), "26734": uuid.uuid4()}
CITIZEN_OUTSIDE = {"75": "26734", "731": "26077", "25993": "26077", "F731001": "26077"}

OK, DENIED, NOT_FOUND, INVALID = "OK", "PERMISSION_DENIED", "NOT_FOUND", "INVALID_ARGUMENT"


class Stubs:
    def __init__(self, system: InProcessSystem, channels: dict):
        self.system = system
        self.cases = resolution_pb2_grpc.ResolutionServiceStub(channels["resolution"])
        self.accounts = accounts_pb2_grpc.AccountServiceStub(channels["resolution"])
        self.reporting = reporting_pb2_grpc.ReportingServiceStub(channels["reporting"])
        self.notification = notification_pb2_grpc.NotificationServiceStub(channels["notification"])
        self.intake = intake_pb2_grpc.IntakeServiceStub(channels["intake"])


# endpoint → call(stubs, caller's unit, inside: bool, metadata)
Call = Callable[[Stubs, str, bool, tuple], Awaitable[object]]


def _unit(unit: str, inside: bool) -> str:
    return (UNIT_INSIDE if inside else UNIT_OUTSIDE)[unit]


# A district's own weekly report, or another district's; each call a new week (one report
# per district and week may be sent).
DISTRICT_INSIDE = {"75": "731", "731": "731", "25993": "731", "F731001": "731"}
_WEEKS = (f"2021-W{n:02d}" for n in itertools.count(10))


def _account(unit: str, inside: bool) -> str:
    return ACCOUNT_INSIDE if inside else ACCOUNT_OUTSIDE[unit]


def _citizen(unit: str, inside: bool) -> str:
    return str(CITIZEN["25993" if inside else CITIZEN_OUTSIDE[unit]])


def _case(unit: str, inside: bool) -> str:
    return str(CASE["25993" if inside else CITIZEN_OUTSIDE[unit]])


async def _on_new_case(s: Stubs, unit: str, inside: bool, decide):
    """`decide(case_id)` on a case opened for the call (decisions close cases)."""
    case_id = uuid.uuid4()
    await execute(
        s.system.database_urls["resolution"],
        "INSERT INTO cases (case_id, complaint_id, tracking_code, category, status, unit_code,"
        " submitted_at, due_at, version, complaint) VALUES (:id, :id, :code, 'MISSING_DOSE',"
        " 'ASSIGNED', :unit, now(), now(), 1, :complaint)",
        id=case_id,
        code=case_id.hex[:10].upper(),
        unit="25993" if inside else CITIZEN_OUTSIDE[unit],
        complaint=Complaints(7).message().SerializeToString(),
    )
    return await decide(str(case_id))


async def _on_new_recheck(s: Stubs, inside: bool, record):
    """`record(recheck_id)` on a pending re-check of F731001 (inside) or F732001."""
    recheck_id = uuid.uuid4()
    await execute(
        s.system.database_urls["resolution"],
        "INSERT INTO rechecks (recheck_id, case_id, tracking_code, facility_code, unit_code,"
        " status, created_at) VALUES (:id, :case_id, 'ABCDEFGHJK', :facility, '25993',"
        " 'PENDING', now())",
        id=recheck_id,
        case_id=CASE["25993"],
        facility="F731001" if inside else "F732001",
    )
    return await record(str(recheck_id))


# Where each caller hands a case: a unit inside its own other than Trảng Dài.
REASSIGN_TO = {"75": "731", "731": "26041", "25993": "26041", "F731001": "26041"}
CREATE_RECORD = [
    resolution_pb2.Correction(create_record=resolution_pb2.CreateRecord()),
    resolution_pb2.Correction(
        add_dose=resolution_pb2.AddDose(
            dose_number=1, vaccinated_on=from_date(date(2021, 8, 1)), vaccine_code="AZ"
        )
    ),
]


def _extract(inside: bool) -> bytes:
    """A one-record extract of the province (inside) or of a district of another one."""
    district = "731" if inside else "760"
    return (
        f"{','.join(HEADER)}\n{uuid.uuid4().hex},Lê Văn Tám,1980-01-01,MALE,,,75,{district},,,,,,\n"
    ).encode()


ENDPOINTS: dict[str, Call] = {
    "ListCases": lambda s, unit, inside, md: s.cases.ListCases(
        resolution_pb2.ListCasesRequest(unit_code=_unit(unit, inside)), metadata=md
    ),
    "GetSummary": lambda s, unit, inside, md: s.reporting.GetSummary(
        reporting_pb2.GetSummaryRequest(unit_code=_unit(unit, inside)), metadata=md
    ),
    "ListMessages": lambda s, unit, inside, md: s.notification.ListMessages(
        notification_pb2.ListMessagesRequest(tracking_code="ABCDE-FGHJK"), metadata=md
    ),
    "CreateAccount": lambda s, unit, inside, md: s.accounts.CreateAccount(
        accounts_pb2.CreateAccountRequest(
            username=f"moi.{uuid.uuid4().hex[:8]}",
            role=accounts_pb2.ROLE_COMMUNE_OFFICER,
            unit_code=(COMMUNE_INSIDE if inside else COMMUNE_OUTSIDE)[unit],
        ),
        metadata=md,
    ),
    "DisableAccount": lambda s, unit, inside, md: s.accounts.DisableAccount(
        accounts_pb2.DisableAccountRequest(username=_account(unit, inside)), metadata=md
    ),
    "ResetPassword": lambda s, unit, inside, md: s.accounts.ResetPassword(
        accounts_pb2.ResetPasswordRequest(username=_account(unit, inside)), metadata=md
    ),
    "ListAccounts": lambda s, unit, inside, md: s.accounts.ListAccounts(
        accounts_pb2.ListAccountsRequest(), metadata=md
    ),
    "ListSecurityEvents": lambda s, unit, inside, md: s.accounts.ListSecurityEvents(
        accounts_pb2.ListSecurityEventsRequest(), metadata=md
    ),
    "GetDashboard": lambda s, unit, inside, md: s.reporting.GetDashboard(
        reporting_pb2.GetDashboardRequest(unit_code=_unit(unit, inside)), metadata=md
    ),
    "SubmitWeeklyReport": lambda s, unit, inside, md: s.reporting.SubmitWeeklyReport(
        reporting_pb2.SubmitWeeklyReportRequest(
            unit_code=DISTRICT_INSIDE[unit] if inside else "732", week=next(_WEEKS)
        ),
        metadata=md,
    ),
    "GetWeeklyStatus": lambda s, unit, inside, md: s.reporting.GetWeeklyStatus(
        reporting_pb2.GetWeeklyStatusRequest(week="2021-W40"), metadata=md
    ),
    "ListDeadLetters": lambda s, unit, inside, md: s.notification.ListDeadLetters(
        notification_pb2.ListDeadLettersRequest(), metadata=md
    ),
    "RedriveMessage": lambda s, unit, inside, md: s.notification.RedriveMessage(
        notification_pb2.RedriveMessageRequest(message_id=str(uuid.uuid4())), metadata=md
    ),
    "ListHealthBookSyncFailures": lambda s, unit, inside, md: (
        s.notification.ListHealthBookSyncFailures(
            notification_pb2.ListHealthBookSyncFailuresRequest(), metadata=md
        )
    ),
    "RedriveHealthBookSync": lambda s, unit, inside, md: s.notification.RedriveHealthBookSync(
        notification_pb2.RedriveHealthBookSyncRequest(sync_id=str(uuid.uuid4())), metadata=md
    ),
    "ImportFacilities": lambda s, unit, inside, md: s.intake.ImportFacilities(
        intake_pb2.ImportFacilitiesRequest(
            csv="code,name,district_code,commune_code\nF731999,Trạm Y tế thử,731,25993\n".encode()
        ),
        metadata=md,
    ),
    "CreateApiKey": lambda s, unit, inside, md: s.accounts.CreateApiKey(
        accounts_pb2.CreateApiKeyRequest(name="district software"), metadata=md
    ),
    "ImportRegistry": lambda s, unit, inside, md: s.cases.ImportRegistry(
        resolution_pb2.ImportRegistryRequest(csv=_extract(inside)), metadata=md
    ),
    "SearchCitizens": lambda s, unit, inside, md: s.cases.SearchCitizens(
        resolution_pb2.SearchCitizensRequest(phone="0912345678"), metadata=md
    ),
    "GetCitizen": lambda s, unit, inside, md: s.cases.GetCitizen(
        resolution_pb2.GetCitizenRequest(citizen_id=_citizen(unit, inside)), metadata=md
    ),
    "GetCitizenHistory": lambda s, unit, inside, md: s.cases.GetCitizenHistory(
        resolution_pb2.GetCitizenHistoryRequest(citizen_id=_citizen(unit, inside)), metadata=md
    ),
    "GetCase": lambda s, unit, inside, md: s.cases.GetCase(
        resolution_pb2.GetCaseRequest(case_id=_case(unit, inside)), metadata=md
    ),
    # No evidence of that id: found nowhere, but only after the case's scope allowed it.
    "GetCaseEvidence": lambda s, unit, inside, md: s.cases.GetCaseEvidence(
        resolution_pb2.GetCaseEvidenceRequest(
            case_id=_case(unit, inside), evidence_id=str(uuid.uuid4())
        ),
        metadata=md,
    ),
    "ApproveCase": lambda s, unit, inside, md: _on_new_case(
        s,
        unit,
        inside,
        lambda case_id: s.cases.ApproveCase(
            resolution_pb2.ApproveCaseRequest(case_id=case_id, corrections=CREATE_RECORD),
            metadata=md,
        ),
    ),
    "RejectCase": lambda s, unit, inside, md: _on_new_case(
        s,
        unit,
        inside,
        lambda case_id: s.cases.RejectCase(
            resolution_pb2.RejectCaseRequest(case_id=case_id, reason_code="PHOTO_UNREADABLE"),
            metadata=md,
        ),
    ),
    "RequestInfo": lambda s, unit, inside, md: _on_new_case(
        s,
        unit,
        inside,
        lambda case_id: s.cases.RequestInfo(
            resolution_pb2.RequestInfoRequest(case_id=case_id, message="Gửi ảnh"), metadata=md
        ),
    ),
    "ReassignCase": lambda s, unit, inside, md: _on_new_case(
        s,
        unit,
        inside,
        lambda case_id: s.cases.ReassignCase(
            resolution_pb2.ReassignCaseRequest(case_id=case_id, unit_code=REASSIGN_TO[unit]),
            metadata=md,
        ),
    ),
    "MarkDuplicate": lambda s, unit, inside, md: _on_new_case(
        s,
        unit,
        inside,
        lambda case_id: s.cases.MarkDuplicate(
            resolution_pb2.MarkDuplicateRequest(case_id=case_id, of_tracking_code="ABCDEFGHJK"),
            metadata=md,
        ),
    ),
    "ListRechecks": lambda s, unit, inside, md: s.cases.ListRechecks(
        resolution_pb2.ListRechecksRequest(unit_code=_unit(unit, inside)), metadata=md
    ),
    # A facility's own re-check, or another facility's; the teams see those of the cases
    # inside their unit, whichever facility.
    "GetRecheck": lambda s, unit, inside, md: _on_new_recheck(
        s,
        inside,
        lambda recheck_id: s.cases.GetRecheck(
            resolution_pb2.GetRecheckRequest(recheck_id=recheck_id), metadata=md
        ),
    ),
    # No evidence of that id: found nowhere, but only after the re-check's scope allowed it.
    "GetRecheckEvidence": lambda s, unit, inside, md: _on_new_recheck(
        s,
        inside,
        lambda recheck_id: s.cases.GetRecheckEvidence(
            resolution_pb2.GetRecheckEvidenceRequest(
                recheck_id=recheck_id, evidence_id=str(uuid.uuid4())
            ),
            metadata=md,
        ),
    ),
    "RecordRecheck": lambda s, unit, inside, md: _on_new_recheck(
        s,
        inside,
        lambda recheck_id: s.cases.RecordRecheck(
            resolution_pb2.RecordRecheckRequest(
                recheck_id=recheck_id, result=resolution_pb2.RECHECK_STATUS_CONFIRMED
            ),
            metadata=md,
        ),
    ),
    # Each case's own result says whether it was inside; the call itself succeeds.
    "BulkDecide": lambda s, unit, inside, md: s.cases.BulkDecide(
        resolution_pb2.BulkDecideRequest(
            case_ids=[_case(unit, inside)],
            action=resolution_pb2.BULK_ACTION_REJECT,
            reason_code="ALL_MISMATCH",
        ),
        metadata=md,
    ),
}
