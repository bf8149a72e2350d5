"""Evidence the citizen adds to a complaint: a photo or PDF of the paper certificate,
recognised by its content (never by the name or the declared type), bounded in size and in
number per complaint. No I/O."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from phananh_common.errors import FailedPrecondition, InvalidArgument
from phananh_common.statuses import CLOSED

MAX_BYTES = 5 * 1024 * 1024
MAX_PER_COMPLAINT = 5

# The first bytes of each accepted format.
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


@dataclass(frozen=True)
class EvidenceInfo:
    evidence_id: uuid.UUID
    content_type: str
    size_bytes: int
    added_at: datetime
    sharpness: float | None = None
    blurry: bool | None = None
    check_status: str = "PENDING"
    # What was read beside the claim (intake.certificate_reading.compared); None until read.
    checks: dict | None = None


@dataclass(frozen=True)
class StoredEvidence:
    evidence_id: uuid.UUID
    complaint_id: uuid.UUID
    tracking_code: str
    content_type: str
    content: bytes
    added_at: datetime


def too_large() -> InvalidArgument:
    return InvalidArgument.on("file", f"must be at most {MAX_BYTES} bytes (5 MB)")


def content_type_of(content: bytes) -> str:
    """The file's type by its first bytes; InvalidArgument on field "file" otherwise."""
    if not content:
        raise InvalidArgument.on("file", "is empty")
    if len(content) > MAX_BYTES:
        raise too_large()
    for signature, content_type in _SIGNATURES:
        if content.startswith(signature):
            return content_type
    raise InvalidArgument.on("file", "must be a JPEG, PNG or PDF file")


def check_may_add(status: str, already: int) -> None:
    """Evidence joins an open complaint, up to MAX_PER_COMPLAINT files."""
    if status in CLOSED:
        raise FailedPrecondition("the complaint is closed", reason="COMPLAINT_CLOSED")
    if already >= MAX_PER_COMPLAINT:
        raise FailedPrecondition(
            f"a complaint holds at most {MAX_PER_COMPLAINT} files", reason="EVIDENCE_LIMIT_REACHED"
        )
