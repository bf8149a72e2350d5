"""The checks of a person's and a dose's values, the same for the portal's extract and for
an approval's corrections. Only the values given are checked (a correction changes some);
each problem is named `<at><field>`. No I/O."""

import re
from datetime import date

from phananh_common.errors import Violations
from phananh_common.people import normalise_phone
from phananh_common.units import COMMUNE, DISTRICT, Units
from phananh_common.vaccines import VACCINES
from resolution.registry.domain.records import GENDERS

CAMPAIGN_START = date(2021, 3, 8)
OLDEST_BIRTH_DATE = date(1900, 1, 1)
MAX_NAME_LENGTH = 100
_NATIONAL_ID = re.compile(r"[0-9]{12}|[0-9]{9}")
_CODE = re.compile(r"[A-Za-z0-9._-]{1,20}")
_LOT = re.compile(r"[A-Za-z0-9./-]{0,40}")


class RecordRules:
    def __init__(self, province_code: str, units: Units, today: date):
        self.province_code = province_code
        self._units = units
        self._today = today

    @property
    def today(self) -> date:
        return self._today

    def places(self) -> list[tuple[str, str]]:
        """Every (district, commune) an address of the province may name; the commune empty
        for none."""
        found = []
        for district in self._units.children(self.province_code):
            if district.level != DISTRICT:
                continue
            found.append((district.code, ""))
            found.extend(
                (district.code, c.code)
                for c in self._units.children(district.code)
                if c.level == COMMUNE
            )
        return found

    def dose(self, values: dict, errors: Violations, at: str) -> None:
        if "dose_number" in values and values["dose_number"] not in (1, 2, 3, 4):
            errors.add(f"{at}dose_number", "must be 1 to 4")
        if "vaccinated_on" in values:
            given = values["vaccinated_on"]
            if given is None or not CAMPAIGN_START <= given <= self._today:
                errors.add(f"{at}vaccinated_on", "must be a date between 2021-03-08 and today")
        if "vaccine_code" in values and values["vaccine_code"] not in VACCINES:
            errors.add(f"{at}vaccine_code", f"must be one of {', '.join(VACCINES)}")
        if "lot_number" in values and not _LOT.fullmatch(values["lot_number"]):
            errors.add(f"{at}lot_number", "must be at most 40 letters, digits, '.', '/' or '-'")
        facility = values.get("facility_code", "")
        if facility and not _CODE.fullmatch(facility):
            errors.add(f"{at}facility_code", "must be 1-20 letters, digits, '.', '_' or '-'")

    def person(self, values: dict, errors: Violations, at: str, address_at: str) -> dict:
        """The values with the phone in E.164 (empty: none)."""
        values = dict(values)
        if "full_name" in values and not 0 < len(values["full_name"]) <= MAX_NAME_LENGTH:
            errors.add(f"{at}full_name", f"is required, at most {MAX_NAME_LENGTH} characters")
        if "date_of_birth" in values:
            born = values["date_of_birth"]
            if born is None or not OLDEST_BIRTH_DATE <= born <= self._today:
                errors.add(f"{at}date_of_birth", "must be a date between 1900-01-01 and today")
        if "gender" in values and values["gender"] not in GENDERS:
            errors.add(f"{at}gender", f"must be one of {', '.join(GENDERS)}")
        if values.get("phone"):
            phone = normalise_phone(values["phone"])
            if phone is None:
                errors.add(f"{at}phone", "must be empty or a Vietnamese mobile number")
            values["phone"] = phone or ""
        if values.get("national_id") and not _NATIONAL_ID.fullmatch(values["national_id"]):
            errors.add(f"{at}national_id", "must be empty, 9 or 12 digits")
        if "district_code" in values:
            self._address(values, errors, address_at)
        return values

    def _address(self, values: dict, errors: Violations, at: str) -> None:
        if values["province_code"] != self.province_code:
            errors.add(f"{at}province_code", f"must be {self.province_code}")
            return
        district = self._units.get(values["district_code"])
        if (
            district is None
            or district.level != DISTRICT
            or district.parent_code != self.province_code
        ):
            errors.add(f"{at}district_code", f"must be a district of province {self.province_code}")
        elif values["commune_code"]:
            commune = self._units.get(values["commune_code"])
            if commune is None or commune.level != COMMUNE or commune.parent_code != district.code:
                errors.add(f"{at}commune_code", "must be empty or a commune of that district")
