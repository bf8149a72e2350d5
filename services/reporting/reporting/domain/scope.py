"""Which units a report may be about: the province's own and those inside it. No I/O."""

from phananh_common.errors import Violations
from phananh_common.units import DISTRICT, Unit, units


def unit_of(
    code: str, province_code: str, violations: Violations, *, district: bool = False
) -> Unit | None:
    """The unit a request names (the province when it names none, unless a district is
    asked for); a violation, and None, for one outside the province or not a district."""
    code = code or ("" if district else province_code)
    unit = units().get(code)
    if unit is None or not units().covers(province_code, code):
        violations.add("unit_code", f"must be a unit of province {province_code}")
        return None
    if district and unit.level != DISTRICT:
        violations.add("unit_code", "must be a district")
        return None
    return unit
