"""The district client as a district uses it, against the whole system with TLS on every gRPC
port: the README's walkthrough (an admin makes the district's machine account, it makes an
API key), then the installed `phananh-district` lists (overdue ones too), shows, approves,
rejects and asks about its own district's cases (in the HTTP contract's shapes) and is refused
outside it; a revoked key, a certificate from another CA and a plaintext client each fail at
once, with their exit code and what went wrong."""

import json
import subprocess
import time
from datetime import UTC, datetime

import pytest

from phananh_common.stack import Stack
from reporting.domain.weeks import week_of
from tests.certificates import TestCa
from tests.district_client import build_wheel, install
from tests.e2e.conftest import stack_env
from tests.e2e.test_case_decisions import CITIZEN, case_in_queue, submit
from tests.factories import Complaints
from tests.harness import eventually
from tests.integration.registry import dose, extract, import_extract

REFUSED, UNREACHABLE = 3, 4
PASSWORD = "phan-mem-bien-hoa-731"


@pytest.fixture(scope="module")
def ca(tmp_path_factory) -> TestCa:
    return TestCa(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def stack(tmp_path_factory, ca):
    """The system as `make run` starts it, every gRPC port over TLS; a case is overdue seconds
    after its submission."""
    files = ca.server_files()
    env = {
        "PHANANH_GRPC_TLS_CERT": str(files.cert),
        "PHANANH_GRPC_TLS_KEY": str(files.key),
        "PHANANH_GRPC_TLS_CA": str(ca.file),
        "PHANANH_SLA_HOURS": "0.002",
    }
    stack = Stack(tmp_path_factory.mktemp("data"), stack_env(**env))
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("district-client")
    return install(build_wheel(folder), folder / "venv")


async def district_api_key(http, province_admin, username: str) -> tuple[str, str, dict]:
    """The README's walkthrough: the admin creates Biên Hòa's machine account, which changes
    its initial password and creates an API key. Its key, the key's id and its headers."""
    created = await http.post(
        "/api/v1/accounts",
        json={"username": username, "role": "DISTRICT_OFFICER", "unit_code": "731"},
        headers=province_admin,
    )
    assert created.status_code == 201, created.text
    initial = created.json()["initial_password"]
    first = await http.post("/api/v1/auth/login", json={"username": username, "password": initial})
    pending = {"authorization": f"Bearer {first.json()['access_token']}"}
    changed = await http.post(
        "/api/v1/auth/password",
        json={"current_password": initial, "new_password": PASSWORD},
        headers=pending,
    )
    assert changed.status_code == 204, changed.text
    login = await http.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    account = {"authorization": f"Bearer {login.json()['access_token']}"}
    key = await http.post("/api/v1/api-keys", json={"name": "phần mềm huyện"}, headers=account)
    assert key.status_code == 201, key.text
    return key.json()["api_key"], key.json()["key_id"], account


@pytest.fixture
def cli(stack, client, ca):
    """phananh-district against the stack's resolution (and reporting, on its own port here)
    over TLS, trusting the test's CA."""
    targets = (
        *("--target", f"127.0.0.1:{stack.env['PHANANH_RESOLUTION_PORT']}"),
        *("--reports-target", f"127.0.0.1:{stack.env['PHANANH_REPORTING_PORT']}"),
    )

    def run(*args: str, api_key: str, trust: tuple[str, ...] = ("--ca-file", str(ca.file))):
        env = {"PHANANH_API_KEY": api_key}
        return client.run(*targets, *trust, *args, env=env)

    return run


def json_lines(done) -> list[dict]:
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_wheel_installs_the_command_and_resolutions_stubs(client):
    assert "cases" in client.run("--help").stdout
    stubs = "import phananh.resolution.v1.accounts_pb2 as m; print(m.__file__)"
    where = subprocess.run(
        [str(client.python), "-c", stubs], capture_output=True, text=True, check=True
    )
    assert where.stdout.startswith(str(client.venv))  # the wheel's own, not protos/


async def test_the_cli_works_its_own_districts_cases_and_nothing_outside(
    stack, http, officer, province_admin, cli
):
    api_key, _, _ = await district_api_key(http, province_admin, "bienhoa.phanmem")
    district = officer("DISTRICT_OFFICER", "731")
    ids = await import_extract(http, province_admin, extract(("R1", {}, [dose(1, "2021-08-01")])))
    to_approve = await submit(http, Complaints(71).json(citizen=CITIZEN))
    to_reject = await submit(http, Complaints(72).json())
    to_ask = await submit(http, Complaints(74).json())
    outside_body = Complaints(73).json()
    outside_body["citizen"]["address"] |= {"district_code": "732", "commune_code": "26077"}
    outside = await submit(http, outside_body)
    ours = {to_approve, to_reject, to_ask}
    for code in ours:
        await case_in_queue(http, district, code, "ASSIGNED")
    outsider = await case_in_queue(http, officer("DISTRICT_OFFICER", "732"), outside, "ASSIGNED")

    async def all_overdue() -> bool:
        overdue = json_lines(cli("--json", "cases", "list", "--overdue", api_key=api_key))
        return ours <= {c["tracking_code"] for c in overdue}

    await eventually(all_overdue, timeout=30)
    listed = json_lines(cli("--json", "cases", "list", "--status", "ASSIGNED", api_key=api_key))
    by_code = {c["tracking_code"]: c for c in listed}
    assert ours <= set(by_code) and outside not in by_code
    page = await http.get("/api/v1/cases", params={"status": "ASSIGNED"}, headers=district)
    assert listed == page.json()["cases"]  # the HTTP contract's shape, field for field

    case_id = by_code[to_approve]["case_id"]
    (shown,) = json_lines(cli("--json", "cases", "show", case_id, api_key=api_key))
    assert shown == (await http.get(f"/api/v1/cases/{case_id}", headers=district)).json()
    assert ids["R1"] in [c["citizen_id"] for c in shown["candidates"]]
    text = cli("cases", "show", case_id, api_key=api_key)
    assert text.returncode == 0 and to_approve in text.stdout and ids["R1"] in text.stdout

    # The server's differences and proposals, approved as proposed.
    assert shown["proposed_citizen_id"] == ids["R1"]
    assert [d["missing_doses"] for d in shown["differences"]] == [[2]]
    assert [(c["op"], c["dose_number"]) for c in shown["proposed_corrections"]] == [("ADD_DOSE", 2)]
    assert "dose 2 missing" in text.stdout
    approve = ("cases", "approve", case_id, "--proposed")
    note = ("--note", "Sổ tiêm của cơ sở", "--citizen-message", "Đã bổ sung mũi 2")
    (approved,) = json_lines(cli("--json", *approve, *note, api_key=api_key))
    assert approved["status"] == "RESOLVED"
    record = await http.get(f"/api/v1/registry/citizens/{ids['R1']}", headers=district)
    assert [d["dose_number"] for d in record.json()["doses"]] == [1, 2]

    reject_id = by_code[to_reject]["case_id"]
    reject = ("cases", "reject", reject_id, "--reason", "PHOTO_UNREADABLE", "--note", "Ảnh mờ")
    rejected = cli(*reject, api_key=api_key)
    assert rejected.returncode == 0 and "REJECTED" in rejected.stdout
    again = cli(*reject, api_key=api_key)
    assert again.returncode == REFUSED and "case is closed already" in again.stderr
    ask = ("cases", "request-info", by_code[to_ask]["case_id"], "--message", "Gửi ảnh mũi 2")
    (asked,) = json_lines(cli("--json", *ask, api_key=api_key))
    assert asked["status"] == "NEEDS_INFO"

    elsewhere = cli("cases", "show", outsider["case_id"], api_key=api_key)
    assert elsewhere.returncode == REFUSED and "not found" in elsewhere.stderr
    other_unit = cli("cases", "list", "--unit", "732", api_key=api_key)
    assert other_unit.returncode == REFUSED
    assert (
        "not allowed" in other_unit.stderr and "unit_code is outside your unit" in other_unit.stderr
    )

    bad = cli("cases", "approve", case_id, "--correction", '{"op": "ADD_DOZE"}', api_key=api_key)
    assert bad.returncode == 2 and "op must be one of" in bad.stderr


async def test_the_cli_reads_and_exports_its_districts_weekly_report(
    http, officer, province_admin, cli, tmp_path
):
    api_key, _, _ = await district_api_key(http, province_admin, "bienhoa.baocao")
    week = week_of(datetime.now(UTC)).label
    weekly = ("reports", "weekly", "--unit", "731", "--week", week)
    (report,) = json_lines(cli("--json", *weekly, api_key=api_key))
    params = {"unit_code": "731", "week": week}
    district = officer("DISTRICT_OFFICER", "731")
    page = (await http.get("/api/v1/reports/weekly", params=params, headers=district)).json()
    assert report == page | {"generated_at": report["generated_at"]}  # computed at each read

    output = tmp_path / "report.csv"
    exported = cli(*weekly, "--format", "csv", "--output", str(output), api_key=api_key)
    assert exported.returncode == 0, exported.stderr
    as_csv = await http.get(
        "/api/v1/reports/weekly", params=params | {"format": "csv"}, headers=district
    )
    assert output.read_bytes() == as_csv.content

    elsewhere = cli("reports", "weekly", "--unit", "732", "--week", week, api_key=api_key)
    assert elsewhere.returncode == REFUSED and "unit_code is outside your unit" in elsewhere.stderr
    bad_week = cli("reports", "weekly", "--unit", "731", "--week", "2021-40", api_key=api_key)
    assert bad_week.returncode == 2 and "an ISO week is YYYY-Www" in bad_week.stderr


async def test_a_revoked_key_a_foreign_ca_and_plaintext_fail_clearly(
    http, province_admin, cli, tmp_path
):
    api_key, key_id, account = await district_api_key(http, province_admin, "bienhoa.thu")
    revoked = await http.post(f"/api/v1/api-keys/{key_id}/revoke", headers=account)
    assert revoked.status_code == 200, revoked.text
    done = cli("cases", "list", api_key=api_key)
    assert done.returncode == REFUSED and "API key rejected" in done.stderr

    foreign = TestCa(tmp_path, "foreign")
    for trust, words in [
        (("--ca-file", str(foreign.file)), "not signed by a CA this client trusts"),
        (("--plaintext",), "it may expect TLS"),
    ]:
        started = time.monotonic()
        done = cli("cases", "list", api_key=api_key, trust=trust)
        assert done.returncode == UNREACHABLE and words in done.stderr, done.stderr
        assert time.monotonic() - started < 5
