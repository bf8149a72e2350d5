"""An evidence file's checks as officers read them (intake's EvidenceChecks through the case):
the sharpness measured at the upload, and the fields OCR read beside the complaint's claim."""

from typing import Literal

from pydantic import BaseModel

from phananh.types.v1 import types_pb2
from phananh_common.protoconv import enum_name

CheckStatus = Literal["PENDING", "DONE", "FAILED"]
DocumentKind = Literal["VACCINATION_CERTIFICATE", "SCREENING_FORM", "UNKNOWN"]


class FieldCheckOut(BaseModel):
    # null: not found on the paper (then `agrees` is null too).
    read: str | None
    claimed: str | None
    agrees: bool | None


class DoseCheckOut(BaseModel):
    """A dose as printed (null where not printed or not read) beside the claim's dose of the
    same number; `differing` names the printed fields the claim has otherwise."""

    dose_number: int
    vaccinated_on: str | None
    vaccine_code: str | None
    lot_number: str | None
    agrees: bool | None
    differing: list[str]


class FieldsOut(BaseModel):
    full_name: FieldCheckOut
    date_of_birth: FieldCheckOut
    doses: list[DoseCheckOut]


class EvidenceChecksOut(BaseModel):
    status: CheckStatus
    sharpness: float | None
    blurry: bool | None
    # null until read (PENDING), or when reading failed.
    document_kind: DocumentKind | None
    fields: FieldsOut | None


def _field(f: types_pb2.FieldCheck) -> FieldCheckOut:
    return FieldCheckOut(
        read=f.read or None,
        claimed=f.claimed or None,
        agrees=f.agrees if f.HasField("agrees") else None,
    )


def checks_out(c: types_pb2.EvidenceChecks) -> EvidenceChecksOut:
    kind = enum_name(types_pb2.DocumentKind, c.document_kind) or None
    return EvidenceChecksOut(
        status=enum_name(types_pb2.CheckStatus, c.status) or "PENDING",
        sharpness=c.sharpness if c.sharpness or c.blurry else None,
        blurry=c.blurry if c.sharpness or c.blurry else None,
        document_kind=kind,
        fields=FieldsOut(
            full_name=_field(c.full_name),
            date_of_birth=_field(c.date_of_birth),
            doses=[
                DoseCheckOut(
                    dose_number=d.dose_number,
                    vaccinated_on=d.vaccinated_on or None,
                    vaccine_code=d.vaccine_code or None,
                    lot_number=d.lot_number or None,
                    agrees=d.agrees if d.HasField("agrees") else None,
                    differing=list(d.differing),
                )
                for d in c.doses
            ],
        )
        if kind
        else None,
    )
