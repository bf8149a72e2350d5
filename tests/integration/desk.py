"""An officer's desk for the tests of decisions and re-checks: resolution alone with a clock,
a small registry, complaints delivered as intake would, and readers of what it wrote."""

from contextlib import asynccontextmanager
from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from phananh.events.v1.envelope_pb2 import EventEnvelope
from phananh.resolution.v1 import resolution_pb2 as pb
from phananh_common.protoconv import from_date
from tests.factories import Complaints
from tests.harness import InProcessSystem, bearer, scalar
from tests.integration.cases import START, Clock, case_of, deliver, resolution_alone, stub
from tests.integration.cases import submitted as submitted_event
from tests.integration.registry import PERSON, dose, extract

NATIONAL_ID = PERSON["national_id"]


@asynccontextmanager
async def open_desk(database_urls, **settings_overrides):
    """Resolution with a registry of two records of one person (R1 holds dose 1, R2 dose 2)
    and a third, and a way to open cases."""
    system = InProcessSystem(database_urls, **settings_overrides)
    async with resolution_alone(system, Clock()) as channel:
        api = stub(channel)
        admin = bearer(system.token("PROVINCE_ADMIN", "75"))
        imported = await api.ImportRegistry(
            pb.ImportRegistryRequest(
                csv=extract(
                    ("R1", {}, [dose(1, "2021-08-01")]),
                    ("R2", {"national_id": "", "phone": ""}, [dose(2, "2021-09-15")]),
                    ("R3", {"national_id": "075199999999", "full_name": "Trần Bình"}, []),
                )
            ),
            metadata=admin,
        )
        yield Desk(system, channel, dict(imported.citizen_ids))


class Desk:
    def __init__(self, system, channel, ids):
        self.system, self.channel, self.ids = system, channel, ids
        self.api = stub(channel)
        self.officer = bearer(system.token("DISTRICT_OFFICER", "731", username="bienhoa.canbo"))
        self._complaints = Complaints(31)

    async def open(
        self, national_id=NATIONAL_ID, address=("731", "25993"), phone: str = ""
    ) -> tuple[str, object]:
        """(case id, event) of a new complaint, from `phone` when given (else a new one)."""
        citizen = dict(self._complaints.json()["citizen"], national_id=national_id)
        citizen["phone"] = phone or citizen["phone"]
        event = submitted_event(self._complaints, START, address, citizen=citizen)
        await deliver(self.system, "intake", event)
        return str(await case_of(self.system, event, "case_id")), event

    async def record(self, name: str) -> pb.RegistryCitizen:
        reply = await self.api.GetCitizen(
            pb.GetCitizenRequest(citizen_id=self.ids[name]),
            metadata=bearer(self.system.token("PROVINCE_OFFICER", "75")),
        )
        return reply.citizen

    async def sql(self, query: str, **params):
        return await scalar(self.system.database_urls["resolution"], query, **params)

    async def events(self, message_class) -> list:
        return await published(self.system.database_urls["resolution"], message_class)


async def published(database_url: str, message_class) -> list:
    """The events of this type in the service's outbox, oldest first."""
    engine = create_async_engine(database_url, pool_size=1)
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT envelope FROM outbox_events WHERE type = :t ORDER BY created_at"),
            {"t": message_class.DESCRIPTOR.full_name},
        )
        found = []
        for (raw,) in rows:
            message = message_class()
            EventEnvelope.FromString(raw).payload.Unpack(message)
            found.append(message)
    await engine.dispose()
    return found


def add_dose(number: int, on: str, vaccine: str = "PFIZER") -> pb.Correction:
    return pb.Correction(
        add_dose=pb.AddDose(
            dose_number=number,
            vaccinated_on=from_date(date.fromisoformat(on)),
            vaccine_code=vaccine,
            lot_number="FK1234",
            facility_code="F731001",
        )
    )
