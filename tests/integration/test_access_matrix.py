"""Who may call what, through the real servers: each role × each officer endpoint × a unit
inside and a unit outside the caller's own, with the status it gets.

To cover a new officer endpoint, add a call to ENDPOINTS (tests/integration/officer_endpoints.py)
and its row to EXPECTED."""

import uuid

import grpc
import pytest

from phananh_common.database import create_engine
from phananh_common.embedded_postgres import provision_services
from phananh_common.roles import ROLES
from phananh_common.units import units
from resolution.accounts.wiring import account_service
from tests.harness import InProcessSystem, bearer, execute, scalar
from tests.integration.officer_endpoints import (
    ACCOUNT_INSIDE,
    CASE,
    CITIZEN,
    CO,
    DENIED,
    ENDPOINTS,
    INVALID,
    NOT_FOUND,
    OK,
    UNIT,
    Stubs,
)

NO, NF, BAD = DENIED, NOT_FOUND, INVALID
# endpoint → per role in ROLES' order: (status inside the caller's unit, status outside it).
# A province admin's "outside" is another province: not a unit it may create accounts in.
# fmt: off
EXPECTED = {
    #                      PROV.ADMIN PROV.OFFICER DIST.ADMIN DIST.OFFICER COMMUNE   FACILITY
    "ListCases":          [(OK, NO),  (OK, NO),    (OK, NO),  (OK, NO),    (OK, NO), (NO, NO)],
    "GetSummary":         [(OK, NO),  (OK, NO),    (OK, NO),  (OK, NO),    (OK, NO), (NO, NO)],
    "ListMessages":       [(OK, OK),  (OK, OK),    (NO, NO),  (NO, NO),    (NO, NO), (NO, NO)],
    "CreateAccount":      [(OK, BAD), (NO, NO),    (OK, NO),  (NO, NO),    (NO, NO), (NO, NO)],
    "DisableAccount":     [(OK, NF),  (NO, NO),    (OK, NF),  (NO, NO),    (NO, NO), (NO, NO)],
    "ResetPassword":      [(OK, NF),  (NO, NO),    (OK, NF),  (NO, NO),    (NO, NO), (NO, NO)],
    "ListAccounts":       [(OK, OK),  (NO, NO),    (OK, OK),  (NO, NO),    (NO, NO), (NO, NO)],
    "ListSecurityEvents": [(OK, OK),  (NO, NO),    (OK, OK),  (NO, NO),    (NO, NO), (NO, NO)],
    "CreateApiKey":       [(NO, NO),  (OK, OK),    (NO, NO),  (OK, OK),    (OK, OK), (OK, OK)],
    "GetDashboard":       [(OK, NO),  (OK, NO),    (OK, NO),  (OK, NO),    (OK, NO), (NO, NO)],
    "SubmitWeeklyReport": [(NO, NO),  (NO, NO),    (OK, NO),  (OK, NO),    (NO, NO), (NO, NO)],
    "GetWeeklyStatus":    [(OK, OK),  (OK, OK),    (NO, NO),  (NO, NO),    (NO, NO), (NO, NO)],
    "ListDeadLetters":    [(OK, OK),  (OK, OK),    (NO, NO),  (NO, NO),    (NO, NO), (NO, NO)],
    "RedriveMessage":     [(NF, NF),  (NO, NO),    (NO, NO),  (NO, NO),    (NO, NO), (NO, NO)],
    "ListHealthBookSyncFailures":
                          [(OK, OK),  (OK, OK),    (NO, NO),  (NO, NO),    (NO, NO), (NO, NO)],
    "RedriveHealthBookSync":
                          [(NF, NF),  (NO, NO),    (NO, NO),  (NO, NO),    (NO, NO), (NO, NO)],
    "ImportFacilities":   [(OK, OK),  (NO, NO),    (NO, NO),  (NO, NO),    (NO, NO), (NO, NO)],
    "ImportRegistry":     [(OK, BAD), (NO, NO),    (NO, NO),  (NO, NO),    (NO, NO), (NO, NO)],
    "SearchCitizens":     [(OK, OK),  (OK, OK),    (OK, OK),  (OK, OK),    (OK, OK), (NO, NO)],
    "GetCitizen":         [(OK, NF),  (OK, NF),    (OK, NF),  (OK, NF),    (OK, NF), (NO, NO)],
    "GetCitizenHistory":  [(OK, NF),  (OK, NF),    (OK, NF),  (OK, NF),    (OK, NF), (NO, NO)],
    "GetCase":            [(OK, NF),  (OK, NF),    (OK, NF),  (OK, NF),    (OK, NF), (NO, NO)],
    "GetCaseEvidence":    [(NF, NF),  (NF, NF),    (NF, NF),  (NF, NF),    (NF, NF), (NO, NO)],
    "ApproveCase":        [(OK, NF),  (OK, NF),    (OK, NF),  (OK, NF),    (OK, NF), (NO, NO)],
    "RejectCase":         [(OK, NF),  (OK, NF),    (OK, NF),  (OK, NF),    (OK, NF), (NO, NO)],
    "RequestInfo":        [(OK, NF),  (OK, NF),    (OK, NF),  (OK, NF),    (OK, NF), (NO, NO)],
    "ReassignCase":       [(OK, NF),  (OK, NF),    (OK, NF),  (OK, NF),    (BAD, BAD), (NO, NO)],
    "MarkDuplicate":      [(OK, NF),  (OK, NF),    (OK, NF),  (OK, NF),    (OK, NF), (NO, NO)],
    "BulkDecide":         [(OK, OK),  (OK, OK),    (OK, OK),  (OK, OK),    (OK, OK), (NO, NO)],
    "ListRechecks":       [(OK, NO),  (OK, NO),    (OK, NO),  (OK, NO),    (OK, NO), (OK, NO)],
    "GetRecheck":         [(OK, OK),  (OK, OK),    (OK, OK),  (OK, OK),    (OK, OK), (OK, NF)],
    "GetRecheckEvidence": [(NF, NF),  (NF, NF),    (NF, NF),  (NF, NF),    (NF, NF), (NF, NF)],
    "RecordRecheck":      [(NO, NO),  (NO, NO),    (NO, NO),  (NO, NO),    (NO, NO), (OK, NF)],
}
# fmt: on
ROWS = [
    (endpoint, role, inside, statuses[0 if inside else 1])
    for endpoint, by_role in EXPECTED.items()
    for role, statuses in zip(ROLES, by_role, strict=True)
    for inside in (True, False)
]


