"""The citizen's evidence: a photo or PDF of the paper certificate, added to a complaint by
tracking code and phone. The size is refused early; the type is intake's decision."""

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from gateway import schemas
from gateway.client_address import client_address
from gateway.clients import ClientsDep
from gateway.complaints import TOO_MANY_FAILED_LOOKUPS
from gateway.limits import BodyTooLarge, allow_body, refused
from phananh.intake.v1 import intake_pb2

router = APIRouter(prefix="/api/v1", tags=["citizen"])

MAX_FILE_BYTES = 5 * 1024 * 1024
# The multipart framing and the phone field around the file.
MAX_BODY_BYTES = MAX_FILE_BYTES + 16 * 1024


@router.post(
    "/complaints/{tracking_code}/evidence",
    status_code=201,
    response_model=schemas.EvidenceAdded,
    responses={
        400: {"model": schemas.ErrorBody},
        404: {"model": schemas.ErrorBody},
        429: TOO_MANY_FAILED_LOOKUPS,
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["phone", "file"],
                        "properties": {
                            "phone": {"type": "string"},
                            "file": {"type": "string", "format": "binary"},
                        },
                    }
                }
            },
        }
    },
)
async def add_evidence(tracking_code: str, request: Request, c: ClientsDep):
    """multipart/form-data with `phone` and `file` (JPEG, PNG or PDF by content, ≤ 5 MB)."""
    allow_body(request, MAX_BODY_BYTES, "file")
    try:
        form = await request.form(max_files=1, max_fields=1)
    except BodyTooLarge:
        raise
    except HTTPException:  # Starlette's, for a body that is not the form described
        return refused("file", "send multipart/form-data with the fields phone and file")
    phone, upload = form.get("phone"), form.get("file")
    if not isinstance(phone, str):
        return refused("phone", "is required")
    if not isinstance(upload, UploadFile):
        return refused("file", "is required")
    content = await upload.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise BodyTooLarge(MAX_FILE_BYTES, "file")
    reply = await c.intake.AddEvidence(
        intake_pb2.AddEvidenceRequest(
            tracking_code=tracking_code[:40],
            phone=phone[:40],
            content=content,
            client_address=client_address(request),
        ),
        timeout=c.deadline,
    )
    return schemas.EvidenceAdded(
        evidence_id=reply.evidence_id,
        content_type=reply.content_type,
        size_bytes=reply.size_bytes,
        sharpness=reply.sharpness,
        blurry=reply.blurry,
    )
