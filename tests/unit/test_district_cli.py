"""phananh-district's bad usage ends with exit code 2 and says what is wrong, before anything
is sent; a correction given as the HTTP API's JSON becomes the request's message."""

import pytest

from phananh.resolution.v1 import resolution_pb2 as pb
from phananh.types.v1 import types_pb2
from phananh_district.cli import main
from phananh_district.shapes import correction

TARGET = ("--target", "127.0.0.1:9", "--plaintext", "--api-key", "phk_x")
MISSING_CA = ("--target", "127.0.0.1:9", "--ca-file", "/no/such/ca.pem", "--api-key", "phk_x")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--target", "127.0.0.1:9", "cases", "list"), "PHANANH_API_KEY"),
        (("--plaintext", "--ca-file", "ca.pem", *TARGET[:2], "cases", "list"), "not allowed"),
        ((*TARGET, "cases", "list", "--status", "OPEN"), "invalid choice"),
        ((*TARGET, "cases", "approve", "C1"), "give --correction"),
        ((*TARGET, "cases", "approve", "C1", "--correction", "[1]"), "a JSON object"),
        ((*TARGET, "cases", "approve", "C1", "--correction", "{"), "--correction"),
        ((*TARGET, "cases", "reject", "C1"), "--reason"),
        ((*TARGET, "reports", "weekly", "--unit", "731", "--week", "W40"), "YYYY-Www"),
        (
            (
                *TARGET,
                "reports",
                "weekly",
                "--unit",
                "731",
                "--week",
                "2021-W40",
                "--format",
                "csv",
            ),
            "--format and --output together",
        ),
        ((*MISSING_CA, "cases", "list"), "/no/such/ca.pem: No such file"),
    ],
)
def test_bad_usage_exits_2_saying_why(args, says, monkeypatch, capsys):
    monkeypatch.delenv("PHANANH_API_KEY", raising=False)
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    assert exited.value.code == 2
    assert says in capsys.readouterr().err


def test_a_correction_of_the_http_api_becomes_the_requests():
    added = correction(
        {"op": "ADD_DOSE", "dose_number": 2, "vaccinated_on": "2021-09-15", "vaccine_code": "AZ"}
    )
    assert added == pb.Correction(
        add_dose=pb.AddDose(
            dose_number=2,
            vaccinated_on={"year": 2021, "month": 9, "day": 15},
            vaccine_code="AZ",
        )
    )
    person = correction({"op": "UPDATE_PERSON", "gender": "FEMALE", "full_name": "Lê Thị Mai"})
    assert person.update_person.gender == types_pb2.GENDER_FEMALE
    assert person.update_person.full_name == "Lê Thị Mai"
    assert correction({"op": "CREATE_RECORD"}).WhichOneof("op") == "create_record"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"op": "ADD_DOZE"}, "op must be one of ADD_DOSE, UPDATE_DOSE"),
        ({"op": "ADD_DOSE", "dose": 2}, "ADD_DOSE"),
        ({"op": "ADD_DOSE", "vaccinated_on": "15/09/2021"}, "ADD_DOSE"),
    ],
)
def test_a_wrong_correction_is_named(body, says):
    with pytest.raises(ValueError, match=says):
        correction(body)
