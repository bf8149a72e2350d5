"""The headers that keep answers where they belong: every API answer but reference data is
`Cache-Control: no-store` (it may carry personal data: cases, evidence, registry records,
statuses, accounts, reports, tokens), whatever its status; HSTS on answers over TLS; and
`/docs` made of the gateway's own files, under the pages' content security policy."""

import re

import pytest

from gateway import web
from tests.factories import Complaints
from tests.harness import gateway_client, gateway_schema, system_of_its_own

SCHEMA = gateway_schema()
API_OPERATIONS = [
    (method.upper(), path, "reference data" in operation.get("tags", ()))
    for path, operations in SCHEMA["paths"].items()
    if path.startswith("/api/")
    for method, operation in operations.items()
]
# Reference data is the same for everyone: browsers may keep it.
CACHEABLE = [(m, p) for m, p, reference in API_OPERATIONS if reference and m == "GET"]
PRIVATE = [(m, p) for m, p, reference in API_OPERATIONS if (m, p) not in CACHEABLE]


@pytest.fixture(scope="module")
async def system(admin_url, migrated_templates):
    async with system_of_its_own(admin_url, migrated_templates) as system:
        yield system


@pytest.fixture(scope="module")
async def http(system):
    async with gateway_client(system) as client:
        yield client


@pytest.mark.parametrize("method, path", PRIVATE, ids=[" ".join(o) for o in PRIVATE])
async def test_no_answer_that_may_carry_personal_data_is_stored(http, system, method, path):
    admin = {"authorization": f"Bearer {system.token('PROVINCE_ADMIN', '75')}"}
    named = path.format_map(_AnyName())
    reply = await http.request(method, named, headers=admin, json=None if method == "GET" else {})
    assert reply.headers["cache-control"] == "no-store", reply.status_code


@pytest.mark.parametrize("method, path", CACHEABLE, ids=[" ".join(o) for o in CACHEABLE])
async def test_reference_data_may_be_cached(http, method, path):
    reply = await http.request(method, path)
    assert reply.status_code == 200
    assert "no-store" not in reply.headers.get("cache-control", "")


async def test_a_citizen_s_complaint_and_status_are_not_stored(http):
    body = Complaints(91).json()
    submitted = await http.post("/api/v1/complaints", json=body)
    assert submitted.status_code == 201
    status = await http.get(
        f"/api/v1/complaints/{submitted.json()['tracking_code']}",
        params={"phone": body["citizen"]["phone"]},
    )
    assert status.status_code == 200
    assert [submitted.headers["cache-control"], status.headers["cache-control"]] == ["no-store"] * 2


async def test_hsts_only_on_answers_over_tls(system):
    async with gateway_client(system, base_url="https://gateway") as over_tls:
        for path in ("/", "/api/v1/units", "/healthz"):
            reply = await over_tls.get(path)
            assert reply.headers["strict-transport-security"] == "max-age=31536000", path
    async with gateway_client(system) as plain:
        assert "strict-transport-security" not in (await plain.get("/")).headers


async def test_the_api_docs_load_only_the_gateway_s_own_files_under_its_policy(http):
    page = await http.get("/docs")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert policy == web.SECURITY_HEADERS["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in page.text  # no inline script: each comes from a file
    files = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sorted(files) == [  # all of this origin
        "/docs/assets/favicon.png",
        "/docs/assets/swagger-ui-bundle.js",
        "/docs/assets/swagger-ui.css",
        "/static/docs.js",
    ]
    kinds = {"js": "text/javascript", "css": "text/css", "png": "image/png"}
    for path in files:
        reply = await http.get(path)
        assert reply.status_code == 200, path
        assert reply.headers["content-type"].startswith(kinds[path.rsplit(".", 1)[1]]), path
        assert reply.headers["content-security-policy"] == policy, path
    assert "SwaggerUIBundle" in (await http.get("/static/docs.js")).text
    assert (await http.get("/redoc")).status_code == 404  # FastAPI's page loads from a CDN


class _AnyName(dict):
    """A path parameter's value: its name, which names nothing the services hold."""

    def __missing__(self, key: str) -> str:
        return key
