"""Refusals name the field at fault, never the value: no phone, identity number, name or
insurance number a citizen or officer typed comes back in an error body (error bodies end up
in the portal's logs, the browser's and the officers' tools)."""

import pytest

from tests.factories import Complaints
from tests.integration.registry import extract

PHONE, NATIONAL_ID, NAME, INSURANCE = "0999888777666", "07519999999X", "Trần Thị Bí Mật", "XX9"


def echoes(reply) -> list[str]:
    text = reply.text
    return [v for v in (PHONE, NATIONAL_ID, NAME, INSURANCE, PHONE[:10]) if v in text]


def bad_complaint() -> dict:
    body = Complaints(90).json()
    body["citizen"] |= {
        "phone": PHONE,
        "national_id": NATIONAL_ID,
        "full_name": NAME + "\t" * 3 + "x" * 300,
        "health_insurance_no": INSURANCE,
        "date_of_birth": "2999-01-01",
    }
    return body


async def test_a_refused_complaint_names_its_fields_and_echoes_none_of_their_values(http):
    reply = await http.post("/api/v1/complaints", json=bad_complaint())
    assert reply.status_code == 400
    fields = {v["field"] for v in reply.json()["error"]["field_violations"]}
    assert {"citizen.phone", "citizen.national_id"} <= fields
    assert echoes(reply) == []


@pytest.mark.parametrize(
    ("method", "path", "request_parts"),
    [
        ("POST", "/api/v1/otp", {"json": {"phone": PHONE}}),
        ("GET", "/api/v1/complaints/ABCDE-FGHIJ", {"params": {"phone": PHONE}}),
        ("POST", "/api/v1/complaints/ABCDE-FGHIJ/supplement", {"json": {"phone": PHONE}}),
        ("POST", "/api/v1/auth/login", {"json": {"username": NAME, "password": PHONE}}),
        ("GET", "/api/v1/registry/citizens", {"params": {"phone": PHONE}}),
    ],
)
async def test_citizen_and_officer_refusals_echo_no_personal_value(
    http, province_admin, method, path, request_parts
):
    reply = await http.request(method, path, headers=province_admin, **request_parts)
    assert reply.status_code >= 400
    assert echoes(reply) == []


async def test_a_refused_registry_extract_names_lines_not_people(http, province_admin):
    bad = extract(("R1", {"phone": PHONE, "national_id": NATIONAL_ID, "full_name": NAME}, []))
    reply = await http.post(
        "/api/v1/registry:import",
        content=bad,
        headers={"content-type": "text/csv", **province_admin},
    )
    assert reply.status_code == 400
    assert all(v["field"].startswith("line[2]") for v in reply.json()["error"]["field_violations"])
    assert echoes(reply) == []
