"""IntakeService and the handler of resolution's events: protobuf ↔ domain mapping only."""

import hashlib
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from google.protobuf.json_format import MessageToDict
from sqlalchemy.ext.asyncio import AsyncConnection

from intake import domain, evidence, otp, rate_limits
from intake.config import IntakeSettings
from intake.facilities import Facility, parse_facilities
from intake.store import IntakeStore, KeyTaken, StoredComplaint
from phananh.events.v1.intake_events_pb2 import (
    ClaimedFacility,
    ComplaintSubmitted,
    ComplaintSupplemented,
    FacilitiesImported,
    ImportedFacility,
    OneTimeCodeRequested,
)
from phananh.events.v1.resolution_events_pb2 import CaseStatusChanged, OutcomeKind
from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh.types.v1 import types_pb2
from phananh_common import tracking_codes
from phananh_common.access import CASE_WORKERS, PROVINCE_ADMIN, PUBLIC, client_address, officers
from phananh_common.errors import AlreadyExists, InvalidArgument, NotFound
from phananh_common.local_time import LOCAL_ZONE, Clock, utc_now
from phananh_common.protoconv import (
    enum_name,
    enum_value,
    from_date,
    from_datetime,
    to_date,
    to_datetime,
)
from phananh_common.units import DISTRICT, units

NOT_FOUND = "no complaint with this tracking code and phone"
# Facilities one FacilitiesImported carries at most: a 2 MB import stays in small events.
FACILITIES_PER_EVENT = 1000

# Citizens need no account: they prove themselves with the tracking code and the phone, and
# come through the gateway alone (which says their address, for the limits per address).
ACCESS = {
    "SubmitComplaint": PUBLIC,
    "GetComplaintStatus": PUBLIC,
    "RequestOneTimeCode": PUBLIC,
    "AddEvidence": PUBLIC,
    "SupplementComplaint": PUBLIC,
    "ListFacilities": PUBLIC,
    "ImportFacilities": officers({PROVINCE_ADMIN}),
    # Officers read evidence through their case: resolution asks, with the officer's token,
    # once it has scoped the case to their unit.
    "GetEvidence": officers(CASE_WORKERS, via={"resolution"}),
    "ListEvidence": officers(CASE_WORKERS, via={"resolution"}),
}


def doses_from_proto(doses: Iterable[types_pb2.ClaimedDose]) -> tuple[domain.Dose, ...]:
    return tuple(
        domain.Dose(
            dose_number=d.dose_number,
            vaccinated_on=to_date(d.vaccinated_on),
            vaccine_code=d.vaccine_code,
            lot_number=d.lot_number,
            facility_code=d.facility_code,
        )
        for d in doses
    )


def doses_to_proto(doses: Iterable[domain.Dose]) -> list[types_pb2.ClaimedDose]:
    return [
        types_pb2.ClaimedDose(
            dose_number=d.dose_number,
            vaccinated_on=from_date(d.vaccinated_on),
            vaccine_code=d.vaccine_code,
            lot_number=d.lot_number,
            facility_code=d.facility_code,
        )
        for d in doses
    ]


def complaint_from_proto(message: types_pb2.Complaint) -> domain.Complaint:
    c, a = message.citizen, message.citizen.address
    return domain.Complaint(
        citizen=domain.Citizen(
            full_name=c.full_name,
            date_of_birth=to_date(c.date_of_birth),
            gender=enum_name(types_pb2.Gender, c.gender),
            phone=c.phone,
            national_id=c.national_id,
            health_insurance_no=c.health_insurance_no,
            province_code=a.province_code,
            district_code=a.district_code,
            commune_code=a.commune_code,
            street=a.street,
        ),
        category=enum_name(types_pb2.ComplaintCategory, message.category),
        claimed_doses=doses_from_proto(message.claimed_doses),
        description=message.description,
    )


def complaint_to_proto(complaint: domain.Complaint) -> types_pb2.Complaint:
    c = complaint.citizen
    return types_pb2.Complaint(
        citizen=types_pb2.Citizen(
            full_name=c.full_name,
            date_of_birth=from_date(c.date_of_birth),
            gender=enum_value(types_pb2.Gender, c.gender),
            phone=c.phone,
            national_id=c.national_id,
            health_insurance_no=c.health_insurance_no,
            address=types_pb2.Address(
                province_code=c.province_code,
                district_code=c.district_code,
                commune_code=c.commune_code,
                street=c.street,
            ),
        ),
        category=enum_value(types_pb2.ComplaintCategory, complaint.category),
        claimed_doses=doses_to_proto(complaint.claimed_doses),
        description=complaint.description,
    )


