"""The gateway's error body and HTTP status, per the contract in docs/http-api.md, "Conventions"."""

import asyncio
import json

import grpc
import httpx
import pytest
from fastapi.exceptions import RequestValidationError

from gateway.app import create_app
from gateway.config import GatewaySettings
from gateway.errors import (
    HTTP_STATUS,
    _field_path,
    error_response,
    on_rpc_error,
    on_validation_error,
)
from phananh_common.errors import FieldViolation, InvalidArgument, PermissionDenied
from phananh_common.grpc_errors import to_status
from phananh_common.service_tokens import generate_key
from phananh_common.tokens import generate_key_pair
from tests.harness import mint_token

JSON = {"content-type": "application/json"}
SIGNING_KEY, PUBLIC_KEY = generate_key_pair()
KEYS = {"token_public_key": PUBLIC_KEY, "service_token_key": generate_key()}
OFFICER = {"authorization": f"Bearer {mint_token(SIGNING_KEY, 'PROVINCE_ADMIN', '75')}"}

# docs/http-api.md, "Conventions": HTTP status from the gRPC code; others 500.
CONTRACT = {
    "INVALID_ARGUMENT": 400,
    "FAILED_PRECONDITION": 400,
    "OUT_OF_RANGE": 400,
    "UNAUTHENTICATED": 401,
    "PERMISSION_DENIED": 403,
    "NOT_FOUND": 404,
    "ALREADY_EXISTS": 409,
    "ABORTED": 409,
    "RESOURCE_EXHAUSTED": 429,
    "CANCELLED": 499,
    "UNIMPLEMENTED": 501,
    "UNAVAILABLE": 503,
    "DEADLINE_EXCEEDED": 504,
}


@pytest.mark.parametrize(
    ("location", "path"),
    [
        (("body", "citizen", "phone"), "citizen.phone"),
        (("body", "citizen", "address", "district_code"), "citizen.address.district_code"),
        (("body", "claimed_doses", 0, "vaccinated_on"), "claimed_doses[0].vaccinated_on"),
        (("body", "claimed_doses", 1), "claimed_doses[1]"),
        (("body", "category"), "category"),
        (("query", "phone"), "phone"),
        (("path", "tracking_code"), "tracking_code"),
        (("body",), "body"),
        ((), "body"),
    ],
)
def test_field_path_is_the_one_the_api_names(location, path):
    assert _field_path(location) == path


def test_http_status_table_is_the_contract():
    assert HTTP_STATUS == CONTRACT


@pytest.mark.parametrize(("code", "status"), [*CONTRACT.items(), ("INTERNAL", 500)])
def test_error_response_has_the_contract_status(code, status):
    assert error_response(code, "message").status_code == status


@pytest.mark.parametrize("code", ["INTERNAL", "UNKNOWN", "DATA_LOSS", "NOT_A_CODE"])
def test_other_codes_are_500(code):
    assert error_response(code, "message").status_code == 500


def _body(response) -> dict:
    return json.loads(response.body)


def _rpc_error(status: grpc.Status) -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(
        status.code,
        grpc.aio.Metadata(),
        grpc.aio.Metadata(*status.trailing_metadata),
        status.details,
    )


def test_invalid_argument_from_a_service_becomes_400_with_field_violations():
    error = InvalidArgument.of(
        [
            FieldViolation("citizen.phone", "must be a Vietnamese mobile number"),
            FieldViolation("claimed_doses[1].vaccinated_on", "must not be in the future"),
        ]
    )
    response = asyncio.run(on_rpc_error(None, _rpc_error(to_status(error))))
    assert response.status_code == 400
    assert _body(response) == {
        "error": {
            "code": "INVALID_ARGUMENT",
            "message": error.message,
            "field_violations": [
                {"field": "citizen.phone", "description": "must be a Vietnamese mobile number"},
                {
                    "field": "claimed_doses[1].vaccinated_on",
                    "description": "must not be in the future",
                },
            ],
        }
    }


def test_a_violation_naming_its_rule_keeps_the_rule_for_the_pages_to_word():
    error = InvalidArgument.on("new_password", "is a common password", "PASSWORD_TOO_COMMON")
    response = asyncio.run(on_rpc_error(None, _rpc_error(to_status(error))))
    assert _body(response)["error"]["field_violations"] == [
        {
            "field": "new_password",
            "description": "is a common password",
            "reason": "PASSWORD_TOO_COMMON",
        }
    ]


def test_password_change_required_becomes_403_with_its_reason():
    error = PermissionDenied("change your password first", reason="PASSWORD_CHANGE_REQUIRED")
    response = asyncio.run(on_rpc_error(None, _rpc_error(to_status(error))))
    assert response.status_code == 403
    body = _body(response)["error"]
    assert body["code"] == "PERMISSION_DENIED"
    assert body["reason"] == "PASSWORD_CHANGE_REQUIRED"
    assert "field_violations" not in body


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (grpc.StatusCode.UNAVAILABLE, 503),
        (grpc.StatusCode.DEADLINE_EXCEEDED, 504),
        (grpc.StatusCode.INTERNAL, 500),
        (grpc.StatusCode.UNKNOWN, 500),
    ],
)
def test_server_side_detail_is_not_shown_to_the_client(code, status):
    leaky = 'Traceback (most recent call last):\n  File "/srv/intake/db.py", line 3\n10.0.0.5'
    error = grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(), leaky)
    response = asyncio.run(on_rpc_error(None, error))
    assert response.status_code == status
    assert _body(response)["error"]["code"] == code.name
    assert "Traceback" not in response.body.decode()
    assert "10.0.0.5" not in response.body.decode()


