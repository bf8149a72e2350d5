"""A scripted week of complaints and case outcomes in district 731 (and a few elsewhere), as
the producers' events, and the figures a province officer should read from them.

Local times (UTC+7) are written in the comments; W40's period is 1–7 October 2021 and its
deadline Friday 8 October 10:00."""

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from google.protobuf.message import Message

from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh.events.v1.resolution_events_pb2 import CaseOutcome, CaseStatusChanged, OutcomeKind
from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_value, from_datetime
from phananh_common.units import units

SLA = timedelta(days=7)


def local(day: int, hour: int, month: int = 10) -> datetime:
    """`hour` o'clock on `day` October 2021 in Hồ Chí Minh City, as UTC."""
    return datetime(2021, month, day, hour, tzinfo=UTC) - timedelta(hours=7)


@dataclass
class Complaint:
    district: str
    commune: str
    submitted_at: datetime
    complaint_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    case_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    version: int = 0

    def submitted(self) -> ComplaintSubmitted:
        address = types_pb2.Address(
            province_code="75", district_code=self.district, commune_code=self.commune
        )
        return ComplaintSubmitted(
            complaint_id=self.complaint_id,
            tracking_code=f"PA{self.complaint_id[:8]}",
            complaint=types_pb2.Complaint(
                citizen=types_pb2.Citizen(address=address),
                category=types_pb2.COMPLAINT_CATEGORY_MISSING_DOSE,
            ),
            submitted_at=from_datetime(self.submitted_at),
        )

    def case(self, status: str, unit: str, at: datetime, reason: str = "") -> CaseStatusChanged:
        self.version += 1
        event = CaseStatusChanged(
            case_id=self.case_id,
            complaint_id=self.complaint_id,
            status=enum_value(types_pb2.CaseStatus, status),
            unit_code=unit,
            due_at=from_datetime(self.submitted_at + SLA),
            changed_at=from_datetime(at),
            version=self.version,
        )
        if status in ("RESOLVED", "REJECTED", "NEEDS_INFO", "DUPLICATE"):
            event.outcome.CopyFrom(
                CaseOutcome(
                    kind=enum_value(OutcomeKind, status),
                    reason_code=reason,
                    decided_at=from_datetime(at),
                )
            )
        return event


def script() -> list[tuple[str, Message]]:
    """(producer, event) in the order things happened."""
    c1 = Complaint("731", "25993", local(1, 9))
    c2 = Complaint("731", "25996", local(2, 9))
    c3 = Complaint("731", "25993", local(20, 9, month=9))
    c4 = Complaint("731", "25993", local(5, 9))
    c5 = Complaint("731", "25993", local(25, 9, month=9))
    c6 = Complaint("732", "26101", local(6, 9))
    c7 = Complaint("731", "25996", local(7, 9))  # no case yet: counts at its address district
    c8 = Complaint("731", "25993", local(3, 9))
    c9 = Complaint("731", "25993", local(4, 9))
    events = [("intake", c.submitted()) for c in (c1, c2, c3, c4, c5, c6, c7, c8, c9)]
    events += [
        ("resolution", c1.case("ASSIGNED", "25993", local(1, 10))),
        ("resolution", c1.case("RESOLVED", "25993", local(3, 9))),  # 48 h, on time
        ("resolution", c2.case("ASSIGNED", "731", local(2, 10))),
        ("resolution", c2.case("REJECTED", "731", local(4, 9), "PHOTO_UNREADABLE")),  # 48 h
        ("resolution", c3.case("ASSIGNED", "25993", local(20, 10, month=9))),
        ("resolution", c3.case("REJECTED", "25993", local(5, 9), "DOB_MISMATCH")),  # 360 h, late
        ("resolution", c4.case("ASSIGNED", "25993", local(5, 10))),
        ("resolution", c4.case("NEEDS_INFO", "25993", local(6, 9))),
        ("resolution", c5.case("ASSIGNED", "25993", local(25, 10, month=9))),  # due 2 Oct
        ("resolution", c6.case("ASSIGNED", "732", local(6, 10))),
        ("resolution", c8.case("ASSIGNED", "75", local(3, 10))),  # the province queue
        ("resolution", c9.case("ASSIGNED", "25993", local(4, 10))),
        ("resolution", c9.case("DUPLICATE", "25993", local(5, 9))),
    ]
    return events


def random_script(rng: random.Random, count: int, now: datetime) -> list[tuple[str, Message]]:
    """`count` complaints in districts 731 and 732 over the two months before `now`, held by a
    commune, the district or the province, most of them decided, some not yet routed; the
    events in random order."""
    events: list[tuple[str, Message]] = []
    outcomes = ["RESOLVED", "REJECTED", "DUPLICATE", "NEEDS_INFO", "ASSIGNED"]
    for _ in range(count):
        district = rng.choice(["731", "732"])
        commune = rng.choice(units().children(district)).code
        submitted = now - timedelta(minutes=rng.randrange(60 * 24 * 60))
        complaint = Complaint(district, commune, submitted)
        events.append(("intake", complaint.submitted()))
        if rng.random() < 0.1:
            continue
        unit = rng.choice([commune, district, "75"])
        events.append(("resolution", complaint.case("ASSIGNED", unit, submitted)))
        status, decided = (
            rng.choice(outcomes),
            submitted + timedelta(hours=rng.expovariate(1 / 120)),
        )
        if status != "ASSIGNED" and decided < now:
            reason = (
                rng.choice(["DOB_MISMATCH", "PHOTO_UNREADABLE"]) if status == "REJECTED" else ""
            )
            events.append(("resolution", complaint.case(status, unit, decided, reason)))
    rng.shuffle(events)
    return events


# District 731 for 1–7 October, as of Friday 8 October 09:00: received c1 c2 c4 c7 c9 (c3 and
# c5 came in September, c8 is held by the province); decided c1, c2, c3 (c3 late); open c4
# (waiting for the citizen), c5 (overdue since 2 October), c7.
DISTRICT_731_W40 = {
    "received": 5,
    "resolved": 1,
    "rejected": 2,
    "duplicate": 1,
    "needs_info": 1,
    "pending": 3,
    "overdue": 1,
    "on_time_rate": 0.6667,
    "rejection_reasons": {"DOB_MISMATCH": 1, "PHOTO_UNREADABLE": 1},
}
# Commune 25993 in the same week: c1, c4, c9 received; c1 resolved, c3 rejected, c9
# duplicate; c4 open (needs info) and c5 open and overdue.
COMMUNE_25993_W40 = {
    "received": 3,
    "resolved": 1,
    "rejected": 1,
    "duplicate": 1,
    "needs_info": 1,
    "pending": 2,
    "overdue": 1,
}
# The whole province, all time: all nine received; open c4 c5 c6 c7 c8.
PROVINCE_ALL_TIME = {"received": 9, "resolved": 1, "rejected": 2, "pending": 5, "overdue": 1}
