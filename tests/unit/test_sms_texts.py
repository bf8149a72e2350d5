"""SMS texts: without diacritics by default, segments counted as the networks count them,
bounded by the setting, quiet hours and delivery reports."""

from datetime import UTC, date, datetime
from importlib import resources

import pytest
from fhir.resources.R4B.bundle import Bundle

from notification.domain import (
    SEND_PRIORITY,
    Attempt,
    Encoding,
    Kind,
    QuietHours,
    Status,
    Templates,
    after_failure,
    encoding_of,
    segments,
    status_after_report,
)
from notification.fhir import Dose, InvalidBundle, Person, RecordChange, Systems, change_bundle
from phananh_common.people import without_diacritics

TEMPLATES = resources.files("notification").joinpath("templates.toml").read_text("utf-8")


def templates(unicode=False, max_segments=3) -> Templates:
    return Templates(TEMPLATES, unicode=unicode, max_segments=max_segments)


def test_vietnamese_loses_its_diacritics_and_d_with_stroke():
    assert (
        without_diacritics("Đồng Nai, Sở Y tế, đã tiếp nhận") == "Dong Nai, So Y te, da tiep nhan"
    )


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("a" * 160, Encoding.GSM7, 1),
        ("a" * 161, Encoding.GSM7, 2),
        ("a" * 306, Encoding.GSM7, 2),
        ("a" * 307, Encoding.GSM7, 3),
        ("€" * 80, Encoding.GSM7, 1),  # the extension table counts double
        ("€" * 81, Encoding.GSM7, 2),
        # 306 septets, but a € never straddles two parts: it starts the second one.
        ("a" * 152 + "€" + "a" * 152, Encoding.GSM7, 3),
        ("đ" * 70, Encoding.UCS2, 1),
        ("đ" * 71, Encoding.UCS2, 2),
        ("đ" * 134, Encoding.UCS2, 2),
        ("đ" * 135, Encoding.UCS2, 3),
    ],
)
def test_segments(text, encoding, expected):
    assert encoding_of(text) == encoding
    assert segments(text, encoding) == expected


def test_every_template_renders_in_one_gsm7_segment_without_diacritics():
    fields = {
        "tracking_code": "AB12C-DE34F",
        "code": "123456",
        "minutes": "5",
        "message": "Gửi ảnh giấy chứng nhận",
        "advice": "Mang giấy chứng nhận đến cơ sở tiêm.",
        "unit_name": "Thành phố Biên Hòa",
        "date": "04/10/2021",
        "overdue": "1234",
        "at_risk": "567",
        "overdue_rechecks": "1234",
    }
    t = templates()
    for kind in Kind:
        outcome = ("AB12C-DE34F", fields["message"], "FULL", "PHOTO_UNREADABLE", fields["advice"])
        values = fields | t.outcome_fields(kind, *outcome)
        sms = t.render(kind, **values)
        assert (sms.encoding, sms.segments) == (Encoding.GSM7, 1), kind
        assert "{" not in sms.text
        to_citizen = kind not in (Kind.ONE_TIME_CODE, Kind.OVERDUE_DIGEST)
        assert ("AB12C-DE34F" in sms.text) is to_citizen


def test_rejection_names_the_reason_and_the_advice():
    t = templates()
    fields = t.outcome_fields(Kind.REJECTED, "X1", "", "", "DOB_MISMATCH", "Mang giấy tờ.")
    assert t.render(Kind.REJECTED, **fields).text == (
        "Phan anh X1 khong duoc chap nhan: ngay sinh khac voi he thong. Mang giay to."
    )
    unknown = t.outcome_fields(Kind.REJECTED, "X1", "", "", "NEW_CODE", "")
    assert "khong du can cu" in t.render(Kind.REJECTED, **unknown).text


def test_unicode_keeps_diacritics_and_counts_ucs2():
    sms = templates(unicode=True).render(Kind.COMPLAINT_RECEIVED, tracking_code="X1")
    assert sms.text.startswith("Đã tiếp nhận phản ánh")
    assert sms.encoding is Encoding.UCS2 and sms.segments == 2


