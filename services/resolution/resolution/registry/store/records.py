"""The registry's records: read with their doses and certificate in force (the conditions
that select them below), and written back as a correction leaves them."""

import uuid
from dataclasses import replace
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from resolution.registry.domain.records import Certificate, Dose, Person, Record, name_key
from resolution.registry.store.tables import certificates, citizens, doses

PERSON_COLUMNS = tuple(Person.__dataclass_fields__)
_DOSE_COLUMNS = tuple(Dose.__dataclass_fields__)


async def load_records(
    conn: AsyncConnection, where, *, lock: bool = False, limit: int | None = None
) -> list[Record]:
    """The records that `where` selects, with their doses and certificate in force; `lock`
    holds them (FOR UPDATE) until the transaction ends."""
    query = select(citizens).where(where).order_by(citizens.c.citizen_id).limit(limit)
    if lock:
        query = query.with_for_update()
    rows = (await conn.execute(query)).all()
    ids = [r.citizen_id for r in rows]
    if not ids:
        return []
    by_citizen: dict[uuid.UUID, list[Dose]] = {i: [] for i in ids}
    dose_rows = await conn.execute(
        select(doses.c.citizen_id, *(doses.c[c] for c in _DOSE_COLUMNS))
        .where(doses.c.citizen_id.in_(ids))
        .order_by(doses.c.citizen_id, doses.c.vaccinated_on, doses.c.dose_number)
    )
    for d in dose_rows:
        by_citizen[d.citizen_id].append(Dose(*d[1:]))
    in_force = {
        c.citizen_id: Certificate(c.certificate_id, c.level, c.version)
        for c in await conn.execute(
            select(certificates).where(
                certificates.c.citizen_id.in_(ids), certificates.c.revoked_at.is_(None)
            )
        )
    }
    return [
        Record(
            citizen_id=r.citizen_id,
            person=Person(*(r._mapping[c] for c in PERSON_COLUMNS)),
            doses=tuple(by_citizen[r.citizen_id]),
            certificate=in_force.get(r.citizen_id),
            merged_into=r.merged_into,
        )
        for r in rows
    ]


def by_id(citizen_id: uuid.UUID):
    return citizens.c.citizen_id == citizen_id


def by_ids(citizen_ids: list[uuid.UUID]):
    return citizens.c.citizen_id.in_(citizen_ids)


def unmerged_with_national_id(national_id: str):
    """The records of this identity number still in use (not merged into another)."""
    return (citizens.c.national_id == national_id) & citizens.c.merged_into.is_(None)


async def with_one_record(conn: AsyncConnection, national_ids: set[str]) -> set[str]:
    """Those of the identity numbers that exactly one record still in use holds."""
    wanted = sorted(n for n in national_ids if n)
    if not wanted:
        return set()
    query = (
        select(citizens.c.national_id)
        .where(citizens.c.national_id.in_(wanted), citizens.c.merged_into.is_(None))
        .group_by(citizens.c.national_id)
        .having(func.count() == 1)
    )
    return set((await conn.execute(query)).scalars())


def by_national_id_or_phone(national_id: str, phone: str):
    """Records with this identity number or this phone (either may be empty)."""
    conditions = []
    if national_id:
        conditions.append(citizens.c.national_id == national_id)
    if phone:
        conditions.append(citizens.c.phone == phone)
    return or_(*conditions)


def by_claimant(national_id: str, phone: str, name_key: str, date_of_birth):
    """Records that share the identity number, the phone, or the folded name and birth date
    (each an index)."""
    conditions = [and_(citizens.c.name_key == name_key, citizens.c.date_of_birth == date_of_birth)]
    if national_id or phone:
        conditions.append(by_national_id_or_phone(national_id, phone))
    return or_(*conditions)


async def save_record(
    conn: AsyncConnection, before: Record | None, after: Record, level: str, now: datetime
) -> Record:
    """Writes the record as `after` holds it (a new one when `before` is None; the doses it
    no longer holds deleted, unless another record took them), re-issues the certificate
    when the level changed (new id and version, the old one revoked) and returns the record
    as saved."""
    person = vars(after.person) | {"name_key": name_key(after.person.full_name)}
    if before is None:
        await conn.execute(
            citizens.insert().values(citizen_id=after.citizen_id, updated_at=now, **person)
        )
    else:
        await conn.execute(
            citizens.update()
            .where(citizens.c.citizen_id == after.citizen_id)
            .values(merged_into=after.merged_into, updated_at=now, **person)
        )
    known = {d.dose_id: d for d in before.doses} if before else {}
    changed = [d for d in after.doses if known.get(d.dose_id) != d]
    if changed:
        rows = [{"citizen_id": after.citizen_id, **vars(d)} for d in changed]
        upsert = insert(doses).values(rows)
        await conn.execute(
            upsert.on_conflict_do_update(
                index_elements=["dose_id"],
                set_={c: upsert.excluded[c] for c in ("citizen_id", *_DOSE_COLUMNS[1:])},
            )
        )
    gone = set(known) - {d.dose_id for d in after.doses}
    if gone:
        await conn.execute(
            doses.delete().where(doses.c.dose_id.in_(gone), doses.c.citizen_id == after.citizen_id)
        )
    certificate = after.certificate
    if certificate is None or certificate.level != level:
        if certificate:
            await conn.execute(
                certificates.update()
                .where(certificates.c.certificate_id == certificate.certificate_id)
                .values(revoked_at=now)
            )
        if level:
            certificate = Certificate(
                uuid.uuid4(), level, certificate.version + 1 if certificate else 1
            )
            await conn.execute(
                certificates.insert().values(
                    citizen_id=after.citizen_id, issued_at=now, **vars(certificate)
                )
            )
        else:
            certificate = None
    return replace(after, certificate=certificate)
