"""Routing of a new complaint to the team that works it. No I/O."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    """What routing needs to know of a complaint."""

    address_district_code: str


def route(claim: Claim, province_code: str) -> str:
    """The unit whose team takes the case: the district of the citizen's address, else the
    province queue."""
    return claim.address_district_code or province_code