@pytest.mark.parametrize(
    ("unicode", "max_segments"), [(False, 1), (False, 2), (False, 3), (True, 2), (True, 3)]
)
def test_long_officer_words_are_cut_to_the_bound(unicode, max_segments):
    words = "Vui lòng gửi ảnh giấy chứng nhận {tiêm} mũi 2 rõ nét, " * 40
    sms = templates(unicode, max_segments).render(
        Kind.INFORMATION_NEEDED, tracking_code="X1", message=words
    )
    assert sms.segments == max_segments
    assert sms.text.endswith("...")
    assert sms.text.startswith(
        "Phan anh X1 can bo sung: Vui long" if not unicode else "Phản ánh X1"
    )


def test_characters_gsm7_cannot_write_become_question_marks_not_ucs2():
    sms = templates().render(Kind.INFORMATION_NEEDED, tracking_code="X1", message="ảnh 📷 ok")
    assert sms.text.endswith("anh ? ok") and sms.encoding is Encoding.GSM7


def test_a_template_longer_than_the_bound_stops_the_start():
    with pytest.raises(ValueError, match="COMPLAINT_RECEIVED"):
        Templates(TEMPLATES, unicode=True, max_segments=1)


def test_quiet_hours_over_midnight_in_local_time():
    quiet = QuietHours.parse("22:00-07:00")
    local = [(15, 0, True), (14, 59, False), (23, 59, True), (0, 0, False)]  # UTC+7
    for hour, minute, covered in local:
        assert quiet.covers(datetime(2026, 3, 2, hour, minute, tzinfo=UTC)) is covered
    day = QuietHours.parse("12:00-13:30")
    assert day.covers(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
    assert not day.covers(datetime(2026, 3, 2, 6, 30, tzinfo=UTC))
    assert QuietHours.parse("") is None


@pytest.mark.parametrize("text", ["22-07", "25:00-07:00", "22:00-22:00", "22:00"])
def test_bad_quiet_hours_are_refused(text):
    with pytest.raises(ValueError):
        QuietHours.parse(text)


def test_delivery_reports_and_attempts():
    assert status_after_report(1) is Status.DELIVERED
    assert status_after_report(2) is Status.FAILED
    assert status_after_report(16) is Status.FAILED
    assert status_after_report(8) is None
    assert after_failure(Attempt.refused("403"), 0, 8)
    assert not after_failure(Attempt.retry("down"), 6, 8)
    assert after_failure(Attempt.retry("down"), 7, 8)
    # A provider that does not answer is down: no message becomes a dead letter for that.
    assert not after_failure(Attempt.unanswered("kannel unreachable"), 50, 8)


SYSTEMS = Systems(person="urn:x:id", dose="urn:x:dose")


def test_a_registry_change_is_a_valid_transaction_bundle():
    person = Person("c1", "Lê Văn Tám", date(1990, 5, 17), "MALE", "075090001234")
    doses = (
        Dose("d1", 2, date(2021, 9, 1), "PFIZER", "FA1234", "F731001"),
        Dose("d0", 1, date(2021, 7, 1), "AZ", "", "", removed=True),
    )
    at = datetime(2026, 3, 2, tzinfo=UTC)
    bundle = change_bundle(RecordChange(person, doses, (), at), SYSTEMS)
    assert Bundle.model_validate(bundle).type == "transaction"
    patient, given, removed = bundle["entry"]
    assert patient["request"] == {
        "method": "PUT",
        "url": "Patient?identifier=urn:x:id|075090001234",
    }
    assert given["request"] == {"method": "PUT", "url": "Immunization?identifier=urn:x:dose|d1"}
    assert given["resource"]["occurrenceDateTime"] == "2021-09-01"
    assert given["resource"]["protocolApplied"] == [{"doseNumberPositiveInt": 2}]
    assert given["resource"]["patient"] == {"reference": patient["fullUrl"]}
    assert (given["resource"]["status"], removed["resource"]["status"]) == (
        "completed",
        "entered-in-error",
    )
    missing_date = Dose("d2", 0, None, "AZ", "", "")
    with pytest.raises(InvalidBundle, match="protocolApplied") as error:
        change_bundle(RecordChange(person, (missing_date,), (), at), SYSTEMS)
    assert error.value.field == "doses[0]"
    assert "Tám" not in str(error.value) and "075090001234" not in str(error.value)


def test_every_kind_of_message_has_its_place_in_the_queue():
    assert set(SEND_PRIORITY) == set(Kind)
    assert SEND_PRIORITY[Kind.ONE_TIME_CODE] < SEND_PRIORITY[Kind.RESOLVED]
    assert SEND_PRIORITY[Kind.REJECTED] < SEND_PRIORITY[Kind.COMPLAINT_RECEIVED]
