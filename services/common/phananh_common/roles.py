"""Officers' roles and their units: plain names and a pure rule, for the domains (which import
no gRPC) as much as for the access interceptor."""

from phananh_common.tokens import Principal
from phananh_common.units import units

PROVINCE_ADMIN = "PROVINCE_ADMIN"
PROVINCE_OFFICER = "PROVINCE_OFFICER"
DISTRICT_ADMIN = "DISTRICT_ADMIN"
DISTRICT_OFFICER = "DISTRICT_OFFICER"
COMMUNE_OFFICER = "COMMUNE_OFFICER"
FACILITY_OFFICER = "FACILITY_OFFICER"
ROLES = (
    PROVINCE_ADMIN,
    PROVINCE_OFFICER,
    DISTRICT_ADMIN,
    DISTRICT_OFFICER,
    COMMUNE_OFFICER,
    FACILITY_OFFICER,
)
ADMINS = frozenset({PROVINCE_ADMIN, DISTRICT_ADMIN})
# Those who work cases: everyone but the facilities, which only re-check.
CASE_WORKERS = frozenset(set(ROLES) - {FACILITY_OFFICER})
PROVINCE_ROLES = frozenset({PROVINCE_ADMIN, PROVINCE_OFFICER})


def covers(principal: Principal, unit_code: str) -> bool:
    """Whether `unit_code` is the caller's unit or lies inside it (a facility's code covers
    only itself)."""
    return unit_code == principal.unit_code or units().covers(principal.unit_code, unit_code)
