"""Tracking codes: generated at random, shown in two groups of five, read back leniently."""

import pytest

from intake.domain import new_tracking_code, parse_tracking_code
from phananh_common.tracking_codes import shown as format_tracking_code
from phananh_common.tracking_codes import stored

# Crockford's base32 without I, L, O and U, which a person confuses with 1, 1, 0 and V.
ALPHABET = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def test_a_new_code_is_ten_characters_of_the_alphabet():
    for _ in range(200):
        code = new_tracking_code()
        assert len(code) == 10
        assert set(code) <= ALPHABET


def test_ten_thousand_codes_are_distinct():
    codes = {new_tracking_code() for _ in range(10_000)}
    assert len(codes) == 10_000


def test_codes_use_the_whole_alphabet():
    # A generator stuck on a few characters would make codes guessable.
    seen = set("".join(new_tracking_code() for _ in range(1_000)))
    assert seen == ALPHABET


def test_format_splits_into_two_groups_of_five():
    assert format_tracking_code("7K3PQ9XW2M") == "7K3PQ-9XW2M"


@pytest.mark.parametrize("typed", ["7K3PQ9XW2M", "7k3pq-9xw2m", " 7K3PQ 9XW2M", "7K3PQ-9XW2M"])
def test_the_stored_form_takes_the_code_as_shown_or_bare(typed):
    assert stored(typed) == "7K3PQ9XW2M"
    assert format_tracking_code(stored(typed)) == "7K3PQ-9XW2M"


def test_a_formatted_new_code_parses_back_to_itself():
    for _ in range(200):
        code = new_tracking_code()
        assert parse_tracking_code(format_tracking_code(code)) == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("7K3PQ9XW2M", "7K3PQ9XW2M"),
        ("7k3pq-9xw2m", "7K3PQ9XW2M"),
        ("7K3PQ 9XW2M", "7K3PQ9XW2M"),
        (" 7K3 PQ-9X W2M ", "7K3PQ9XW2M"),
        ("O0ABC-DEFGH", "00ABCDEFGH"),
        ("o0abc-defgh", "00ABCDEFGH"),
        ("I1ABC-DEFGL", "11ABCDEFG1"),
        ("il0AB-CDEFG", "110ABCDEFG"),
    ],
)
def test_parse_reads_what_a_citizen_types(typed, code):
    assert parse_tracking_code(typed) == code


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "7K3PQ9XW2",  # nine characters
        "7K3PQ9XW2MA",  # eleven characters
        "7K3PQ-9XW2U",  # U is not in the alphabet
        "7K3PQ-9XW2!",
        "7K3PQ_9XW2M",
        "7K3PQ.9XW2M",
        "ĐK3PQ9XW2M",
    ],
)
def test_parse_gives_none_for_what_cannot_be_a_code(typed):
    assert parse_tracking_code(typed) is None
