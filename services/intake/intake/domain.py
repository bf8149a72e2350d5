"""The citizen's complaint: what is accepted, what is refused and why, what the officer is
warned about, who is "the same person", tracking codes, and the status the citizen reads
(projected from resolution's case changes). No I/O."""

import itertools
import re
import secrets
import unicodedata
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from phananh_common.errors import FailedPrecondition, InvalidArgument, Violations
from phananh_common.people import PHONE_FORMAT, fold, normalise_phone
from phananh_common.units import COMMUNE, DISTRICT, Units
from phananh_common.vaccines import VACCINES

CAMPAIGN_START = date(2021, 3, 8)
OLDEST_BIRTH_DATE = date(1900, 1, 1)
ID_CARD_AGE = 14  # minors below it have no CCCD, so the identity number is optional
MAX_NAME_LENGTH = 100
MAX_DESCRIPTION_LENGTH = 2000
MAX_STREET_LENGTH = 200
MAX_DOSES = 4
GENDERS = ("MALE", "FEMALE", "OTHER")
CATEGORIES = ("MISSING_DOSE", "WRONG_DOSE_INFO", "WRONG_PERSONAL_INFO", "SPLIT_RECORD", "OTHER")

# Crockford's base32 without the letters a person confuses (I, L, O, U).
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 10  # 50 bits of randomness, read over the phone as two groups of five


@dataclass(frozen=True)
class Dose:
    dose_number: int
    vaccinated_on: date | None
    vaccine_code: str
    lot_number: str = ""
    facility_code: str = ""


@dataclass(frozen=True)
class Citizen:
    full_name: str
    date_of_birth: date | None
    gender: str
    phone: str
    national_id: str = ""
    health_insurance_no: str = ""
    province_code: str = ""
    district_code: str = ""
    commune_code: str = ""
    street: str = ""


