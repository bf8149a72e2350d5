"""The citizen's evidence through the gateway: stored by content type, refused for a wrong phone
or code, of another type, too large or too many, and once the complaint is closed."""

from phananh.events.v1.resolution_events_pb2 import OutcomeKind
from tests.integration.citizen import PNG, count, decide, submitted, violations
from tests.vaccination_papers import small_pdf


def upload(http, code: str, phone: str, content: bytes = PNG, name: str = "a.png"):
    return http.post(
        f"/api/v1/complaints/{code}/evidence",
        data={"phone": phone},
        files={"file": (name, content, "application/octet-stream")},
    )


async def test_evidence_is_stored_by_content_type(system, http):
    code, phone = await submitted(http, 40)
    reply = await upload(http, code.lower().replace("-", " "), phone)
    assert reply.status_code == 201
    assert reply.json()["content_type"] == "image/png"
    assert reply.json()["size_bytes"] == len(PNG)
    pdf = await upload(http, code, phone, small_pdf(), "photo.jpg")
    assert pdf.json()["content_type"] == "application/pdf"
    stored = await count(
        system, "SELECT content FROM evidence WHERE evidence_id = :e", e=reply.json()["evidence_id"]
    )
    assert stored == PNG


async def test_evidence_for_a_wrong_phone_or_code_is_the_status_s_404(system, http):
    code, phone = await submitted(http, 41)
    wrong_phone = await upload(http, code, "0912000000")
    unknown = await upload(http, "ZZZZZ-ZZZZZ", phone)
    status = await http.get("/api/v1/complaints/ZZZZZ-ZZZZZ", params={"phone": phone})
    assert wrong_phone.status_code == unknown.status_code == 404
    assert wrong_phone.json() == unknown.json() == status.json()
    assert await count(system, "SELECT count(*) FROM evidence") == 0


async def test_evidence_of_another_type_or_too_large_is_refused(system, http):
    code, phone = await submitted(http, 42)
    text = await upload(http, code, phone, b"just text", "a.png")
    assert (text.status_code, violations(text)) == (400, ["file"])
    large = await upload(http, code, phone, PNG + b"\x00" * (5 * 1024 * 1024))
    assert (large.status_code, violations(large)) == (413, ["file"])
    no_file = await http.post(f"/api/v1/complaints/{code}/evidence", data={"phone": phone})
    assert (no_file.status_code, violations(no_file)) == (400, ["file"])
    assert await count(system, "SELECT count(*) FROM evidence") == 0


async def test_a_declared_oversized_body_is_refused_before_it_is_read(http):
    chunks_read = 0

    async def body():
        nonlocal chunks_read
        for _ in range(100):
            chunks_read += 1
            yield b"\x00" * 65536

    reply = await http.post(
        "/api/v1/complaints/ZZZZZ-ZZZZZ/evidence",
        content=body(),
        headers={
            "content-type": "multipart/form-data; boundary=x",
            "content-length": str(100 * 1024 * 1024),
        },
    )
    assert (reply.status_code, violations(reply)) == (413, ["file"])
    assert chunks_read <= 2


async def test_at_most_five_files_and_none_once_closed(system, http):
    code, phone = await submitted(http, 43)
    replies = [await upload(http, code, phone) for _ in range(6)]
    assert [r.status_code for r in replies] == [201] * 5 + [400]
    assert replies[-1].json()["error"]["reason"] == "EVIDENCE_LIMIT_REACHED"
    code, phone = await submitted(http, 44)
    await decide(system, code, "RESOLVED", 5, kind=OutcomeKind.OUTCOME_KIND_RESOLVED)
    closed = await upload(http, code, phone)
    assert closed.json()["error"]["reason"] == "COMPLAINT_CLOSED"


# Status and supplement
