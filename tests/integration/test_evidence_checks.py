"""Evidence read through the processes: the upload re-encodes the photo without its EXIF and
measures its sharpness, intake's worker reads the certificate with Tesseract off the request
path, the officer's case shows each field read beside the claim, and resolution's queue
filters on evidence that agrees."""

import io
import random

from PIL import Image

from intake.sharpness import BLURRY_BELOW
from tests.factories import Complaints
from tests.harness import InProcessSystem, eventually, gateway_client, scalar
from tests.integration.citizen import count, violations
from tests.unit.test_evidence_uploads import a_photo_with_exif, bomb, small_jpeg_with_comment
from tests.vaccination_papers import Paper, certificate

# Papers of this seed are read right (Tesseract is deterministic on the same pixels).
SEED = 5


def province(system) -> dict[str, str]:
    return {"authorization": f"Bearer {system.token('PROVINCE_OFFICER', '75')}"}


def claim_of(paper: Paper, seed: int, **changed) -> dict:
    body = Complaints(seed).json()
    body["citizen"] |= {"full_name": paper.full_name, "date_of_birth": str(paper.date_of_birth)}
    body["claimed_doses"] = [
        {
            "dose_number": d.dose_number,
            "vaccinated_on": str(d.vaccinated_on),
            "vaccine_code": d.vaccine_code,
            "lot_number": d.lot_number,
        }
        for d in paper.doses
    ]
    body["citizen"] |= changed
    return body


async def queue_codes(http, system, **params) -> set[str]:
    reply = await http.get("/api/v1/cases", params=params, headers=province(system))
    assert reply.status_code == 200, reply.text
    return {c["tracking_code"] for c in reply.json()["cases"]}


async def filed(http, system, body: dict, content: bytes) -> tuple[str, str, dict]:
    """(tracking code, case id, the upload's answer)."""
    reply = await http.post("/api/v1/complaints", json=body)
    assert reply.status_code == 201, reply.text
    code = reply.json()["tracking_code"]
    upload = await http.post(
        f"/api/v1/complaints/{code}/evidence",
        data={"phone": body["citizen"]["phone"]},
        files={"file": ("giay.jpg", content, "image/jpeg")},
    )
    assert upload.status_code == 201, upload.text

    async def opened():
        return code in await queue_codes(http, system)

    await eventually(opened)
    (case,) = [
        c
        for c in (await http.get("/api/v1/cases", headers=province(system))).json()["cases"]
        if c["tracking_code"] == code
    ]
    return code, case["case_id"], upload.json()


async def read_checks(http, system, case_id: str) -> dict:
    checks = {}

    async def done():
        case = (await http.get(f"/api/v1/cases/{case_id}", headers=province(system))).json()
        checks.update(case["evidence"][0]["checks"])
        return checks["status"] != "PENDING"

    await eventually(done, timeout=180)
    return checks


async def test_a_certificate_is_read_beside_the_claim_and_the_queue_filters_on_it(system, http):
    rng = random.Random(SEED)
    paper, other = certificate(rng), certificate(rng)
    agreeing = claim_of(paper, 71)
    differing = claim_of(other, 72, date_of_birth=str(other.date_of_birth.replace(year=1961)))
    code, case_id, upload = await filed(http, system, agreeing, paper.jpeg())
    other_code, other_case_id, _ = await filed(http, system, differing, other.jpeg())
    assert upload["sharpness"] > BLURRY_BELOW and upload["blurry"] is False

    checks = await read_checks(http, system, case_id)
    assert checks["status"] == "DONE" and checks["document_kind"] == "VACCINATION_CERTIFICATE"
    assert checks["fields"]["full_name"]["agrees"] is True
    assert checks["fields"]["date_of_birth"] == {
        "read": str(paper.date_of_birth),
        "claimed": str(paper.date_of_birth),
        "agrees": True,
    }
    assert [d["dose_number"] for d in checks["fields"]["doses"]] == [1, 2][: len(paper.doses)]
    other_checks = await read_checks(http, system, other_case_id)
    assert other_checks["fields"]["date_of_birth"]["agrees"] is False

    async def filtered():
        return await queue_codes(http, system, evidence_agrees="true") == {code}

    await eventually(filtered)
    assert other_code in await queue_codes(http, system)


async def test_the_stored_photo_has_no_exif_and_a_bomb_or_a_polyglot_is_refused(system, http):
    body = Complaints(73).json()
    code = (await http.post("/api/v1/complaints", json=body)).json()["tracking_code"]

    def upload(content: bytes, name: str):
        return http.post(
            f"/api/v1/complaints/{code}/evidence",
            data={"phone": body["citizen"]["phone"]},
            files={"file": (name, content, "application/octet-stream")},
        )

    reply = await upload(a_photo_with_exif(), "photo.jpg")
    assert reply.status_code == 201, reply.text
    stored = await count(
        system, "SELECT content FROM evidence WHERE evidence_id = :e", e=reply.json()["evidence_id"]
    )
    assert reply.json()["size_bytes"] == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert dict(image.getexif()) == {} and "comment" not in image.info
    assert reply.json()["blurry"] is True  # a plain colour: nothing in focus

    for content, name in ((bomb(), "bomb.png"), (small_jpeg_with_comment(b"%PDF-1.4"), "a.jpg")):
        refused = await upload(content, name)
        assert (refused.status_code, violations(refused)) == (400, ["file"])
    assert await count(system, "SELECT count(*) FROM evidence") == 1


async def test_a_reading_that_keeps_failing_is_given_up_after_its_attempts(database_urls):
    # A time limit no reading meets: each attempt fails, the second is the last.
    system = InProcessSystem(database_urls, evidence_check_seconds=0.001, evidence_check_attempts=2)
    await system.start()
    try:
        async with gateway_client(system) as http:
            body = Complaints(74).json()
            _, case_id, upload = await filed(
                http, system, body, certificate(random.Random(1)).jpeg()
            )
            checks = await read_checks(http, system, case_id)
            assert (checks["status"], checks["fields"]) == ("FAILED", None)
            assert checks["blurry"] is False  # the upload's measure stands
            resolution = system.database_urls["resolution"]
            agrees = (
                "SELECT count(*) FROM evidence_agreement WHERE agrees IS NULL AND evidence_id = :e"
            )

            async def recorded():
                return await scalar(resolution, agrees, e=upload["evidence_id"]) == 1

            await eventually(recorded)
    finally:
        await system.stop()
