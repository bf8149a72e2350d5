"""Vaccination facilities from a province admin's CSV (code,name,district_code,commune_code):
every line checked against the province's units, all or nothing. Line numbers count the
header as line 1. No I/O."""

import re
from dataclasses import dataclass

from phananh_common.csv_files import uploaded_rows
from phananh_common.errors import FieldViolation, InvalidArgument, Violations
from phananh_common.units import COMMUNE, DISTRICT, Unit, Units

HEADER = ["code", "name", "district_code", "commune_code"]
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_NAME_LENGTH = 200
MAX_REPORTED = 100  # violations in one answer; the rest are counted
_CODE = re.compile(r"[A-Za-z0-9._-]{1,20}")


@dataclass(frozen=True)
class Facility:
    code: str
    name: str
    district_code: str
    commune_code: str = ""


def _is_district_of(unit: Unit | None, province_code: str) -> bool:
    return unit is not None and unit.level == DISTRICT and unit.parent_code == province_code


def check_district(district_code: str, province_code: str, units: Units) -> None:
    """A district of the province, or InvalidArgument on district_code."""
    if not _is_district_of(units.get(district_code), province_code):
        raise InvalidArgument.on("district_code", f"must be a district of province {province_code}")


def check_facility(facility: Facility, province_code: str, units: Units, errors, prefix: str):
    if not _CODE.fullmatch(facility.code):
        errors.add(f"{prefix}code", "must be 1-20 letters, digits, '.', '_' or '-'")
    if not facility.name or len(facility.name) > MAX_NAME_LENGTH:
        errors.add(f"{prefix}name", f"is required, at most {MAX_NAME_LENGTH} characters")
    district = units.get(facility.district_code)
    if not _is_district_of(district, province_code):
        errors.add(f"{prefix}district_code", f"must be a district of province {province_code}")
    elif facility.commune_code:
        commune = units.get(facility.commune_code)
        if commune is None or commune.level != COMMUNE or commune.parent_code != district.code:
            errors.add(f"{prefix}commune_code", "must be empty or a commune of that district")


def parse_facilities(data: bytes, province_code: str, units: Units) -> list[Facility]:
    """The facilities of the file, or InvalidArgument naming `line[N].column` for each bad
    value (N counts the header as 1)."""
    if len(data) > MAX_CSV_BYTES:
        raise InvalidArgument.on("csv", f"must be at most {MAX_CSV_BYTES} bytes")
    reader = uploaded_rows(data)
    header = [h.strip() for h in next(reader, [])]
    if header != HEADER:
        raise InvalidArgument.on("line[1]", f"the header must be {','.join(HEADER)}")
    errors, found, first_line_of = Violations(), [], {}
    line = reader.line_num + 1
    for row in reader:
        if row:
            prefix = f"line[{line}]."
            if len(row) != len(HEADER):
                errors.add(f"line[{line}]", f"must have {len(HEADER)} columns")
            else:
                facility = Facility(*(value.strip() for value in row))
                check_facility(facility, province_code, units, errors, prefix)
                if facility.code in first_line_of:
                    errors.add(f"{prefix}code", f"repeats line {first_line_of[facility.code]}")
                first_line_of.setdefault(facility.code, line)
                found.append(facility)
        line = reader.line_num + 1
    if len(errors.items) > MAX_REPORTED:
        hidden = len(errors.items) - MAX_REPORTED
        errors.items[MAX_REPORTED:] = [FieldViolation("csv", f"and {hidden} more errors")]
    errors.raise_if_any()
    if not found:
        raise InvalidArgument.on("csv", "has no facility after the header")
    return found