@pytest.fixture(scope="module")
async def matrix(admin_url, migrated_templates):
    urls = await provision_services(
        admin_url, prefix=f"m{uuid.uuid4().hex[:10]}", template_prefix=migrated_templates
    )
    system = InProcessSystem(urls)
    await system.start()
    engine = create_engine(urls["resolution"], pool_size=1)
    accounts = account_service(system.settings("resolution"), engine)
    tokens = {}
    for role, unit in UNIT.items():
        username = f"{role.lower().replace('_', '.')}"
        await accounts.ensure_account(username, role, unit, "mat-khau-thu", "test")
        account_id = await scalar(
            urls["resolution"], "SELECT account_id FROM accounts WHERE username = :u", u=username
        )
        tokens[role] = system.token(role, unit, username=username, account_id=str(account_id))
    await accounts.ensure_account(ACCOUNT_INSIDE, CO, "25993", "mat-khau-thu", "test")
    await accounts.ensure_account("xa.ngoai", CO, "26077", "mat-khau-thu", "test")
    await execute(
        urls["resolution"],
        "INSERT INTO accounts (account_id, username, role, unit_code, unit_path, password_hash,"
        " must_change_password, created_at) VALUES (gen_random_uuid(), 'tinh.khac',"
        " 'COMMUNE_OFFICER', '26734', '79/760/26734', 'x', true, now())",
    )
    for commune, citizen_id in CITIZEN.items():
        district = units().get(commune).parent_code
        await execute(
            urls["resolution"],
            "INSERT INTO citizens (citizen_id, full_name, name_key, date_of_birth, gender, phone,"
            " national_id, province_code, district_code, commune_code, updated_at) VALUES (:id,"
            " 'Lê Văn Tám', 'le van tam', '1980-01-01', 'MALE', '', '', :province, :district,"
            " :commune, now())",
            id=citizen_id,
            province=units().get(district).parent_code,
            district=district,
            commune=commune,
        )
    for unit_code, case_id in CASE.items():
        await execute(
            urls["resolution"],
            "INSERT INTO cases (case_id, complaint_id, tracking_code, category, status,"
            " unit_code, submitted_at, due_at, version, complaint) VALUES (:id, :id,"
            " 'ABCDEFGHJK', 'MISSING_DOSE', 'ASSIGNED', :unit, now(), now(), 1, '')",
            id=case_id,
            unit=unit_code,
        )
    await engine.dispose()
    # Officers call every service through the gateway.
    channels = {s: system.channel(s) for s in system.ports}
    yield Stubs(system, channels), tokens
    for channel in channels.values():
        await channel.close()
    await system.stop()


@pytest.mark.parametrize(
    ("endpoint", "role", "inside", "expected"),
    ROWS,
    ids=[f"{e}-{r}-{'inside' if i else 'outside'}" for e, r, i, _ in ROWS],
)
async def test_role_unit_and_endpoint_decide_the_status(matrix, endpoint, role, inside, expected):
    stubs, tokens = matrix
    try:
        await ENDPOINTS[endpoint](stubs, UNIT[role], inside, bearer(tokens[role]))
        status = OK
    except grpc.aio.AioRpcError as error:
        status = error.code().name
    assert status == expected


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
async def test_without_a_valid_token_every_officer_endpoint_is_unauthenticated(matrix, endpoint):
    stubs, _ = matrix
    for metadata in ((), bearer("not.a.token"), (("authorization", "Basic dXNlcjpwdw=="),)):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await ENDPOINTS[endpoint](stubs, "731", True, metadata)
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_every_endpoint_has_a_row_for_every_role():
    assert set(EXPECTED) == set(ENDPOINTS)
    assert set(ROLES) == set(UNIT)
