"""The portal's registry extract: CSV, one row per dose, the rows of one citizen record
sharing `record_id` (a record without doses has one row with empty dose fields). Each row is
checked on its own here; what spans rows (a record's rows agree, dose numbers do not repeat,
a record id is new) is checked by the store on the whole file. Line numbers count the header
as line 1. A *plain* file is checked set-based instead (store.plain_extract). No I/O."""

import re
from datetime import date
from typing import NamedTuple

from phananh_common.errors import FieldViolation, InvalidArgument, Violations
from resolution.registry.domain.records import name_key
from resolution.registry.domain.rules import RecordRules

HEADER = [
    "record_id",
    "full_name",
    "date_of_birth",
    "gender",
    "phone",
    "national_id",
    "province_code",
    "district_code",
    "commune_code",
    "dose_number",
    "vaccinated_on",
    "vaccine_code",
    "lot_number",
    "facility_code",
]
PERSON_COLUMNS = HEADER[1:9]
DOSE_COLUMNS = HEADER[9:]
MAX_REPORTED = 100  # violations in one answer; the rest are counted
_RECORD_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


class ExtractRow(NamedTuple):
    """One checked row, in the staging table's column order (see STAGING_COLUMNS): a tuple, so
    that COPY takes it as it is."""

    line: int
    record_id: str
    full_name: str
    name_key: str
    date_of_birth: date
    gender: str
    phone: str
    national_id: str
    province_code: str
    district_code: str
    commune_code: str
    dose_number: int | None
    vaccinated_on: date | None
    vaccine_code: str
    lot_number: str
    facility_code: str


STAGING_COLUMNS = ExtractRow._fields


class NotPlain(Exception):
    """The file needs the csv module (a quote or a backslash in it)."""


def plain_header(line: bytes) -> bool:
    """Whether the first line is the header, written plainly (store.plain_extract)."""
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if not text.endswith("\n") or '"' in text or "\\" in text:
        return False
    return [h.strip() for h in text.rstrip("\r\n").split(",")] == HEADER


def check_header(header: list[str]) -> None:
    if [h.strip() for h in header] != HEADER:
        raise InvalidArgument.on("line[1]", f"the header must be {','.join(HEADER)}")


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class RowChecker:
    """Checks rows of the extract against the province's units and today's date."""

    def __init__(self, rules: RecordRules):
        self._rules = rules

    def row(self, line: int, cells: list[str]) -> ExtractRow:
        """The checked row, or InvalidArgument naming `line[N].column` for each bad value."""
        at = f"line[{line}]."
        if len(cells) != len(HEADER):
            raise InvalidArgument.on(f"line[{line}]", f"must have {len(HEADER)} columns")
        text = [v.strip() for v in cells]
        errors = Violations()
        if not _RECORD_ID.fullmatch(text[0]):
            errors.add(f"{at}record_id", "must be 1-64 letters, digits, '.', '_', ':' or '-'")
        person = dict(zip(PERSON_COLUMNS, text[1:9], strict=True))
        person["date_of_birth"] = _date(person["date_of_birth"])
        person = self._rules.person(person, errors, at, at)
        number, vaccinated_on, vaccine, lot, facility = text[9:]
        if number or vaccinated_on or vaccine or lot or facility:
            dose = {
                "dose_number": int(number) if number.isdigit() else None,
                "vaccinated_on": _date(vaccinated_on),
                "vaccine_code": vaccine,
                "lot_number": lot,
                "facility_code": facility,
            }
            self._rules.dose(dose, errors, at)
            number, vaccinated_on = dose["dose_number"], dose["vaccinated_on"]
        else:
            number = vaccinated_on = None
        errors.raise_if_any()
        return ExtractRow._make(
            (
                line,
                text[0],
                person["full_name"],
                name_key(person["full_name"]),
                person["date_of_birth"],
                person["gender"],
                person["phone"],
                person["national_id"],
                person["province_code"],
                person["district_code"],
                person["commune_code"],
                number,
                vaccinated_on,
                vaccine,
                lot,
                facility,
            )
        )


def bounded(violations: list[FieldViolation]) -> list[FieldViolation]:
    """At most MAX_REPORTED violations, the rest counted."""
    if len(violations) <= MAX_REPORTED:
        return violations
    hidden = len(violations) - MAX_REPORTED
    return [*violations[:MAX_REPORTED], FieldViolation("csv", f"and {hidden} more errors")]
