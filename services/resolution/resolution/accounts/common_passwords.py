"""Passwords an attacker tries first: the common and breached ones of zxcvbn's frequency lists
(passwords seen in leaks, English words, names), our Vietnamese ones (common_passwords_vi.txt),
and patterns (one character or a short group repeated, a run like "abcdefghij").

A password is compared as people vary it: lowercase, without spaces, without diacritics, with
or without its separators and symbols, and without the digits and symbols added before or after
a common word ("Matkhau@2021" is "matkhau"), when those are short (5 characters at most) or
guessable themselves. A phrase of several words, or a word with a long random number, is not
refused: it is not on any list, and guessing it online is hopeless."""

import re
from functools import cache
from itertools import pairwise
from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

from phananh_common.people import without_diacritics

VIETNAMESE = Path(__file__).with_name("common_passwords_vi.txt")
# What may stand around a common word and still be guessed with it: "123", "@2021!", "!!".
SHORT_AFFIX = 5
# A word, then the non-letters (digits, symbols) before and after it.
_AROUND_A_WORD = re.compile(r"([\W\d_]*)(.*?)([\W\d_]*)")


@cache
def common_passwords() -> frozenset[str]:
    lines = VIETNAMESE.read_text(encoding="utf-8").splitlines()
    ours = (line.strip() for line in lines if not line.startswith("#"))
    return frozenset(word for words in FREQUENCY_LISTS.values() for word in words) | frozenset(
        filter(None, ours)
    )


def is_common(password: str) -> bool:
    folded = _fold(password)
    without_symbols = re.sub(r"[\W_]", "", folded)
    return any(_common_form(form) for form in (folded, without_symbols))


def _fold(password: str) -> str:
    """Lowercase, no whitespace, no diacritics ("Mật khẩu" → "matkhau")."""
    return "".join(without_diacritics(password).casefold().split())


def _common_form(form: str) -> bool:
    if _patterned(form) or form in common_passwords():
        return True
    before, word, after = _AROUND_A_WORD.fullmatch(form).groups()
    return word in common_passwords() and _guessable_affix(before) and _guessable_affix(after)


def _guessable_affix(affix: str) -> bool:
    return len(affix) <= SHORT_AFFIX or affix in common_passwords() or _patterned(affix)


def _patterned(text: str) -> bool:
    """Empty, one character repeated, a group of 2 to 4 repeated ("hihihi", "abcabc"), or a run
    ("abcdef", "7890123", "98765")."""
    groups = range(2, min(5, len(text) // 2 + 1))
    if len(set(text)) <= 1 or any(text == (text[:n] * len(text))[: len(text)] for n in groups):
        return True
    if len(text) < 3:
        return False
    if text.isdigit():  # digits go round: 7890, 3210
        return {(int(b) - int(a)) % 10 for a, b in pairwise(text)} in ({1}, {9})
    return {ord(b) - ord(a) for a, b in pairwise(text)} in ({1}, {-1})
