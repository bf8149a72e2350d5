"""No secret is committed: no private key (the token signing key is made by `make run` into
.data/, or given by the environment), no access token, no API key, no cloud key, in any file
git tracks."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "a private key": re.compile(rb"-----BEGIN [A-Z ]*PRIVATE" + rb" KEY-----"),
    "an access token (JWT)": re.compile(
        rb"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}"
    ),
    "an API key": re.compile(rb"\bphk" + rb"_[A-Za-z0-9_-]{20,}"),
    "a cloud access key": re.compile(rb"\bAKIA[0-9A-Z]{16}\b"),
}


def tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name.decode() for name in listed.split(b"\0") if name]


def test_no_tracked_file_holds_a_secret():
    found = []
    for path in tracked_files():
        if not path.is_file():
            continue
        content = path.read_bytes()
        found += [
            f"{path.relative_to(ROOT)}: {kind}"
            for kind, pattern in SECRETS.items()
            if pattern.search(content)
        ]
    assert found == []


def test_the_patterns_find_what_they_look_for():
    key = b"-----BEGIN " + b"PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n"
    # Each sample is cut in two, so that this file does not hold what it looks for.
    token = b"eyJhbGciOiJFZERTQSJ9." + b"eyJzdWIiOiJ0ZXN0ZXIifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"
    api_key = b"phk" + b"_0123456789abcdefghijklmnop"
    assert [
        bool(p.search(s))
        for p, s in zip(
            SECRETS.values(), (key, token, api_key, b"AKIA" + b"ABCDEFGHIJKLMNOP"), strict=True
        )
    ] == [True] * 4