@dataclass(frozen=True)
class Complaint:
    citizen: Citizen
    category: str
    claimed_doses: tuple[Dose, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Reference:
    """What a complaint is checked against: the province this installation serves, the
    administrative units, and the facility codes that exist (of those the complaint names)."""

    province_code: str
    units: Units
    facility_codes: Collection[str]


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


@dataclass(frozen=True)
class Accepted:
    """A complaint that passed every check: the phone in E.164, text trimmed, and the
    findings the officer should see."""

    complaint: Complaint
    person_key: str
    warnings: tuple[Warning, ...] = field(default_factory=tuple)


def person_key(citizen: Citizen) -> str:
    """Who "the same person" is for deduplication: the identity number when given, else the
    folded name, birth date and phone together. A repeat joins the person's open complaint of
    the category only from that complaint's phone: anyone who knows an identity number may
    send one, so from another phone it is a new complaint, marked for the officers as a
    possible repeat."""
    if citizen.national_id:
        return f"id:{citizen.national_id}"
    born = citizen.date_of_birth.isoformat() if citizen.date_of_birth else ""
    return f"np:{fold(citizen.full_name)}|{born}|{citizen.phone}"


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _check_address(citizen: Citizen, reference: Reference, errors: Violations) -> None:
    """The province this installation serves, one of its districts, a commune of that
    district: a unit's code alone is not enough, it must lie inside the one above."""
    province = reference.province_code
    if citizen.province_code != province:
        errors.add("citizen.address.province_code", f"must be {province}: the province served")
    district = reference.units.get(citizen.district_code)
    if district is None or district.level != DISTRICT or district.parent_code != province:
        errors.add(
            "citizen.address.district_code",
            f"must be the code of a district of province {province}",
        )
        return
    commune = reference.units.get(citizen.commune_code)
    if commune is None or commune.level != COMMUNE or commune.parent_code != district.code:
        errors.add(
            "citizen.address.commune_code", "must be the code of a commune of the district given"
        )


def _check_citizen(citizen: Citizen, today: date, errors: Violations) -> str:
    name = citizen.full_name
    if not name:
        errors.add("citizen.full_name", "is required")
    elif len(name) > MAX_NAME_LENGTH:
        errors.add("citizen.full_name", f"must be at most {MAX_NAME_LENGTH} characters")
    elif not all(c.isalpha() or c in " '-." for c in name):
        errors.add("citizen.full_name", "may contain only letters, spaces and ' - .")
    born = citizen.date_of_birth
    if born is None:
        errors.add("citizen.date_of_birth", "is required, as a real date YYYY-MM-DD")
    elif born > today:
        errors.add("citizen.date_of_birth", "must not be in the future")
    elif born < OLDEST_BIRTH_DATE:
        errors.add("citizen.date_of_birth", f"must not be before {OLDEST_BIRTH_DATE.isoformat()}")
    if citizen.gender not in GENDERS:
        errors.add("citizen.gender", f"must be one of {', '.join(GENDERS)}")
    phone = normalise_phone(citizen.phone) if citizen.phone.strip() else None
    if not citizen.phone.strip():
        errors.add("citizen.phone", "is required")
    elif phone is None:
        errors.add("citizen.phone", PHONE_FORMAT)
    national_id = citizen.national_id
    if national_id and not re.fullmatch(r"[0-9]{12}|[0-9]{9}", national_id):
        errors.add("citizen.national_id", "must be a 12-digit citizen ID or a 9-digit ID")
    elif not national_id and born and born <= today and _age_on(born, today) >= ID_CARD_AGE:
        errors.add("citizen.national_id", f"is required from the age of {ID_CARD_AGE}")
    if len(citizen.health_insurance_no) > 20:
        errors.add("citizen.health_insurance_no", "must be at most 20 characters")
    if len(citizen.street) > MAX_STREET_LENGTH:
        errors.add("citizen.address.street", f"must be at most {MAX_STREET_LENGTH} characters")
    return phone or ""


def _check_doses(
    doses: tuple[Dose, ...], today: date, facility_codes: Collection[str], errors: Violations
) -> list[Warning]:
    warnings: list[Warning] = []
    if len(doses) > MAX_DOSES:
        errors.add("claimed_doses", f"at most {MAX_DOSES} doses")
        return warnings
    seen: set[int] = set()
    for i, dose in enumerate(doses):
        path = f"claimed_doses[{i}]"
        if not 1 <= dose.dose_number <= MAX_DOSES:
            errors.add(f"{path}.dose_number", f"must be between 1 and {MAX_DOSES}")
        elif dose.dose_number in seen:
            errors.add(f"{path}.dose_number", "appears twice")
        seen.add(dose.dose_number)
        if dose.vaccinated_on is None:
            errors.add(f"{path}.vaccinated_on", "is required, as a real date YYYY-MM-DD")
        elif dose.vaccinated_on > today:
            errors.add(f"{path}.vaccinated_on", "must not be in the future")
        elif dose.vaccinated_on < CAMPAIGN_START:
            errors.add(
                f"{path}.vaccinated_on",
                f"must not be before the campaign began ({CAMPAIGN_START.isoformat()})",
            )
        if dose.vaccine_code not in VACCINES:
            errors.add(f"{path}.vaccine_code", f"must be one of {', '.join(VACCINES)}")
        if len(dose.lot_number) > 40:
            errors.add(f"{path}.lot_number", "must be at most 40 characters")
        if dose.facility_code and dose.facility_code not in facility_codes:
            errors.add(f"{path}.facility_code", "is not a known vaccination facility")
    dated = sorted((d for d in doses if d.vaccinated_on), key=lambda d: d.dose_number)
    for earlier, later in itertools.pairwise(dated):
        if later.vaccinated_on < earlier.vaccinated_on:
            index = doses.index(later)
            errors.add(
                f"claimed_doses[{index}].vaccinated_on",
                f"dose {later.dose_number} cannot be before dose {earlier.dose_number}",
            )
        elif later.vaccine_code in VACCINES:
            minimum = VACCINES[later.vaccine_code].min_days_between_doses
            if (later.vaccinated_on - earlier.vaccinated_on).days < minimum:
                warnings.append(
                    Warning(
                        "SHORT_INTERVAL",
                        f"dose {later.dose_number} came less than {minimum} days after "
                        f"dose {earlier.dose_number}",
                    )
                )
    return warnings


def _clean(text: str) -> str:
    """Composed Unicode (NFC: Vietnamese typed as "tổ hợp" becomes "dựng sẵn"), trimmed."""
    return unicodedata.normalize("NFC", text).strip()


def _cleaned(complaint: Complaint) -> Complaint:
    # Built, not replace()d: replace() inspects the fields at every call, a bulk import's
    # hundred thousand times.
    c = complaint.citizen
    citizen = Citizen(
        full_name=" ".join(_clean(c.full_name).split()),
        date_of_birth=c.date_of_birth,
        gender=c.gender,
        phone=c.phone.strip(),
        national_id=c.national_id.strip(),
        health_insurance_no=c.health_insurance_no.strip(),
        province_code=c.province_code.strip(),
        district_code=c.district_code.strip(),
        commune_code=c.commune_code.strip(),
        street=_clean(c.street),
    )
    return Complaint(
        citizen, complaint.category, complaint.claimed_doses, _clean(complaint.description)
    )


def _check_description(description: str, errors: Violations) -> None:
    if len(description) > MAX_DESCRIPTION_LENGTH:
        errors.add("description", f"must be at most {MAX_DESCRIPTION_LENGTH} characters")


def accept(complaint: Complaint, today: date, reference: Reference) -> Accepted:
    """Checks every field; raises InvalidArgument naming each bad one, or returns the
    normalised complaint (composed Unicode, trimmed, phone in E.164) with its warnings."""
    complaint = _cleaned(complaint)
    errors = Violations()
    phone = _check_citizen(complaint.citizen, today, errors)
    _check_address(complaint.citizen, reference, errors)
    if complaint.category not in CATEGORIES:
        errors.add("category", f"must be one of {', '.join(CATEGORIES)}")
    warnings = _check_doses(complaint.claimed_doses, today, reference.facility_codes, errors)
    if complaint.category == "MISSING_DOSE" and not complaint.claimed_doses:
        errors.add("claimed_doses", "name at least one dose for a missing-dose complaint")
    _check_description(complaint.description, errors)
    errors.raise_if_any()

    citizen = replace(complaint.citizen, phone=phone)
    if fold(citizen.full_name) == citizen.full_name.lower():
        warnings.insert(0, Warning("NAME_WITHOUT_DIACRITICS", "the name has no diacritics"))
    return Accepted(replace(complaint, citizen=citizen), person_key(citizen), tuple(warnings))


@dataclass(frozen=True)
class Supplement:
    description: str
    claimed_doses: tuple[Dose, ...] = ()


def accept_supplement(supplement: Supplement, today: date, reference: Reference) -> Supplement:
    """What the citizen adds when asked: the same checks as at submission, and something to
    add (a description or a dose)."""
    supplement = replace(supplement, description=_clean(supplement.description))
    errors = Violations()
    _check_doses(supplement.claimed_doses, today, reference.facility_codes, errors)
    _check_description(supplement.description, errors)
    if not supplement.description and not supplement.claimed_doses:
        errors.add("description", "is required when no dose is added")
    errors.raise_if_any()
    return supplement


def check_may_supplement(status: str) -> None:
    if status != "NEEDS_INFO":
        raise FailedPrecondition(
            "the team has not asked for more information", reason="SUPPLEMENT_NOT_REQUESTED"
        )


# What a client may send as Idempotency-Key: a UUID or any token of this shape.
_IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._:-]{8,128}")


