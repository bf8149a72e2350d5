"""The complaint a case keeps as submitted (phananh.types.v1.Complaint, serialized), read here
alone into the values the use cases work with."""

from phananh.types.v1 import types_pb2
from phananh_common.protoconv import to_date
from resolution.cases.domain.corrections import AddDose
from resolution.cases.domain.differences import Claim
from resolution.registry.domain.matching import Claimant
from resolution.registry.domain.records import Person

Complaint = types_pb2.Complaint


def claimant(complaint: bytes) -> Claimant:
    """Who the complaint says the citizen is, as the registry's records are matched with."""
    citizen = Complaint.FromString(complaint).citizen
    return Claimant(
        citizen.full_name, to_date(citizen.date_of_birth), citizen.phone, citizen.national_id
    )


def person(complaint: bytes) -> Person:
    """The complaint's citizen as a new record would hold it (before the registry's checks)."""
    citizen = Complaint.FromString(complaint).citizen
    address = citizen.address
    return Person(
        full_name=citizen.full_name,
        date_of_birth=to_date(citizen.date_of_birth),
        gender=types_pb2.Gender.Name(citizen.gender).removeprefix("GENDER_"),
        phone=citizen.phone,
        national_id=citizen.national_id,
        province_code=address.province_code,
        district_code=address.district_code,
        commune_code=address.commune_code,
    )


def claimed_doses(complaint: bytes) -> list[AddDose]:
    """The doses the citizen says were given, as corrections that would add them."""
    return [
        AddDose(
            d.dose_number, to_date(d.vaccinated_on), d.vaccine_code, d.lot_number, d.facility_code
        )
        for d in Complaint.FromString(complaint).claimed_doses
    ]


def claim(complaint: bytes) -> Claim:
    """The person and the doses the complaint claims, as they compare with a record."""
    return Claim(person(complaint), tuple(claimed_doses(complaint)))
