"""Which registry records lie inside an officer's unit, and what an officer sees of one that
does not. No I/O.

A record lies inside a unit when its address does (the commune, else the district), or when
one of its doses was given by a facility of the unit (the facility's commune, else its
district, from the directory intake publishes). For one record this function says it; for
lists, store.facilities.records_inside says the same in SQL."""

from collections.abc import Mapping
from dataclasses import dataclass

from phananh_common.access import covers
from phananh_common.tokens import Principal
from resolution.registry.domain.records import Record


@dataclass(frozen=True)
class Facility:
    code: str
    name: str
    district_code: str
    commune_code: str = ""

    @property
    def unit_code(self) -> str:
        """The smallest unit the facility belongs to."""
        return self.commune_code or self.district_code


def record_inside(principal: Principal, record: Record, facilities: Mapping[str, Facility]) -> bool:
    """Whether the record lies inside the caller's unit; `facilities` holds (at least) those
    that gave the record's doses, by code (one unknown to the directory places no dose)."""
    if covers(principal, record.unit_code):
        return True
    return any(
        covers(principal, facility.unit_code)
        for dose in record.doses
        if (facility := facilities.get(dose.facility_code))
    )


def dose_facility_codes(records: list[Record]) -> set[str]:
    """The facilities that gave the records' doses: those record_inside needs."""
    return {d.facility_code for r in records for d in r.doses if d.facility_code}


@dataclass(frozen=True)
class Glimpse:
    """What an officer sees of a record outside its unit: enough to tell it is probably the
    person, and which district may correct it; nothing to reach the person with."""

    citizen_id: str
    initials: str
    birth_year: int
    province_code: str
    district_code: str


def glimpse(record: Record) -> Glimpse:
    person = record.person
    return Glimpse(
        citizen_id=str(record.citizen_id),
        initials=initials(person.full_name),
        birth_year=person.date_of_birth.year,
        province_code=person.province_code,
        district_code=person.district_code,
    )


def initials(full_name: str) -> str:
    """The name's initials: "N. T. H." for "Nguyễn Thị Hồng"."""
    return " ".join(f"{word[0].upper()}." for word in full_name.split())
