"""The registry's tables: citizen records as the portal holds them, changed by imports and
through cases, their audit trail, and intake's facility directory."""

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

# The province's registry: citizen records as the portal holds them, changed by imports and
# through cases.
citizens = Table(
    "citizens",
    metadata,
    Column("citizen_id", Uuid, primary_key=True),
    # The portal's id of an imported record; empty for a record created through a case.
    Column("record_id", Text, unique=True),
    Column("full_name", Text, nullable=False),
    # The name folded (no case, no diacritics) for matching only; full_name is the name.
    Column("name_key", Text, nullable=False),
    Column("date_of_birth", Date, nullable=False),
    Column("gender", Text, nullable=False),
    Column("phone", Text, nullable=False),
    Column("national_id", Text, nullable=False),
    Column("province_code", Text, nullable=False),
    Column("district_code", Text, nullable=False),
    Column("commune_code", Text, nullable=False),
    # Set when the record was merged into another: it keeps no doses and no certificate.
    Column("merged_into", Uuid),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("citizens_national_id", "national_id", postgresql_where=text("national_id <> ''")),
    Index("citizens_phone", "phone", postgresql_where=text("phone <> ''")),
    Index("citizens_name_dob", "name_key", "date_of_birth"),
)

doses = Table(
    "doses",
    metadata,
    Column("dose_id", Uuid, primary_key=True),
    Column("citizen_id", Uuid, ForeignKey("citizens.citizen_id"), nullable=False, index=True),
    Column("dose_number", Integer, nullable=False),
    Column("vaccinated_on", Date, nullable=False),
    Column("vaccine_code", Text, nullable=False),
    Column("lot_number", Text, nullable=False),
    Column("facility_code", Text, nullable=False),
)

certificates = Table(
    "certificates",
    metadata,
    Column("certificate_id", Uuid, primary_key=True),
    Column("citizen_id", Uuid, ForeignKey("citizens.citizen_id"), nullable=False),
    Column("level", Text, nullable=False),
    # 1 for a record's first certificate, one more at each re-issue.
    Column("version", Integer, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    # One certificate in force per citizen.
    Index(
        "certificates_in_force",
        "citizen_id",
        unique=True,
        postgresql_where=text("revoked_at IS NULL"),
    ),
)

# Every change to the registry: who, when, through which case, the record before and after.
registry_audit = Table(
    "registry_audit",
    metadata,
    Column("audit_id", BigInteger, Identity(), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("case_id", Uuid),
    Column("citizen_id", Uuid, index=True),
    Column("before", JSONB),
    Column("after", JSONB),
)

# The vaccination facilities as intake last published them (FacilitiesImported): the unit
# where a dose was given, which puts its record inside that unit too.
facilities = Table(
    "facilities",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("district_code", Text, nullable=False),
    Column("commune_code", Text, nullable=False, server_default=""),
    # The import that wrote the row: an older one delivered late changes nothing.
    Column("imported_at", DateTime(timezone=True), nullable=False),
)