def facility_to_proto(f: Facility) -> intake_pb2.Facility:
    return intake_pb2.Facility(
        code=f.code, name=f.name, district_code=f.district_code, commune_code=f.commune_code
    )


def facilities_imported(found: list[Facility], at: datetime) -> list[FacilitiesImported]:
    """The events of an import, FACILITIES_PER_EVENT facilities each."""
    return [
        FacilitiesImported(
            facilities=[ImportedFacility(**vars(f)) for f in found[i : i + FACILITIES_PER_EVENT]],
            imported_at=from_datetime(at),
        )
        for i in range(0, len(found), FACILITIES_PER_EVENT)
    ]


def submission_event(
    accepted: domain.Accepted,
    named: dict[str, Facility],
    complaint_id: uuid.UUID,
    tracking_code: str,
    submitted_at: datetime,
    source_id: str = "",
) -> ComplaintSubmitted:
    """The event of an accepted complaint, submitted online or imported from the backlog."""
    return ComplaintSubmitted(
        complaint_id=str(complaint_id),
        tracking_code=tracking_code,
        complaint=complaint_to_proto(accepted.complaint),
        submitted_at=from_datetime(submitted_at),
        warnings=[types_pb2.Warning(code=w.code, message=w.message) for w in accepted.warnings],
        facilities=[
            ClaimedFacility(code=f.code, district_code=f.district_code, commune_code=f.commune_code)
            for f in (
                named[d.facility_code] for d in accepted.complaint.claimed_doses if d.facility_code
            )
        ],
        source_id=source_id,
    )


def complaint_row(
    accepted: domain.Accepted, event: ComplaintSubmitted, submitted_at: datetime, due_at: datetime
) -> dict:
    """The complaints row of an accepted complaint and its event."""
    return {
        "complaint_id": uuid.UUID(event.complaint_id),
        "tracking_code": event.tracking_code,
        "category": accepted.complaint.category,
        "person_key": accepted.person_key,
        "phone": accepted.complaint.citizen.phone,
        "complaint": event.complaint.SerializeToString(),
        "warnings": [MessageToDict(w) for w in event.warnings],
        "submitted_at": submitted_at,
        "due_at": due_at,
    }


def status_response(stored: StoredComplaint) -> intake_pb2.GetComplaintStatusResponse:
    reply = intake_pb2.GetComplaintStatusResponse(
        tracking_code=tracking_codes.shown(stored.tracking_code),
        status=enum_value(types_pb2.CaseStatus, stored.status),
        category=enum_value(types_pb2.ComplaintCategory, stored.category),
        submitted_at=from_datetime(stored.submitted_at),
        due_at=from_datetime(stored.due_at),
        certificate_level=enum_value(types_pb2.CertificateLevel, stored.certificate_level or ""),
    )
    if stored.outcome:
        o = stored.outcome
        reply.outcome.CopyFrom(
            intake_pb2.ComplaintOutcome(
                kind=enum_value(OutcomeKind, o["kind"]),
                reason_code=o["reason_code"],
                message=o["message"],
                decided_at=from_datetime(datetime.fromisoformat(o["decided_at"])),
            )
        )
    return reply


def _citizen_key(tracking_code: str, phone: str) -> tuple[str, str] | None:
    """The stored form of a citizen's code and phone; None when either cannot be one."""
    code = domain.parse_tracking_code(tracking_code)
    phone = domain.normalise_phone(phone)
    return (code, phone) if code and phone else None