def test_request_validation_error_becomes_400_with_api_field_paths():
    error = RequestValidationError(
        [
            {"loc": ("body", "citizen", "phone"), "msg": "Field required", "type": "missing"},
            {
                "loc": ("body", "claimed_doses", 0, "vaccinated_on"),
                "msg": "Input should be a valid date",
                "type": "date_from_datetime_parsing",
            },
        ]
    )
    response = asyncio.run(on_validation_error(None, error))
    assert response.status_code == 400
    body = _body(response)["error"]
    assert body["code"] == "INVALID_ARGUMENT"
    assert body["field_violations"] == [
        {"field": "citizen.phone", "description": "Field required"},
        {"field": "claimed_doses[0].vaccinated_on", "description": "Input should be a valid date"},
    ]


async def _ask_gateway(method: str, path: str, **request) -> httpx.Response:
    """The gateway's app in memory, its channels pointing nowhere: what it refuses before
    any service call."""
    app = create_app(GatewaySettings(**KEYS))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://gateway") as client,
    ):
        return await client.request(method, path, **request)


@pytest.mark.parametrize(
    ("method", "path", "request_parts", "status", "code"),
    [
        (
            "POST",
            "/api/v1/otp",
            {"content": b"\xff\xfe{", "headers": JSON},
            400,
            "INVALID_ARGUMENT",
        ),
        ("POST", "/api/v1/otp", {"content": b"{", "headers": JSON}, 400, "INVALID_ARGUMENT"),
        ("GET", "/api/v1/no-such-thing", {}, 404, "NOT_FOUND"),
        ("DELETE", "/api/v1/otp", {}, 405, "UNIMPLEMENTED"),
    ],
)
async def test_what_the_framework_refuses_has_the_contract_body(
    method, path, request_parts, status, code
):
    response = await _ask_gateway(method, path, **request_parts)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert "detail" not in response.json()


async def test_a_method_the_path_lacks_is_405_naming_every_method_it_has():
    response = await _ask_gateway("PUT", "/api/v1/accounts")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


def test_the_published_schema_documents_the_contract_errors_and_no_422():
    schema = create_app(GatewaySettings(**KEYS)).openapi()
    error = {"$ref": "#/components/schemas/ErrorBody"}
    for path, operations in schema["paths"].items():
        for operation in operations.values() if path.startswith("/api/") else ():
            responses = operation["responses"]
            assert "422" not in responses, path
            for code in ("400", "default", *(("401", "403") if operation.get("security") else ())):
                assert responses[code]["content"]["application/json"]["schema"] == error, path
    assert "HTTPValidationError" not in schema["components"]["schemas"]


DOSE = {"dose_number": 2, "vaccinated_on": "2021-09-01", "vaccine_code": "AZ"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/complaints/ABC/supplement",
            {"phone": "0912345678", "claimed_doses": [DOSE | {"dose_number": 2**40}]},
            "claimed_doses[0].dose_number",
        ),
        ("/api/v1/cases/c/reassign", {"expected_version": -(2**70), "unit_code": "731"}, None),
        ("/api/v1/cases/c/request-info", {"message": "a\udb15b"}, "message"),
    ],
)
async def test_numbers_past_the_wire_types_and_broken_text_are_400_not_500(path, body, field):
    """Found by the schema fuzzing: an int beyond protobuf's int32/int64 reached the protobuf
    constructor, a 500. Text protobuf cannot carry (a lone surrogate escape) stays a 400."""
    headers = JSON | OFFICER
    response = await _ask_gateway("POST", path, content=json.dumps(body), headers=headers)
    assert response.status_code == 400
    fields = [v["field"] for v in response.json()["error"]["field_violations"]]
    assert field is None or field in fields


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("GET", "/api/v1/reports/summary?to=0", None, "to"),
        ("GET", "/api/v1/reports/dashboard?deadline=1", None, "deadline"),
        (
            "POST",
            "/api/v1/complaints/ABC/supplement",
            {"claimed_doses": [DOSE | {"vaccinated_on": "0"}]},
            "claimed_doses[0].vaccinated_on",
        ),
    ],
)
async def test_a_day_is_written_yyyy_mm_dd_never_a_number_taken_as_a_timestamp(
    method, path, body, field
):
    """Found by the schema fuzzing: `?to=0` was read as 1970-01-01 and answered 200."""
    request = {"headers": JSON | OFFICER}
    if body is not None:
        request["content"] = json.dumps({"phone": "0912345678"} | body)
    response = await _ask_gateway(method, path, **request)
    assert response.status_code == 400
    assert [v["field"] for v in response.json()["error"]["field_violations"]] == [field]
