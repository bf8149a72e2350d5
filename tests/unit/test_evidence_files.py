"""Evidence: the type from the content, the size and the number of files bounded."""

import pytest

from intake.evidence import MAX_BYTES, MAX_PER_COMPLAINT, check_may_add, content_type_of
from phananh_common.errors import FailedPrecondition, InvalidArgument

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 100


@pytest.mark.parametrize(
    "content, content_type",
    [(JPEG, "image/jpeg"), (PNG, "image/png"), (PDF, "application/pdf")],
)
def test_the_three_formats_are_recognised_by_content(content, content_type):
    assert content_type_of(content) == content_type


@pytest.mark.parametrize(
    "content",
    [b"", b"hello", b"GIF89a" + b"\x00" * 10, b"<svg></svg>", b"PK\x03\x04docx", b"\x89PNG"],
)
def test_anything_else_is_refused_on_the_file_field(content):
    with pytest.raises(InvalidArgument) as raised:
        content_type_of(content)
    assert [v.field for v in raised.value.violations] == ["file"]


def test_the_size_is_bounded_at_5_mb():
    assert content_type_of(PNG + b"\x00" * (MAX_BYTES - len(PNG))) == "image/png"
    with pytest.raises(InvalidArgument):
        content_type_of(PNG + b"\x00" * (MAX_BYTES - len(PNG) + 1))


def test_files_join_an_open_complaint_up_to_the_limit():
    check_may_add("NEEDS_INFO", MAX_PER_COMPLAINT - 1)
    with pytest.raises(FailedPrecondition) as raised:
        check_may_add("ASSIGNED", MAX_PER_COMPLAINT)
    assert raised.value.reason == "EVIDENCE_LIMIT_REACHED"
    with pytest.raises(FailedPrecondition) as raised:
        check_may_add("RESOLVED", 0)
    assert raised.value.reason == "COMPLAINT_CLOSED"
