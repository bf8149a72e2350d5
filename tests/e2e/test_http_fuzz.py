"""Property-based requests to every operation of the gateway's own OpenAPI schema, on the
system as `make run` starts it, each sent without a token and with a province admin's: no
500, no hang, every answer as the schema says (status, content type, body), and nothing stored
by a request that was refused.

The schema gives types and enums; the services decide the domain's rules (a phone's shape, a
unit's code), so a schema-valid request may still be a 400: that check is left out. Examples
per operation: a few in `make test`, many with PHANANH_SOAK=1 (`make soak`)."""

import asyncio
import os

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from phananh_common.config import SERVICES
from tests.harness import RowCounts, gateway_schema

EXAMPLES = 300 if os.environ.get("PHANANH_SOAK") == "1" else 6
# A call that takes longer than this is a hang.
CALL_TIMEOUT_SECONDS = 30
NOT_CHECKED = [
    # The schema cannot say which phones, codes or CSV files the services accept.
    positive_data_acceptance,
]


@pytest.fixture(scope="module")
def row_counts(stack):
    """RowCounts, read from the synchronous test on a loop of its own."""
    loop = asyncio.new_event_loop()
    urls = {s: stack.env[f"PHANANH_{s.upper()}_DATABASE_URL"] for s in SERVICES}
    counts = loop.run_until_complete(RowCounts.open(urls))
    yield lambda: loop.run_until_complete(counts.read())
    loop.run_until_complete(counts.close())
    loop.close()


def published_schema() -> dict:
    """The gateway's schema, made at collection time from the code the stack runs (the
    first test checks the running gateway serves the same), so that each operation is a
    test of its own."""
    return gateway_schema()


schema = schemathesis.openapi.from_dict(published_schema())


def _headers_made_invalid(case) -> bool:
    component = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    return component is not None and component.mode.is_negative


def test_the_running_gateway_publishes_the_schema_fuzzed_here(stack):
    served = httpx.get(f"{stack.base_url}/openapi.json", timeout=CALL_TIMEOUT_SECONDS)
    assert served.json() == published_schema()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_by_its_schema_and_refusals_store_nothing(
    case, stack, province_admin, row_counts
):
    for headers in ({}, province_admin):
        before = row_counts()
        response = case.call(stack.base_url, headers=headers, timeout=CALL_TIMEOUT_SECONDS)
        not_checked = NOT_CHECKED
        if headers and _headers_made_invalid(case):
            # The token given back makes the headers the case had broken valid again.
            not_checked = [*NOT_CHECKED, negative_data_rejection]
        case.validate_response(
            response,
            additional_checks=[not_a_server_error],
            excluded_checks=not_checked,
            headers=headers,
        )
        if response.status_code >= 400:
            stored = RowCounts.grown(before, row_counts())
            assert stored == {}, f"{case.method} {case.path} stored after a refusal"
