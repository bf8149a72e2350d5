"""The facilities CSV: every line checked against the province's units, all or nothing, each
error naming its line (the header is line 1) and column."""

import pytest

from intake.facilities import MAX_CSV_BYTES, Facility, parse_facilities
from phananh_common.errors import InvalidArgument
from phananh_common.units import units

HEADER = "code,name,district_code,commune_code\n"


def parse(text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return parse_facilities(data, "75", units())


def refused(text: str | bytes) -> list[str]:
    with pytest.raises(InvalidArgument) as raised:
        parse(text)
    return [v.field for v in raised.value.violations]


def test_a_good_file_gives_its_facilities():
    text = (
        "\ufeff"
        + HEADER
        + "F731001,Trạm Y tế Phường Trung Dũng,731,26041\r\nF732,BV Long Khánh,732,\n\n"
    )
    assert parse(text) == [
        Facility("F731001", "Trạm Y tế Phường Trung Dũng", "731", "26041"),
        Facility("F732", "BV Long Khánh", "732", ""),
    ]


def test_each_bad_value_is_named_by_line_and_column():
    text = HEADER + "F1,Ok,731,\nF2,Bad district,760,\nF 3,,731,26077\nF1,Again,731,\nF5,Short\n"
    assert refused(text) == [
        "line[3].district_code",
        "line[4].code",
        "line[4].name",
        "line[4].commune_code",
        "line[5].code",
        "line[6]",
    ]


def test_a_quoted_value_over_two_lines_keeps_the_numbering():
    text = HEADER + 'F1,"Trạm\nY tế",731,\nF2,X,999,\n'
    assert refused(text) == ["line[4].district_code"]


@pytest.mark.parametrize(
    "text",
    ["", "code,name\nF1,X\n", "name,code,district_code,commune_code\n"],
)
def test_the_header_must_be_the_contract_s(text):
    assert refused(text) == ["line[1]"]


def test_an_empty_file_not_utf8_or_too_large_is_refused():
    assert refused(HEADER) == ["csv"]
    assert refused(HEADER.encode() + "F1,Tr\u1ea1m,731,\n".encode("utf-16")) == ["csv"]
    assert refused(HEADER + "x" * MAX_CSV_BYTES) == ["csv"]


def test_a_file_of_many_errors_reports_a_bounded_list():
    text = HEADER + "".join(f"F{i},X,999,\n" for i in range(500))
    violations = refused(text)
    assert len(violations) == 101
    assert violations[-1] == "csv"