def check_idempotency_key(key: str) -> None:
    if key and not _IDEMPOTENCY_KEY.fullmatch(key):
        raise InvalidArgument.on("idempotency_key", "must be 8-128 letters, digits or . _ : -")


def new_tracking_code() -> str:
    # One draw of 50 random bits, five per character (drawing each character on its own cost
    # a fifth of a bulk import's time).
    bits = secrets.randbits(5 * TRACKING_LENGTH)
    return "".join(
        TRACKING_ALPHABET[(bits >> (5 * i)) & 31] for i in range(TRACKING_LENGTH - 1, -1, -1)
    )


def parse_tracking_code(text: str) -> str | None:
    """What a citizen types, read leniently: case, spaces and hyphens ignored, O read as 0 and
    I or L as 1. None when it cannot be a code."""
    cleaned = text.upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(cleaned) != TRACKING_LENGTH or any(c not in TRACKING_ALPHABET for c in cleaned):
        return None
    return cleaned


@dataclass(frozen=True)
class StoredComplaint:
    """A complaint as the citizen's lookups and a repeated submission find it."""

    complaint_id: uuid.UUID
    tracking_code: str
    category: str
    phone: str
    status: str
    submitted_at: datetime
    due_at: datetime
    warnings: tuple[Warning, ...]
    # The latest decision as the citizen reads it (Decision.as_told).
    outcome: dict | None
    certificate_level: str | None


@dataclass(frozen=True)
class Decision:
    """A case's latest decision, as resolution's CaseStatusChanged tells it."""

    kind: str
    reason_code: str
    message: str
    citizen_advice: str
    decided_at: datetime

    def as_told(self) -> dict:
        """What the citizen reads: the officer's message to the citizen (never the internal
        note: resolution never sends it); a rejected citizen also needs to know what to do
        next, and the catalogue's advice says it."""
        advice = self.citizen_advice if self.kind == "REJECTED" else ""
        return {
            "kind": self.kind,
            "reason_code": self.reason_code,
            "message": " ".join(part for part in (self.message, advice) if part),
            "decided_at": self.decided_at.isoformat(),
        }


@dataclass(frozen=True)
class CaseChange:
    """A change of the complaint's case in resolution; `version` orders them."""

    complaint_id: uuid.UUID
    status: str
    unit_code: str
    due_at: datetime
    version: int
    decision: Decision | None
    certificate_level: str | None
    changed_at: datetime

    @property
    def outcome(self) -> dict | None:
        """StoredComplaint.outcome after the change."""
        return self.decision.as_told() if self.decision else None
