"""Vietnam's administrative units as they were in 2021 (province → district → commune, with
their official codes), from the pre-2025 table that the `vietnamadminunits` package ships.
Loaded once per process; pure look-ups after that."""

import importlib.util
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROVINCE, DISTRICT, COMMUNE = "PROVINCE", "DISTRICT", "COMMUNE"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent_code: str  # "" for a province


class Units:
    def __init__(self, units: list[Unit]):
        self._by_code = {u.code: u for u in units}
        self._children: dict[str, list[Unit]] = {}
        for unit in units:
            self._children.setdefault(unit.parent_code, []).append(unit)
        for children in self._children.values():
            children.sort(key=lambda u: u.code)

    def get(self, code: str) -> Unit | None:
        return self._by_code.get(code)

    def children(self, parent_code: str = "") -> list[Unit]:
        """The units directly below `parent_code`; the provinces for ""."""
        return self._children.get(parent_code, [])

    def ancestors(self, code: str) -> list[str]:
        """The unit's own code and those above it, nearest first."""
        chain = []
        while unit := self._by_code.get(code):
            chain.append(unit.code)
            code = unit.parent_code
        return chain

    def within(self, code: str) -> list[str]:
        """The unit's own code and the codes of every unit below it."""
        found, pending = [], [code] if code in self._by_code else []
        while pending:
            current = pending.pop()
            found.append(current)
            pending.extend(u.code for u in self.children(current))
        return found

    def covers(self, outer: str, inner: str) -> bool:
        """Whether `inner` is `outer` or lies inside it."""
        return outer in self.ancestors(inner)


def _legacy_table() -> list[sqlite3.Row]:
    """The package's own SQLite file, found without importing the package: its import loads
    an address parser (numpy, shapely) that costs every process a second at start."""
    package = importlib.util.find_spec("vietnamadminunits").submodule_search_locations[0]
    conn = sqlite3.connect(f"file:{Path(package, 'data', 'dataset.db')}?mode=ro", uri=True)
    try:
        conn.row_factory = sqlite3.Row
        return conn.execute(
            "SELECT DISTINCT province, provinceCode, district, districtCode, ward, wardCode "
            "FROM admin_units_legacy"
        ).fetchall()
    finally:
        conn.close()


@cache
def units() -> Units:
    rows = _legacy_table()
    found: dict[str, Unit] = {}
    for r in rows:
        found.setdefault(r["provinceCode"], Unit(r["provinceCode"], r["province"], PROVINCE, ""))
        found.setdefault(
            r["districtCode"],
            Unit(r["districtCode"], r["district"], DISTRICT, r["provinceCode"]),
        )
        if r["wardCode"]:
            found.setdefault(
                r["wardCode"], Unit(r["wardCode"], r["ward"], COMMUNE, r["districtCode"])
            )
    return Units(list(found.values()))
