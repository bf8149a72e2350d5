"""Where a complaint goes: the unit whose team works its case. No I/O."""

from collections.abc import Sequence
from dataclasses import dataclass

from phananh_common.units import COMMUNE, DISTRICT, Units


@dataclass(frozen=True)
class Place:
    district_code: str
    commune_code: str = ""


@dataclass(frozen=True)
class ClaimedFacility:
    dose_number: int
    place: Place


def routed_place(
    facilities: Sequence[ClaimedFacility], address: Place, province_code: str, units: Units
) -> Place | None:
    """Where the complaint belongs: the district (and commune) of the facility that gave the
    latest claimed dose (the national rule routes by vaccination site), else of the citizen's
    address; None when neither lies in the province."""
    by_latest_dose = sorted(facilities, key=lambda f: -f.dose_number)
    for place in [f.place for f in by_latest_dose] + [address]:
        district = units.get(place.district_code)
        if district and district.level == DISTRICT and district.parent_code == province_code:
            commune = units.get(place.commune_code)
            inside = commune and commune.level == COMMUNE and commune.parent_code == district.code
            return Place(district.code, place.commune_code if inside else "")
    return None


def route(place: Place | None, province_code: str, commune_has_team: bool) -> str:
    """The unit whose team takes the case: the commune when it has an active team, else the
    district; the province queue when the complaint cannot be placed."""
    if place is None:
        return province_code
    if place.commune_code and commune_has_team:
        return place.commune_code
    return place.district_code
