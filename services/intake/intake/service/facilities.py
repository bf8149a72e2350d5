"""The vaccination facilities: a province admin's import (the facilities and their events in
one transaction), the list by district, and the reference a complaint's doses are checked
against. Reads run on a connection without a transaction: one statement each."""

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncEngine

from intake import domain
from intake.facilities import Facility, check_district, parse_facilities
from intake.service.events import facilities_imported
from intake.store import facilities
from phananh_common import outbox
from phananh_common.local_time import Clock
from phananh_common.units import units


class Facilities:
    def __init__(self, engine: AsyncEngine, province_code: str, clock: Clock):
        self._engine = engine
        # Reads without BEGIN and ROLLBACK, two round trips fewer: each is one statement.
        self._reads = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._province_code = province_code
        self._clock = clock

    async def import_csv(self, csv: bytes) -> int:
        """Adds the file's facilities, replacing those with the same code, and publishes
        their events (FacilitiesImported); how many there were."""
        found = parse_facilities(csv, self._province_code, units())
        events = facilities_imported(found, self._clock())
        async with self._engine.begin() as conn:
            await facilities.add_or_replace(conn, found)
            await outbox.publish(conn, "intake", events)
        return len(found)

    async def listed(self, district_code: str) -> list[Facility]:
        """Every facility, or those of a district of the province."""
        if district_code:
            check_district(district_code, self._province_code, units())
        async with self._reads.connect() as conn:
            return await facilities.listed(conn, district_code)

    async def reference(
        self, doses: Iterable[domain.Dose]
    ) -> tuple[domain.Reference, dict[str, Facility]]:
        """What a complaint naming these doses is checked against, and the facilities they
        name that exist."""
        codes = list({d.facility_code for d in doses if d.facility_code})
        named = {}
        if codes:
            async with self._reads.connect() as conn:
                named = await facilities.named(conn, codes)
        return domain.Reference(self._province_code, units(), named), named
