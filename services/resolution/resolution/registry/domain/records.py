"""The registry's rules: a citizen record, its doses and the certificate level they earn;
how names compare. No I/O."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from phananh_common.people import fold
from phananh_common.vaccines import VACCINES

NONE, PARTIAL, FULL, BOOSTED = "NONE", "PARTIAL", "FULL", "BOOSTED"
GENDERS = ("MALE", "FEMALE", "OTHER")


@dataclass(frozen=True)
class Person:
    full_name: str
    date_of_birth: date
    gender: str
    phone: str
    national_id: str
    province_code: str
    district_code: str
    commune_code: str


@dataclass(frozen=True)
class Dose:
    dose_id: uuid.UUID
    dose_number: int
    vaccinated_on: date
    vaccine_code: str
    lot_number: str = ""
    facility_code: str = ""


@dataclass(frozen=True)
class Certificate:
    certificate_id: uuid.UUID
    level: str
    version: int


@dataclass(frozen=True)
class Record:
    """A citizen record as it stands: the person, the doses, the certificate in force."""

    citizen_id: uuid.UUID
    person: Person
    doses: tuple[Dose, ...] = ()
    certificate: Certificate | None = None
    merged_into: uuid.UUID | None = None

    @property
    def unit_code(self) -> str:
        """The smallest unit the record belongs to (whose officers may look it up)."""
        return self.person.commune_code or self.person.district_code


def certificate_level(doses: Iterable[Dose]) -> str:
    """NONE, PARTIAL, FULL or BOOSTED from the doses, taken in the order they were given."""
    given = sorted(doses, key=lambda d: (d.vaccinated_on, d.dose_number))
    return course_level(tuple(d.vaccine_code for d in given))


@cache
def course_level(vaccine_codes: tuple[str, ...]) -> str:
    """The level of doses of these vaccines in this order; unknown vaccines do not count.
    (A registry has few distinct courses: the bulk import asks once for each.)

    Vietnam mixed vaccines (AstraZeneca then Pfizer was common), so the primary course is
    complete once it holds as many doses as the vaccine that started it needs, or as soon as
    a one-dose vaccine (Janssen) is given; every dose after that is a booster."""
    course_length = 0
    given = 0
    for code in vaccine_codes:
        vaccine = VACCINES.get(code)
        if vaccine is None:
            continue
        if given and given >= course_length:
            return BOOSTED
        given += 1
        course_length = course_length or vaccine.doses_for_full_course
        if vaccine.doses_for_full_course == 1:
            course_length = given
    if not given:
        return NONE
    return FULL if given >= course_length else PARTIAL


def name_key(full_name: str) -> str:
    """The name as records are compared (never stored in place of the name itself)."""
    return fold(full_name)
