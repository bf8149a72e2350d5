"""Writes `services/common/phananh_common/data/units_2021.csv`, the 2021 administrative units
(province → district → commune, official codes and names) that every process loads, from the
pre-2025 table that the `vietnamadminunits` package ships in its SQLite file.

Run once when the package's table changes (`python tools/units_2021.py`); the output is
committed, so the runtime needs neither the package nor the geometry packages it pulls in.
The file is read without importing the package (its import loads an address parser)."""

import csv
import importlib.util
import sqlite3
import sys
from pathlib import Path

OUTPUT = Path(__file__).parent.parent / "services/common/phananh_common/data/units_2021.csv"
QUERY = (
    "SELECT DISTINCT province, provinceCode, district, districtCode, ward, wardCode "
    "FROM admin_units_legacy"
)


def rows_of_package() -> list[tuple[str, str, str, str]]:
    """(code, name, level, parent code) of every unit, in code order."""
    package = importlib.util.find_spec("vietnamadminunits").submodule_search_locations[0]
    conn = sqlite3.connect(f"file:{Path(package, 'data', 'dataset.db')}?mode=ro", uri=True)
    try:
        table = conn.execute(QUERY).fetchall()
    finally:
        conn.close()
    found: dict[str, tuple[str, str, str, str]] = {}
    for province, province_code, district, district_code, ward, ward_code in table:
        found.setdefault(province_code, (province_code, province, "PROVINCE", ""))
        found.setdefault(district_code, (district_code, district, "DISTRICT", province_code))
        if ward_code:
            found.setdefault(ward_code, (ward_code, ward, "COMMUNE", district_code))
    return sorted(found.values(), key=lambda row: (len(row[0]), row[0]))


def write(rows: list[tuple[str, str, str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("code", "name", "level", "parent_code"))
        writer.writerows(rows)


def main() -> None:
    rows = rows_of_package()
    write(rows, OUTPUT)
    print(f"{len(rows)} units written to {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