class IntakeApi(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(
        self,
        store: IntakeStore,
        settings: IntakeSettings,
        clock: Clock = utc_now,
    ):
        self._store = store
        self._settings = settings
        self._units = units()
        self._clock = clock
        self._limits = rate_limits.AddressLimits.per_hour(
            settings.submissions_per_address,
            settings.additions_per_address,
            settings.failed_lookups_per_address,
        )

    async def _reference(self, doses: Iterable[domain.Dose]):
        named = await self._store.facilities_named(
            d.facility_code for d in doses if d.facility_code
        )
        return domain.Reference(self._settings.province_code, self._units, named), named

    def _today(self, now: datetime):
        return now.astimezone(LOCAL_ZONE).date()

    async def SubmitComplaint(self, request, context):  # noqa: N802 (gRPC's name)
        now = self._clock()
        key = request.idempotency_key
        domain.check_idempotency_key(key)
        address = client_address(request.client_address, context)
        fingerprint = hashlib.sha256(request.complaint.SerializeToString(deterministic=True))
        keys_expired_before = now - timedelta(hours=self._settings.idempotency_key_hours)
        # A repeat is found when its key is stored (KeyTaken, below); with codes required it
        # must be found first: the code it carries was used by the first request.
        if (
            key
            and self._settings.otp_required
            and (earlier := await self._store.earlier_submission(key, keys_expired_before))
        ):
            return _replay(earlier, fingerprint.digest())
        complaint = complaint_from_proto(request.complaint)
        reference, named = await self._reference(complaint.claimed_doses)
        accepted = domain.accept(complaint, self._today(now), reference)
        code_id = await self._verify_otp(accepted.complaint.citizen.phone, request.otp, now)
        complaint_id, tracking_code = uuid.uuid4(), domain.new_tracking_code()
        event = submission_event(accepted, named, complaint_id, tracking_code, now)
        row = complaint_row(accepted, event, now, self._settings.due_at(now))
        try:
            return await self._store.submit(
                row,
                event,
                respond=_submitted,
                idempotency_key=key,
                fingerprint=fingerprint.digest(),
                keys_expired_before=keys_expired_before,
                otp_code_id=code_id,
                client_address=address,
                limit=self._limits.submissions,
            )
        except KeyTaken:
            earlier = await self._store.earlier_submission(key, keys_expired_before)
            return _replay(earlier, fingerprint.digest())
        except LookupError:
            raise otp.refused("was used meanwhile: ask for a new one") from None

    async def _verify_otp(self, phone: str, typed: str, now: datetime) -> uuid.UUID | None:
        """The id of the phone's code when it matches (consumed with the submission); None
        when codes are not required."""
        if not self._settings.otp_required:
            return None
        typed = otp.typed_code(typed)
        tried = await self._store.try_newest_code(phone, otp.MAX_ATTEMPTS)
        otp.check(tried, typed, now)
        return tried.code_id

    async def _as_citizen(self, request, context, work, *, adding: bool = False):
        """What `work(conn, code, phone)` finds for the request's tracking code and phone,
        within the limits of its client address; NotFound when they match no complaint."""
        address = client_address(request.client_address, context)
        key = _citizen_key(request.tracking_code, request.phone)

        async def found(conn):
            return await work(conn, *key) if key else None

        result = await self._store.by_citizen(
            address, self._clock(), self._limits, found, adding=adding
        )
        if result is None:
            raise NotFound(NOT_FOUND)
        return result

    async def GetComplaintStatus(self, request, context):  # noqa: N802 (gRPC's name)
        return status_response(await self._as_citizen(request, context, IntakeStore.status))

    async def RequestOneTimeCode(self, request, context):  # noqa: N802 (gRPC's name)
        phone = domain.normalise_phone(request.phone)
        if phone is None:
            raise InvalidArgument.on(
                "phone", "must be a Vietnamese mobile number: 0xxxxxxxxx or +84xxxxxxxxx"
            )
        address = client_address(request.client_address, context)
        now = self._clock()
        code, salt = otp.new_code(), otp.new_salt()
        expires_at = now + otp.VALID_FOR
        await self._store.issue_code(
            {
                "code_id": uuid.uuid4(),
                "phone": phone,
                "client_address": address,
                "salt": salt,
                "digest": otp.digest(code, salt),
                "created_at": now,
                "expires_at": expires_at,
            },
            OneTimeCodeRequested(phone=phone, code=code, expires_at=from_datetime(expires_at)),
        )
        return intake_pb2.RequestOneTimeCodeResponse(expires_at=from_datetime(expires_at))

    async def AddEvidence(self, request, context):  # noqa: N802 (gRPC's name)
        content_type = evidence.content_type_of(request.content)
        now = self._clock()

        async def add(conn, code, phone):
            return await IntakeStore.add_evidence(
                conn, code, phone, evidence.check_may_add, content_type, request.content, now
            )

        evidence_id = await self._as_citizen(request, context, add, adding=True)
        return intake_pb2.AddEvidenceResponse(
            evidence_id=str(evidence_id),
            content_type=content_type,
            size_bytes=len(request.content),
        )

    async def GetEvidence(self, request, context):  # noqa: N802 (gRPC's name)
        try:
            evidence_id = uuid.UUID(request.evidence_id)
        except ValueError:
            raise InvalidArgument.on("evidence_id", "must be a UUID") from None
        found = await self._store.evidence(evidence_id)
        if found is None:
            raise NotFound("no evidence with this id")
        return intake_pb2.GetEvidenceResponse(
            evidence_id=str(found.evidence_id),
            complaint_id=str(found.complaint_id),
            tracking_code=tracking_codes.shown(found.tracking_code),
            content_type=found.content_type,
            content=found.content,
            added_at=from_datetime(found.added_at),
        )

    async def ListEvidence(self, request, context):  # noqa: N802 (gRPC's name)
        try:
            complaint_id = uuid.UUID(request.complaint_id)
        except ValueError:
            raise InvalidArgument.on("complaint_id", "must be a UUID") from None
        return intake_pb2.ListEvidenceResponse(
            evidence=[
                intake_pb2.EvidenceInfo(
                    evidence_id=str(e.evidence_id),
                    content_type=e.content_type,
                    size_bytes=e.size_bytes,
                    added_at=from_datetime(e.added_at),
                )
                for e in await self._store.evidence_of(complaint_id)
            ]
        )

    async def SupplementComplaint(self, request, context):  # noqa: N802 (gRPC's name)
        now = self._clock()
        supplement = domain.Supplement(
            description=request.description, claimed_doses=doses_from_proto(request.claimed_doses)
        )
        reference, _ = await self._reference(supplement.claimed_doses)
        supplement = domain.accept_supplement(supplement, self._today(now), reference)
        doses = doses_to_proto(supplement.claimed_doses)
        note = types_pb2.Complaint(description=supplement.description, claimed_doses=doses)

        async def add(conn, code, phone):
            def event(complaint_id: uuid.UUID) -> ComplaintSupplemented:
                return ComplaintSupplemented(
                    complaint_id=str(complaint_id),
                    tracking_code=code,
                    description=supplement.description,
                    claimed_doses=doses,
                    supplemented_at=from_datetime(now),
                )

            found = await IntakeStore.supplement(
                conn, code, phone, domain.check_may_supplement, event, note.SerializeToString(), now
            )
            return code if found else None

        code = await self._as_citizen(request, context, add, adding=True)
        return intake_pb2.SupplementComplaintResponse(
            tracking_code=tracking_codes.shown(code),
            status=types_pb2.CASE_STATUS_IN_REVIEW,
        )

    async def ImportFacilities(self, request, context):  # noqa: N802 (gRPC's name)
        found = parse_facilities(request.csv, self._settings.province_code, self._units)
        events = facilities_imported(found, self._clock())
        return intake_pb2.ImportFacilitiesResponse(
            imported=await self._store.import_facilities(found, events)
        )

    async def ListFacilities(self, request, context):  # noqa: N802 (gRPC's name)
        district = request.district_code
        unit = self._units.get(district)
        if district and (
            unit is None
            or unit.level != DISTRICT
            or unit.parent_code != self._settings.province_code
        ):
            raise InvalidArgument.on(
                "district_code", f"must be a district of province {self._settings.province_code}"
            )
        return intake_pb2.ListFacilitiesResponse(
            facilities=[facility_to_proto(f) for f in await self._store.list_facilities(district)]
        )


def _submitted(stored: StoredComplaint, deduplicated: bool) -> intake_pb2.SubmitComplaintResponse:
    return intake_pb2.SubmitComplaintResponse(
        tracking_code=tracking_codes.shown(stored.tracking_code),
        status=enum_value(types_pb2.CaseStatus, stored.status),
        submitted_at=from_datetime(stored.submitted_at),
        due_at=from_datetime(stored.due_at),
        warnings=[types_pb2.Warning(**w) for w in stored.warnings],
        deduplicated=deduplicated,
    )


def _replay(earlier: tuple[bytes, bytes], fingerprint: bytes):
    """The first answer given under an idempotency key, to a repeat of the same request."""
    earlier_fingerprint, response = earlier
    if earlier_fingerprint != fingerprint:
        raise AlreadyExists(
            "this Idempotency-Key was used for another complaint", reason="IDEMPOTENCY_KEY_REUSED"
        )
    return intake_pb2.SubmitComplaintResponse.FromString(response)


def _outcome(event: CaseStatusChanged) -> dict | None:
    if not event.HasField("outcome"):
        return None
    o = event.outcome
    kind = enum_name(OutcomeKind, o.kind)
    # A rejected citizen needs to know what to do next; the catalogue's advice says it.
    message = o.citizen_advice if kind == "REJECTED" and o.citizen_advice else o.message
    return {
        "kind": kind,
        "reason_code": o.reason_code,
        "message": message,
        "decided_at": to_datetime(o.decided_at).isoformat(),
    }


async def on_case_status_changed(
    conn: AsyncConnection, event: CaseStatusChanged, _envelope
) -> None:
    level = event.outcome.certificate_level if event.HasField("outcome") else 0
    await IntakeStore.apply_case_status(
        conn,
        uuid.UUID(event.complaint_id),
        enum_name(types_pb2.CaseStatus, event.status),
        event.unit_code,
        to_datetime(event.due_at),
        event.version,
        _outcome(event),
        enum_name(types_pb2.CertificateLevel, level) or None,
    )
