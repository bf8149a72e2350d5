"""Registry extracts as the portal exports them, for the tests of the registry and of cases."""

import csv
import io

from resolution.registry.domain.extract import HEADER

PERSON = {
    "full_name": "Nguyễn Thị Hồng",
    "date_of_birth": "1985-04-12",
    "gender": "FEMALE",
    "phone": "0912345678",
    "national_id": "075185000123",
    "province_code": "75",
    "district_code": "731",
    "commune_code": "25993",
}
NO_DOSE = {"dose_number": "", "vaccinated_on": "", "vaccine_code": "", "lot_number": ""}


def dose(number: int, on: str, vaccine: str = "AZ", facility: str = "F731001") -> dict:
    return {
        "dose_number": str(number),
        "vaccinated_on": on,
        "vaccine_code": vaccine,
        "lot_number": f"L{number}",
        "facility_code": facility,
    }


def extract(*records: tuple[str, dict, list[dict]]) -> bytes:
    """CSV of (record_id, person fields changed from PERSON, doses) records."""
    out = io.StringIO()
    writer = csv.DictWriter(out, HEADER, lineterminator="\n")
    writer.writeheader()
    for record_id, person, doses in records:
        for d in doses or [NO_DOSE | {"facility_code": ""}]:
            writer.writerow({"record_id": record_id, **PERSON, **person, **d})
    return out.getvalue().encode()


async def import_extract(http, admin: dict[str, str], data: bytes) -> dict[str, str]:
    """The imported records' citizen ids by record id."""
    reply = await http.post(
        "/api/v1/registry:import", content=data, headers={"content-type": "text/csv", **admin}
    )
    assert reply.status_code == 200, reply.text
    return reply.json()["citizen_ids"]
