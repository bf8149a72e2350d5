"""Intake's tables: complaints as submitted and the citizen-facing status projected from
resolution's events, what joins a complaint later (notes, evidence), the answers kept under
idempotency keys, one-time codes, the requests counted per client address, and the
vaccination facilities."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from phananh_common import statuses

metadata = MetaData()
# The predicate of the partial unique index, written once: ON CONFLICT must repeat it verbatim.
OPEN = text(f"status NOT IN ({', '.join(repr(s) for s in statuses.CLOSED)})")
# A case change that closes the complaint (its :status parameter).
CLOSED_STATUS = text(f":status IN ({', '.join(repr(s) for s in statuses.CLOSED)})")

complaints = Table(
    "complaints",
    metadata,
    Column("complaint_id", Uuid, primary_key=True),
    Column("tracking_code", Text, nullable=False, unique=True),
    Column("category", Text, nullable=False),
    Column("person_key", Text, nullable=False),
    Column("phone", Text, nullable=False),
    # The accepted complaint as protobuf (phananh.types.v1.Complaint), exactly as published.
    Column("complaint", LargeBinary, nullable=False),
    Column("warnings", JSONB, nullable=False, server_default="[]"),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    # The privacy notice its sender was shown (intake.privacy_notice); none when not said.
    Column("privacy_notice_version", Text),
    # Projection of the case, from resolution's events; case_version orders them.
    Column("status", Text, nullable=False, server_default="RECEIVED"),
    Column("case_version", BigInteger, nullable=False, server_default="0"),
    Column("unit_code", Text),
    # The latest decision as the citizen reads it ({"kind", "reason_code", "message",
    # "decided_at"}), and the certificate level a correction gave.
    Column("outcome", JSONB),
    Column("certificate_level", Text),
    # When the case was last closed (RESOLVED, REJECTED, DUPLICATE; none while open), and when
    # the complaint's personal data was erased (PHANANH_RETENTION_DAYS after closing, or on
    # a citizen's request): its evidence and notes deleted, its person a pseudonym.
    Column("closed_at", DateTime(timezone=True)),
    Column("erased_at", DateTime(timezone=True)),
    # The portal's id of a complaint imported from the backlog: importing twice adds nothing.
    Column("source_id", Text),
    UniqueConstraint("source_id", name="complaints_source_id_key"),
    # One open complaint per person, category and phone: the database enforces the
    # deduplication, so two submissions racing each other still make one complaint. A repeat
    # from another phone is a complaint of its own (its sender may not be the person), and
    # the index finds the person's other open complaints for the mark of a possible repeat.
    Index(
        "complaints_one_open_per_person_category_and_phone",
        "person_key",
        "category",
        "phone",
        unique=True,
        postgresql_where=OPEN,
    ),
    Index(
        "complaints_to_erase",
        "closed_at",
        postgresql_where=text("closed_at IS NOT NULL AND erased_at IS NULL"),
    ),
)

# Every erasure of a complaint's personal data: who (an admin at a citizen's request, or the
# retention, actor "retention"), when, from where. Kept without any personal data.
erasures = Table(
    "erasures",
    metadata,
    Column("erasure_id", BigInteger, Identity(), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("tracking_code", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("role", Text, nullable=False, server_default=""),
    Column("client_address", Text, nullable=False, server_default=""),
    Index("erasures_by_code", "tracking_code"),
)

# What joined a complaint after it was made: a resubmission from its phone (deduplicated)
# or a supplement the team asked for. `complaint` is a phananh.types.v1.Complaint: the whole
# resubmission, or only the supplement's description and claimed doses.
complaint_notes = Table(
    "complaint_notes",
    metadata,
    Column("note_id", Uuid, primary_key=True),
    Column("complaint_id", Uuid, ForeignKey("complaints.complaint_id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("complaint", LargeBinary, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    # A backlog row that joined an earlier complaint: importing it again adds nothing.
    Column("source_id", Text),
    UniqueConstraint("source_id", name="complaint_notes_source_id_key"),
    Index("complaint_notes_by_complaint", "complaint_id"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("evidence_id", Uuid, primary_key=True),
    Column("complaint_id", Uuid, ForeignKey("complaints.complaint_id"), nullable=False),
    Column("content_type", Text, nullable=False),
    Column("size_bytes", Integer, nullable=False),
    # The file as stored: an image re-encoded without its metadata, a PDF copied page by page
    # (intake/evidence_files.py); never the bytes the citizen sent.
    Column("content", LargeBinary, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    # Measured at the upload (intake/sharpness.py).
    Column("sharpness", Float),
    Column("blurry", Boolean),
    # The text read off the request path (intake/service/evidence_checks.py): PENDING until
    # read, DONE, or FAILED after the last attempt. `checks` holds what was read beside the
    # claim (personal data: it lives and goes with the file; the OCR text is not kept).
    Column("check_status", Text, nullable=False, server_default="PENDING"),
    Column("check_attempts", Integer, nullable=False, server_default="0"),
    Column("check_due_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("checks", JSONB),
    Index("evidence_by_complaint", "complaint_id"),
    Index(
        "evidence_checks_due",
        "check_due_at",
        postgresql_where=text("check_status = 'PENDING'"),
    ),
)

# A submission's Idempotency-Key: the first answer is kept and given again to a repeat.
submissions = Table(
    "submissions",
    metadata,
    Column("idempotency_key", Text, primary_key=True),
    # SHA-256 of the complaint as sent: the same key with another complaint is refused.
    Column("fingerprint", LargeBinary, nullable=False),
    # The SubmitComplaintResponse given to the first request.
    Column("response", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # The purge of expired keys.
    Index("submissions_created_at", "created_at"),
)

one_time_codes = Table(
    "one_time_codes",
    metadata,
    Column("code_id", Uuid, primary_key=True),
    Column("phone", Text, nullable=False),
    Column("client_address", Text, nullable=False),
    Column("salt", LargeBinary, nullable=False),
    Column("digest", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("consumed", Boolean, nullable=False, server_default="false"),
    Index("one_time_codes_by_phone", "phone", "created_at"),
    Index("one_time_codes_by_client_address", "client_address", "created_at"),
)

# What citizens from one client address did lately, counted against its limits
# (intake/rate_limits.py); the housekeeping deletes rows older than the window.
client_requests = Table(
    "client_requests",
    metadata,
    Column("request_id", BigInteger, Identity(), primary_key=True),
    Column("client_address", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("client_requests_by_address", "client_address", "kind", "created_at"),
    Index("client_requests_by_age", "created_at"),
)

facilities = Table(
    "facilities",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("district_code", Text, nullable=False),
    Column("commune_code", Text, nullable=False, server_default=""),
    Index("facilities_by_district", "district_code"),
)
