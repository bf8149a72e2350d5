"""Intake's evidence, read on behalf of the officer (with the officer's own token, so intake
applies its own access rule too)."""

import uuid

import grpc

from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh_common.channels import Channels
from phananh_common.errors import NotFound, ServiceError

CALL_SECONDS = 10.0


class IntakeUnavailable(ServiceError):
    """Intake did not answer in time: the case cannot be shown without its evidence."""

    code = "UNAVAILABLE"


def _unavailable(error: grpc.aio.AioRpcError) -> ServiceError | None:
    if error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        return IntakeUnavailable("intake's evidence is unavailable, try again shortly")
    return None


class IntakeEvidence:
    def __init__(self, channels: Channels):
        self._channels = channels

    def _stub(self) -> intake_pb2_grpc.IntakeServiceStub:
        # The channel opens on first use, inside the running loop.
        return intake_pb2_grpc.IntakeServiceStub(self._channels.get("intake"))

    async def listed(self, complaint_id: uuid.UUID, metadata) -> list[intake_pb2.EvidenceInfo]:
        try:
            reply = await self._stub().ListEvidence(
                intake_pb2.ListEvidenceRequest(complaint_id=str(complaint_id)),
                timeout=CALL_SECONDS,
                metadata=metadata,
            )
        except grpc.aio.AioRpcError as error:
            raise _unavailable(error) or error from None
        return list(reply.evidence)

    async def file(self, evidence_id: str, metadata) -> intake_pb2.GetEvidenceResponse:
        try:
            return await self._stub().GetEvidence(
                intake_pb2.GetEvidenceRequest(evidence_id=evidence_id),
                timeout=CALL_SECONDS,
                metadata=metadata,
            )
        except grpc.aio.AioRpcError as error:
            if error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
                raise NotFound("no such evidence in this case") from None
            raise _unavailable(error) or error from None
