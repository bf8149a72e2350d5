"""The phone normaliser decides plainly written numbers (0… or +84… and nine digits) on its own,
for speed in bulk imports: its answers must be exactly phonenumbers' own, for every prefix."""

import random

import pytest

from phananh_common.people import mobile_by_phonenumbers as by_phonenumbers
from phananh_common.people import normalise_phone


def numbers(seed: int):
    """Every four-digit start of a national number (the patterns decide on at most four),
    with random tails of 7 to 11 digits in all, written with 0, +84 and 84."""
    rng = random.Random(seed)
    for start in range(10_000):
        length = rng.choice((7, 8, 9, 9, 9, 10, 11))
        national = f"{start:04d}{rng.randrange(10**7):07d}"[:length]
        yield from (f"0{national}", f"+84{national}", f"84{national}", f" 0{national} ")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_plain_numbers_get_exactly_phonenumbers_answer(seed):
    differing = [n for n in numbers(seed) if normalise_phone(n) != by_phonenumbers(n)]
    assert differing == []


def test_every_mobile_prefix_in_use_is_accepted_and_others_refused():
    mobiles = [p for p in range(100, 1000) if normalise_phone(f"0{p}1234567")]
    assert mobiles == [
        p for p in range(100, 1000) if by_phonenumbers(f"0{p}1234567") == f"+84{p}1234567"
    ]
    assert {"+84912345678", "+84339876543", "+84868123456"} == {
        normalise_phone(n) for n in ("0912345678", "+84339876543", "0868123456")
    }
    assert normalise_phone("0283123456") is None  # a Ho Chi Minh City landline
    assert normalise_phone("1900123456") is None  # premium rate
