"""The portal's backlog export, one row per complaint with its claimed doses in columns
(dose1_… to dose4_…; the dose number is the column group's), read with the same rules as a
submission. No I/O.

Columns: source_id (the portal's complaint id), submitted_at (ISO 8601; without an offset,
Asia/Ho_Chi_Minh), full_name, date_of_birth, gender, phone, national_id,
health_insurance_no, province_code, district_code, commune_code, street, category,
description, then for N in 1..4: doseN_vaccinated_on, doseN_vaccine_code, doseN_lot_number,
doseN_facility_code (all empty: no claim for dose N)."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from intake import domain
from phananh_common.errors import InvalidArgument, Violations
from phananh_common.local_time import LOCAL_ZONE

DOSE_FIELDS = ("vaccinated_on", "vaccine_code", "lot_number", "facility_code")
PERSON_COLUMNS = (
    "source_id",
    "submitted_at",
    "full_name",
    "date_of_birth",
    "gender",
    "phone",
    "national_id",
    "health_insurance_no",
    "province_code",
    "district_code",
    "commune_code",
    "street",
    "category",
    "description",
)
COLUMNS = (
    *PERSON_COLUMNS,
    *(f"dose{n}_{f}" for n in range(1, domain.MAX_DOSES + 1) for f in DOSE_FIELDS),
)
MAX_SOURCE_ID_LENGTH = 64
# Each dose's columns, by dose number, with the position of its first one in a row.
_DOSE_COLUMNS = {
    n: (COLUMNS.index(f"dose{n}_{DOSE_FIELDS[0]}"), [f"dose{n}_{f}" for f in DOSE_FIELDS])
    for n in range(1, domain.MAX_DOSES + 1)
}
_CAMPAIGN_START = datetime.combine(domain.CAMPAIGN_START, datetime.min.time(), LOCAL_ZONE)


@dataclass(frozen=True)
class BacklogComplaint:
    source_id: str
    submitted_at: datetime
    accepted: domain.Accepted


def check_header(header: list[str]) -> None:
    if [h.strip() for h in header] != list(COLUMNS):
        raise InvalidArgument.on("line[1]", f"the header must be {','.join(COLUMNS)}")


def _date(text: str, column: str, errors: Violations) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        errors.add(column, "must be a date YYYY-MM-DD")
        return None


def _instant(text: str, now: datetime, errors: Violations) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        errors.add("submitted_at", "must be an ISO 8601 date and time")
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_ZONE)
    if not _CAMPAIGN_START <= moment <= now:
        errors.add("submitted_at", "must lie between the campaign's start and now")
    return moment


# accept()'s field paths, as the export's columns.
_PATH = re.compile(r"(?:citizen\.(?:address\.)?)?(claimed_doses\[(\d+)\]\.)?(\w+)")


def _column(path: str, dose_columns: list[int]) -> str:
    match = _PATH.fullmatch(path)
    if match is None:
        return path
    if match.group(1):
        return f"dose{dose_columns[int(match.group(2))]}_{match.group(3)}"
    return "doses" if match.group(3) == "claimed_doses" else match.group(3)


def read_row(values: list[str], now: datetime, reference: domain.Reference) -> BacklogComplaint:
    """One row as an accepted complaint, or InvalidArgument naming the row's bad columns."""
    if len(values) != len(COLUMNS):
        raise InvalidArgument.on("row", f"must have {len(COLUMNS)} columns")
    row = dict(zip(COLUMNS, values, strict=True))
    errors = Violations()
    source_id = row["source_id"].strip()
    if not source_id or len(source_id) > MAX_SOURCE_ID_LENGTH:
        errors.add("source_id", f"is required, at most {MAX_SOURCE_ID_LENGTH} characters")
    submitted_at = _instant(row["submitted_at"].strip(), now, errors)
    doses, dose_columns = [], []
    for n, (first, columns) in _DOSE_COLUMNS.items():
        group = values[first : first + len(DOSE_FIELDS)]
        if not any(group):  # most rows claim fewer doses than there are column groups
            continue
        on, vaccine, lot, facility = (v.strip() for v in group)
        if on or vaccine or lot or facility:
            doses.append(domain.Dose(n, _date(on, columns[0], errors), vaccine, lot, facility))
            dose_columns.append(n)
    born = _date(row["date_of_birth"].strip(), "date_of_birth", errors)
    citizen = domain.Citizen(
        **{k: row[k] for k in ("full_name", "gender", "phone", "national_id")},
        date_of_birth=born,
        health_insurance_no=row["health_insurance_no"],
        province_code=row["province_code"],
        district_code=row["district_code"],
        commune_code=row["commune_code"],
        street=row["street"],
    )
    complaint = domain.Complaint(citizen, row["category"].strip(), tuple(doses), row["description"])
    try:
        accepted = domain.accept(complaint, now.astimezone(LOCAL_ZONE).date(), reference)
    except InvalidArgument as refused:
        for v in refused.violations:
            column = _column(v.field, dose_columns)
            # A date that did not parse is reported once, by its own check.
            if not any(e.field == column for e in errors.items):
                errors.add(column, v.description)
    errors.raise_if_any()
    return BacklogComplaint(source_id, submitted_at, accepted)
