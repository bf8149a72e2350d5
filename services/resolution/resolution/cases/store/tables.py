"""The cases' tables: cases, their history, the facilities' re-checks and the daily digests."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

cases = Table(
    "cases",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("complaint_id", Uuid, nullable=False, unique=True),
    Column("tracking_code", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("unit_code", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("version", BigInteger, nullable=False),
    # The complaint as submitted (phananh.types.v1.Complaint).
    Column("complaint", LargeBinary, nullable=False),
    # Intake's warnings for the officer ([{"code", "message"}]).
    Column("warnings", JSONB, nullable=False, server_default="[]"),
    # Since when the case waits for the citizen (NEEDS_INFO): its deadline stands still.
    Column("paused_at", DateTime(timezone=True)),
    # The tracking code of an open complaint of the same person and category sent from
    # another phone when this one came (intake's mark): the team may mark it duplicate of it.
    Column("possible_repeat_of", Text),
    # What the queue's search finds a case by (domain.search): the complainant's name folded,
    # phone (E.164) and identity number, as the complaint gives them.
    Column("citizen_name_folded", Text, nullable=False, server_default=""),
    Column("citizen_phone", Text, nullable=False, server_default=""),
    Column("citizen_national_id", Text, nullable=False, server_default=""),
    # The queue: a unit's cases, oldest deadline first, read page by page (keyset).
    Index("cases_queue", "unit_code", "due_at", "case_id"),
    # A district's or the province's queue spans many units: walked in deadline order, the
    # first page is found without sorting the units' cases.
    Index("cases_by_deadline", "due_at", "case_id"),
    # A case named by its code: a possible repeat's, a duplicate's original.
    Index("cases_by_tracking_code", "tracking_code"),
    Index("cases_by_citizen_phone", "citizen_phone"),
    Index("cases_by_citizen_national_id", "citizen_national_id"),
)

# What happened to a case: who did what when, with the officer's note.
case_history = Table(
    "case_history",
    metadata,
    Column("entry_id", BigInteger, Identity(), primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.case_id"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Index("case_history_by_case", "case_id", "entry_id"),
)

# Step 4: each facility that gave a corrected dose re-checks the record.
rechecks = Table(
    "rechecks",
    metadata,
    Column("recheck_id", Uuid, primary_key=True),
    Column("case_id", Uuid, ForeignKey("cases.case_id"), nullable=False, index=True),
    Column("tracking_code", Text, nullable=False),
    Column("facility_code", Text, nullable=False),
    # The unit whose team approved the case: its officers see the re-check.
    Column("unit_code", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", Text),
    Column("note", Text, nullable=False, server_default=""),
    # The corrected record, and the changes to this facility's doses (store.rechecks).
    Column("citizen_id", Uuid),
    Column("changes", JSONB, nullable=False, server_default="[]"),
    Index("rechecks_of_facility", "facility_code", "status", "created_at", "recheck_id"),
    Index("rechecks_of_unit", "unit_code", "status", "created_at", "recheck_id"),
)

# The officers' daily digest, one per unit and local day whatever the replicas: the row is
# written in the transaction that publishes the digest, and the second writer finds it there.
overdue_digests = Table(
    "overdue_digests",
    metadata,
    Column("unit_code", Text, primary_key=True),
    Column("local_date", Date, primary_key=True),
    Column("overdue", Integer, nullable=False),
    # All 0: nothing to tell, no event.
    Column("at_risk", Integer, nullable=False),
    Column("overdue_rechecks", Integer, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# What intake's reading of each evidence file concluded (EvidenceChecked), by complaint: the
# queue's filter on cases whose evidence agrees with the claim. No personal data.
evidence_agreement = Table(
    "evidence_agreement",
    metadata,
    Column("evidence_id", Uuid, primary_key=True),
    Column("complaint_id", Uuid, nullable=False),
    # True: every field read agrees; False: one differs, a screening form, blurred; NULL:
    # nothing was read.
    Column("agrees", Boolean),
    Index("evidence_agreement_by_complaint", "complaint_id"),
)
