"""What the text read on a paper says, and how it compares with the claim: labels and names
with diacritics and case folded, dates as Vietnamese papers print them, each dose's date,
vaccine and lot."""

from datetime import date

import pytest

from intake.certificate_reading import (
    SCREENING_FORM,
    UNKNOWN,
    VACCINATION_CERTIFICATE,
    agrees_with_claim,
    compared,
    read,
)
from intake.domain import Citizen, Complaint, Dose

CERTIFICATE = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
GIẤY CHỨNG NHẬN TIÊM CHỦNG COVID-19
Họ và tên: Nguyễn Thị Hồng
Ngày sinh: 05/03/1990
Mũi 1: 12-07-2021 - AstraZeneca - Số lô: NJ0021
Mũi 2: ngày 20 tháng 09 năm 2021 - AstraZeneca - Số lê: fd1234
"""


def claim(name="Nguyễn Thị Hồng", born=date(1990, 3, 5), second=date(2021, 9, 20)) -> Complaint:
    return Complaint(
        citizen=Citizen(full_name=name, date_of_birth=born, gender="FEMALE", phone="+84912345678"),
        category="MISSING_DOSE",
        claimed_doses=(
            Dose(1, date(2021, 7, 12), "AZ", "NJ0021", ""),
            Dose(2, second, "AZ", "FD1234", ""),
        ),
        description="",
    )


def test_a_certificate_s_fields_are_read():
    reading = read(CERTIFICATE)
    assert reading.document_kind == VACCINATION_CERTIFICATE
    assert (reading.full_name, reading.date_of_birth) == ("Nguyễn Thị Hồng", date(1990, 3, 5))
    assert [
        (d.dose_number, d.vaccinated_on, d.vaccine_code, d.lot_number) for d in reading.doses
    ] == [
        (1, date(2021, 7, 12), "AZ", "NJ0021"),
        (2, date(2021, 9, 20), "AZ", "FD1234"),
    ]


@pytest.mark.parametrize(
    "printed", ["5/3/1990", "05.03.1990", "05 - 03 - 1990", "ngày 05 tháng 03 năm 1990"]
)
def test_birth_dates_are_read_as_vietnamese_papers_print_them(printed):
    assert read(f"Ngày sinh: {printed}").date_of_birth == date(1990, 3, 5)


def test_labels_are_found_when_ocr_drops_accents_and_a_lot_wraps_onto_the_next_line():
    text = "HO VA TEN : Tran Van Dung\nngay sinh 1/2/1980\nMui 1: 1/8/2021 - Vero Cel[ -\n"
    reading = read(text + "So lo: BJ7630")
    assert (reading.full_name, reading.date_of_birth) == ("Tran Van Dung", date(1980, 2, 1))
    assert [(d.vaccine_code, d.lot_number) for d in reading.doses] == [("VERO", "BJ7630")]


def test_the_kind_of_paper():
    assert read("PHIẾU SÀNG LỌC TRƯỚC TIÊM CHỦNG\nHọ và tên: A").document_kind == SCREENING_FORM
    assert read("a photo of a cat").document_kind == UNKNOWN


def test_a_certificate_that_matches_the_claim_agrees_names_folded():
    checks = compared(read(CERTIFICATE.replace("Hồng", "HÔNG")), claim())
    fields = checks["fields"]
    assert fields["full_name"] == {
        "read": "Nguyễn Thị HÔNG",
        "claimed": "Nguyễn Thị Hồng",
        "agrees": True,
    }
    assert fields["date_of_birth"]["agrees"] is True
    assert [d["agrees"] for d in fields["doses"]] == [True, True]
    assert agrees_with_claim(checks, blurry=False) is True
    assert agrees_with_claim(checks, blurry=True) is False


def test_a_field_that_differs_is_named():
    checks = compared(read(CERTIFICATE), claim(born=date(1990, 5, 3), second=date(2021, 9, 21)))
    fields = checks["fields"]
    assert fields["date_of_birth"] == {
        "read": "1990-03-05",
        "claimed": "1990-05-03",
        "agrees": False,
    }
    assert fields["doses"][1]["differing"] == ["vaccinated_on"]
    assert fields["doses"][0]["agrees"] is True
    assert agrees_with_claim(checks, blurry=False) is False


def test_nothing_read_neither_agrees_nor_differs_and_a_screening_form_never_agrees():
    nothing = compared(read("a photo of a cat"), claim())
    assert nothing["fields"]["full_name"]["agrees"] is None
    assert agrees_with_claim(nothing, blurry=False) is None
    form = compared(read("PHIẾU SÀNG LỌC\nHọ và tên: Nguyễn Thị Hồng"), claim())
    assert form["fields"]["full_name"]["agrees"] is True
    assert agrees_with_claim(form, blurry=False) is False


def test_a_dose_compares_only_what_the_claim_names():
    bare = claim()
    bare = Complaint(bare.citizen, bare.category, (Dose(1, date(2021, 7, 12), "AZ", "", ""),), "")
    doses = compared(read(CERTIFICATE), bare)["fields"]["doses"]
    assert (doses[0]["agrees"], doses[0]["differing"]) == (True, [])
    # A dose the claim does not name neither agrees nor differs.
    assert (doses[1]["agrees"], doses[1]["differing"]) == (None, [])
