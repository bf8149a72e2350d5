"""Evidence at IntakeService's gRPC level: fetched whole by officers, refused over 5 MB."""

import grpc
import pytest

from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from tests.factories import Complaints
from tests.harness import bearer
from tests.integration.citizen import PNG
from tests.vaccination_papers import small_png

# Evidence of up to 5 MB comes back whole.
LARGE_MESSAGES = [("grpc.max_receive_message_length", 6 * 1024 * 1024)]


async def test_officers_fetch_evidence_whole(system, intake):
    complaint = Complaints(61).message()
    submitted = await intake.SubmitComplaint(intake_pb2.SubmitComplaintRequest(complaint=complaint))
    # Random pixels do not compress: a PNG of 4.8 MB, kept as it is (Pillow wrote it).
    content = small_png(1280, 1250, noise=True)
    added = await intake.AddEvidence(
        intake_pb2.AddEvidenceRequest(
            tracking_code=submitted.tracking_code, phone=complaint.citizen.phone, content=content
        )
    )
    # Resolution reads evidence for the officer, with the officer's token.
    async with system.channel("intake", "resolution", options=LARGE_MESSAGES) as ch:
        stub = intake_pb2_grpc.IntakeServiceStub(ch)
        officer = bearer(system.token("DISTRICT_OFFICER", "731"))
        with pytest.raises(grpc.aio.AioRpcError) as anonymous:
            await stub.GetEvidence(intake_pb2.GetEvidenceRequest(evidence_id=added.evidence_id))
        assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED
        fetched = await stub.GetEvidence(
            intake_pb2.GetEvidenceRequest(evidence_id=added.evidence_id), metadata=officer
        )
        assert (fetched.content, fetched.content_type) == (content, "image/png")
        assert fetched.tracking_code == submitted.tracking_code
        for evidence_id, code in (
            ("not-a-uuid", grpc.StatusCode.INVALID_ARGUMENT),
            ("3b0c1a9e-8f8e-4a53-9a5e-2f0d7c1b9e11", grpc.StatusCode.NOT_FOUND),
        ):
            with pytest.raises(grpc.aio.AioRpcError) as raised:
                await stub.GetEvidence(
                    intake_pb2.GetEvidenceRequest(evidence_id=evidence_id), metadata=officer
                )
            assert raised.value.code() == code


async def test_evidence_over_5_mb_is_refused_by_intake_too(intake):
    complaint = Complaints(62).message()
    submitted = await intake.SubmitComplaint(intake_pb2.SubmitComplaintRequest(complaint=complaint))
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await intake.AddEvidence(
            intake_pb2.AddEvidenceRequest(
                tracking_code=submitted.tracking_code,
                phone=complaint.citizen.phone,
                content=PNG + b"\x00" * (5 * 1024 * 1024),
            )
        )
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
