"""Oversized bodies are refused with 413 before the rest is read: a declared Content-Length
over the limit before anything, a body that grows past it as soon as it does (JSON bodies
256 KiB; evidence 5 MB, facilities 2 MB and registry extracts 8 MB), and nothing is stored."""

import pytest

from tests.harness import scalar
from tests.integration.registry import extract, import_extract
from tests.integration.test_registry import FAMILY

JSON = {"content-type": "application/json"}
CSV = {"content-type": "text/csv"}
CHUNK = 64 * 1024


def streamed(chunks: int, first: bytes = b""):
    """A body sent chunk by chunk, counting how many the gateway asked for."""
    sent = {"chunks": 0}

    async def body():
        yield first
        for _ in range(chunks):
            sent["chunks"] += 1
            yield b" " * CHUNK

    return body(), sent


def refused_fields(reply) -> list[str]:
    return [v["field"] for v in reply.json()["error"]["field_violations"]]


@pytest.mark.parametrize("path", ["/api/v1/complaints", "/api/v1/cases/c/reject", "/api/v1/otp"])
async def test_a_json_body_is_cut_off_once_it_passes_its_limit(http, province_admin, path):
    body, sent = streamed(1600, b'{"phone": "0912345678", "x": "')  # 100 MiB if all sent
    reply = await http.post(path, content=body, headers=JSON | province_admin)
    assert (reply.status_code, refused_fields(reply)) == (413, ["body"])
    assert reply.json()["error"]["code"] == "OUT_OF_RANGE"
    assert sent["chunks"] <= 256 * 1024 // CHUNK + 1


async def test_a_declared_oversized_json_body_is_refused_before_any_of_it_is_read(http):
    body, sent = streamed(1600)
    headers = JSON | {"content-length": str(1600 * CHUNK)}
    reply = await http.post("/api/v1/complaints", content=body, headers=headers)
    assert (reply.status_code, refused_fields(reply)) == (413, ["body"])
    assert sent["chunks"] <= 1


async def test_a_registry_extract_over_8_mb_is_refused_and_nothing_imported(
    http, system, province_admin
):
    padding = b"\n" * (8 * 1024 * 1024)
    reply = await http.post(
        "/api/v1/registry:import", content=FAMILY + padding, headers=CSV | province_admin
    )
    assert (reply.status_code, refused_fields(reply)) == (413, ["csv"])
    citizens = await scalar(system.database_urls["resolution"], "SELECT count(*) FROM citizens")
    assert citizens == 0


async def test_an_upload_within_its_limit_passes_the_json_limit(http, system, province_admin):
    """The 256 KiB of JSON bodies do not apply to the uploads' own limits."""
    many = [(f"R{i}", {"national_id": f"0751900{i:05d}"}, []) for i in range(3000)]
    big = extract(*many)
    assert 256 * 1024 < len(big) < 8 * 1024 * 1024
    await import_extract(http, province_admin, big)
