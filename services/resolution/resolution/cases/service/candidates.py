"""A case's registry records as its reader may use them, in the caller's transaction: the
candidates, each inside the reader's unit or not (registry.domain.scope), and the refusal of
a correction that names a record outside it."""

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncConnection

from phananh_common.errors import FieldViolation, PermissionDenied
from phananh_common.tokens import Principal
from resolution.registry.domain import matching
from resolution.registry.domain.records import Record, name_key
from resolution.registry.domain.scope import dose_facility_codes, record_inside
from resolution.registry.store.facilities import facilities_named
from resolution.registry.store.records import by_claimant, load_records, unmerged_with_national_id

# Records a case shows at most as candidates.
MAX_CANDIDATES = 20
RECORD_OUTSIDE_UNIT = "RECORD_OUTSIDE_UNIT"


async def candidates(
    conn: AsyncConnection, principal: Principal, claimant: matching.Claimant
) -> list[matching.Candidate]:
    """The records that may be the complaint's person, strongest first, each marked inside
    the caller's unit or not."""
    records = await load_records(
        conn,
        by_claimant(
            claimant.national_id,
            claimant.phone,
            name_key(claimant.full_name),
            claimant.date_of_birth,
        ),
        limit=MAX_CANDIDATES,
    )
    named = await facilities_named(conn, dose_facility_codes(records))
    return matching.candidates(claimant, records, lambda r: record_inside(principal, r, named))


async def districts_outside(
    conn: AsyncConnection, principal: Principal, claimant: matching.Claimant
) -> set[str]:
    """The districts of the candidates outside the caller's unit: their teams may correct
    them, so the case may go there."""
    found = await candidates(conn, principal, claimant)
    return {c.record.person.district_code for c in found if not c.inside}


async def refuse_outside(
    conn: AsyncConnection, principal: Principal, targets: Mapping[str, Record]
) -> None:
    """Raises PERMISSION_DENIED naming each request field (the key) whose record lies
    outside the caller's unit."""
    records = list(targets.values())
    named = await facilities_named(conn, dose_facility_codes(records))
    outside = [
        FieldViolation(at, "lies outside your unit")
        for at, record in targets.items()
        if not record_inside(principal, record, named)
    ]
    if outside:
        raise PermissionDenied(
            "a record outside your unit may not be corrected: reassign the case to the"
            " record's district",
            reason=RECORD_OUTSIDE_UNIT,
            violations=outside,
        )


async def refuse_a_second_record_outside(
    conn: AsyncConnection, principal: Principal, national_id: str, at: int
) -> None:
    """A new record beside one with the same identity number outside the caller's unit would
    be a second record of a person the caller may not see: reassigned instead."""
    if not national_id:
        return
    for record in await load_records(conn, unmerged_with_national_id(national_id), limit=10):
        await refuse_outside(conn, principal, {f"corrections[{at}]": record})
