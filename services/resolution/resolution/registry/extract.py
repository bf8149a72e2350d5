"""The portal's registry extract: CSV, one row per dose, the rows of one citizen record
sharing `record_id` (a record without doses has one row with empty dose fields). Each row is
checked on its own here; what spans rows (a record's rows agree, dose numbers do not repeat,
a record id is new) is checked by the store on the whole file. Line numbers count the header
as line 1. No I/O."""

import re
from dataclasses import dataclass
from datetime import date

from phananh_common.errors import FieldViolation, InvalidArgument, Violations
from phananh_common.people import PHONE_FORMAT, normalise_phone
from phananh_common.units import COMMUNE, DISTRICT, Units
from phananh_common.vaccines import VACCINES
from resolution.registry.domain import GENDERS, name_key

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
DOSE_COLUMNS = HEADER[9:]
CAMPAIGN_START = date(2021, 3, 8)
OLDEST_BIRTH_DATE = date(1900, 1, 1)
MAX_NAME_LENGTH = 100
MAX_REPORTED = 100  # violations in one answer; the rest are counted
_RECORD_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_NATIONAL_ID = re.compile(r"[0-9]{12}|[0-9]{9}")
_CODE = re.compile(r"[A-Za-z0-9._-]{1,20}")
_LOT = re.compile(r"[A-Za-z0-9./-]{0,40}")


@dataclass(frozen=True)
class ExtractRow:
    """One checked row, in the staging table's column order (see STAGING_COLUMNS)."""

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


STAGING_COLUMNS = tuple(ExtractRow.__dataclass_fields__)


def check_header(header: list[str]) -> None:
    if [h.strip() for h in header] != HEADER:
        raise InvalidArgument.on("line[1]", f"the header must be {','.join(HEADER)}")


def _date(text: str, errors: Violations, field: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(field, "must be a date YYYY-MM-DD")
        return None


class RowChecker:
    """Checks rows of the extract against the province's units and today's date."""

    def __init__(self, province_code: str, units: Units, today: date):
        self._province = province_code
        self._units = units
        self._today = today

    def _check_place(self, values: dict, errors: Violations, at: str) -> None:
        if values["province_code"] != self._province:
            errors.add(f"{at}province_code", f"must be {self._province}")
        district = self._units.get(values["district_code"])
        if district is None or district.level != DISTRICT or district.parent_code != self._province:
            errors.add(f"{at}district_code", f"must be a district of province {self._province}")
        elif values["commune_code"]:
            commune = self._units.get(values["commune_code"])
            if commune is None or commune.level != COMMUNE or commune.parent_code != district.code:
                errors.add(f"{at}commune_code", "must be empty or a commune of that district")

    def _check_dose(self, values: dict, errors: Violations, at: str):
        if not any(values[c] for c in DOSE_COLUMNS):
            return None, None
        number = None
        if values["dose_number"] in ("1", "2", "3", "4"):
            number = int(values["dose_number"])
        else:
            errors.add(f"{at}dose_number", "must be 1 to 4")
        given = _date(values["vaccinated_on"], errors, f"{at}vaccinated_on")
        if given and not CAMPAIGN_START <= given <= self._today:
            errors.add(f"{at}vaccinated_on", "must lie between 2021-03-08 and today")
        if values["vaccine_code"] not in VACCINES:
            errors.add(f"{at}vaccine_code", f"must be one of {', '.join(VACCINES)}")
        if not _LOT.fullmatch(values["lot_number"]):
            errors.add(f"{at}lot_number", "must be at most 40 letters, digits, '.', '/' or '-'")
        if values["facility_code"] and not _CODE.fullmatch(values["facility_code"]):
            errors.add(f"{at}facility_code", "must be 1-20 letters, digits, '.', '_' or '-'")
        return number, given

    def row(self, line: int, cells: list[str]) -> ExtractRow:
        """The checked row, or InvalidArgument naming `line[N].column` for each bad value."""
        at = f"line[{line}]."
        if len(cells) != len(HEADER):
            raise InvalidArgument.on(f"line[{line}]", f"must have {len(HEADER)} columns")
        values = {c: v.strip() for c, v in zip(HEADER, cells, strict=True)}
        errors = Violations()
        if not _RECORD_ID.fullmatch(values["record_id"]):
            errors.add(f"{at}record_id", "must be 1-64 letters, digits, '.', '_', ':' or '-'")
        if not values["full_name"] or len(values["full_name"]) > MAX_NAME_LENGTH:
            errors.add(f"{at}full_name", f"is required, at most {MAX_NAME_LENGTH} characters")
        born = _date(values["date_of_birth"], errors, f"{at}date_of_birth")
        if born and not OLDEST_BIRTH_DATE <= born <= self._today:
            errors.add(f"{at}date_of_birth", "must lie between 1900-01-01 and today")
        if values["gender"] not in GENDERS:
            errors.add(f"{at}gender", f"must be one of {', '.join(GENDERS)}")
        phone = normalise_phone(values["phone"]) if values["phone"] else ""
        if phone is None:
            errors.add(f"{at}phone", f"is empty or {PHONE_FORMAT.removeprefix('must be ')}")
        if values["national_id"] and not _NATIONAL_ID.fullmatch(values["national_id"]):
            errors.add(f"{at}national_id", "must be empty, 9 or 12 digits")
        self._check_place(values, errors, at)
        number, given = self._check_dose(values, errors, at)
        errors.raise_if_any()
        return ExtractRow(
            line=line,
            record_id=values["record_id"],
            full_name=values["full_name"],
            name_key=name_key(values["full_name"]),
            date_of_birth=born,
            gender=values["gender"],
            phone=phone,
            national_id=values["national_id"],
            province_code=values["province_code"],
            district_code=values["district_code"],
            commune_code=values["commune_code"],
            dose_number=number,
            vaccinated_on=given,
            vaccine_code=values["vaccine_code"],
            lot_number=values["lot_number"],
            facility_code=values["facility_code"],
        )


def bounded(violations: list[FieldViolation]) -> list[FieldViolation]:
    """At most MAX_REPORTED violations, the rest counted."""
    if len(violations) <= MAX_REPORTED:
        return violations
    hidden = len(violations) - MAX_REPORTED
    return [*violations[:MAX_REPORTED], FieldViolation("csv", f"and {hidden} more errors")]
