"""Text with a NUL character is refused with the fields that hold it (PostgreSQL's `text`
cannot store it: the query failed and the caller got INTERNAL, found by the gRPC fuzzing)."""

from phananh.intake.v1 import intake_pb2
from phananh.types.v1 import types_pb2
from phananh_common.storable_text import nul_fields


def test_each_string_field_holding_a_nul_is_named_by_its_path():
    request = intake_pb2.SubmitComplaintRequest(
        complaint=types_pb2.Complaint(
            citizen=types_pb2.Citizen(full_name="Nguyễn\x00", phone="0912345678"),
            claimed_doses=[
                types_pb2.ClaimedDose(vaccine_code="AZ"),
                types_pb2.ClaimedDose(lot_number="A1\x00"),
            ],
        ),
        otp="\x00",
    )
    assert sorted(nul_fields(request)) == [
        "complaint.citizen.full_name",
        "complaint.claimed_doses[1].lot_number",
        "otp",
    ]


def test_text_without_a_nul_passes():
    request = intake_pb2.SubmitComplaintRequest(otp="123456")
    assert nul_fields(request) == []
