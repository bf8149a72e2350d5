"""Valid complaints as citizens send them, each a different person: intake deduplicates the
same person and category, so identity numbers never repeat within one generator. Seeded, so
runs are repeatable."""

import random

from gateway.complaints import complaint_proto
from gateway.schemas import ComplaintIn

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Thị", "Văn", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Thu", "Quốc", "Kim"]
GIVEN = ["Hồng", "Minh", "Anh", "Hùng", "Lan", "Dũng", "Hương", "Tuấn", "Mai", "Phúc", "Yến"]
# Ranges of the large carriers (Viettel, Vinaphone, Mobifone); not every 0xx range is mobile.
MOBILE_PREFIXES = ["032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077",
                   "078", "079", "081", "082", "083", "084", "085", "086", "088", "090", "091",
                   "093", "094", "096", "097", "098"]  # fmt: skip
ADDRESS = {
    "province_code": "75",
    "district_code": "731",
    "commune_code": "25993",
    "street": "12 Phạm Văn Thuận",
}
CLAIMED_DOSES = [
    {"dose_number": 1, "vaccinated_on": "2021-08-01", "vaccine_code": "AZ"},
    {"dose_number": 2, "vaccinated_on": "2021-09-15", "vaccine_code": "AZ"},
]


class Complaints:
    def __init__(self, seed: int = 2021):
        self._rng = random.Random(seed)
        self._used_ids: set[str] = set()

    def _digits(self, count: int) -> str:
        return "".join(self._rng.choices("0123456789", k=count))

    def _national_id(self) -> str:
        while (national_id := "075" + self._digits(9)) in self._used_ids:
            pass
        self._used_ids.add(national_id)
        return national_id

    def json(self, **overrides) -> dict:
        """A body for `POST /api/v1/complaints`; `overrides` replace top-level fields."""
        rng = self._rng
        born = f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        body = {
            "citizen": {
                "full_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                "date_of_birth": born,
                "gender": rng.choice(["MALE", "FEMALE"]),
                "phone": rng.choice(MOBILE_PREFIXES) + self._digits(7),
                "national_id": self._national_id(),
                "address": dict(ADDRESS),
            },
            "category": "MISSING_DOSE",
            "claimed_doses": [dict(dose) for dose in CLAIMED_DOSES],
            "description": "Đã tiêm mũi 2 nhưng hệ thống chưa cập nhật.",
        }
        return body | overrides

    def message(self, **overrides):
        """The same complaint as the protobuf that the gateway sends to intake."""
        return complaint_proto(ComplaintIn(**self.json(**overrides)))

    def take(self, count: int) -> list[dict]:
        return [self.json() for _ in range(count)]
