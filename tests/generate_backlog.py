"""`python -m tests.generate_backlog N [--seed S] [--bad-every K] > backlog.csv`: a realistic
portal export of N complaints (intake.backlog's columns) for the import's tests and benchmark:
Vietnamese names with diacritics, communes of province 75's districts, mobile numbers of the
large carriers, one to three claimed doses of one vaccine at plausible intervals, submitted
between July and early October 2021. Every row is valid, except every K-th row (a phone that
is not a mobile number) when --bad-every is given. Streams: memory does not grow with N."""

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from intake.backlog import COLUMNS
from phananh_common.units import units
from tests.factories import FAMILY, GIVEN, MIDDLE, MOBILE_PREFIXES

VACCINE_INTERVALS = {"AZ": 56, "VERO": 28, "PFIZER": 21, "MODERNA": 28}
CATEGORIES = ["MISSING_DOSE"] * 6 + ["WRONG_DOSE_INFO", "WRONG_PERSONAL_INFO", "SPLIT_RECORD"]
DESCRIPTIONS = [
    "Đã tiêm nhưng hệ thống chưa cập nhật mũi tiêm.",
    "Sai ngày tiêm trên Sổ sức khỏe điện tử.",
    "Mũi 1 và mũi 2 nằm ở hai hồ sơ khác nhau.",
    "Sai họ tên trên chứng nhận tiêm.",
]
FIRST_SUBMISSION = datetime(2021, 7, 1, 7, 0)


def rows(count: int, seed: int = 2021, bad_every: int = 0) -> Iterator[list[str]]:
    rng = random.Random(seed)
    communes = [
        (district.code, commune.code)
        for district in units().children("75")
        for commune in units().children(district.code)
    ]
    for i in range(1, count + 1):
        submitted = FIRST_SUBMISSION + timedelta(minutes=rng.randint(0, 93 * 24 * 60))
        vaccine = rng.choice(list(VACCINE_INTERVALS))
        first = date(2021, 3, 8) + timedelta(days=rng.randint(0, 100))
        doses, on = [], first
        for _ in range(rng.randint(1, 3)):
            if on >= submitted.date():
                break
            doses += [on.isoformat(), vaccine, f"{vaccine[:2]}{rng.randint(1000, 9999)}", ""]
            on += timedelta(days=VACCINE_INTERVALS[vaccine] + rng.randint(0, 20))
        district, commune = rng.choice(communes)
        phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 9_999_999):07d}"
        if bad_every and i % bad_every == 0:
            phone = "0283" + phone[4:]  # a landline: refused
        born = date(1940, 1, 1) + timedelta(days=rng.randint(0, 365 * 63))
        yield [
            f"PORTAL-{seed}-{i:07d}",
            submitted.isoformat(timespec="seconds"),
            f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            born.isoformat(),
            rng.choice(["MALE", "FEMALE"]),
            phone,
            f"075{seed % 1000:03d}{i:06d}",  # unique per row and seed
            "",
            "75",
            district,
            commune,
            f"{rng.randint(1, 300)} Đường số {rng.randint(1, 40)}",
            rng.choice(CATEGORIES),
            rng.choice(DESCRIPTIONS),
            *doses,
            *[""] * (len(COLUMNS) - 14 - len(doses)),
        ]


def write(out, count: int, seed: int = 2021, bad_every: int = 0) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows(count, seed, bad_every))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.generate_backlog")
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--bad-every", type=int, default=0)
    args = parser.parse_args()
    write(sys.stdout, args.count, args.seed, args.bad_every)


if __name__ == "__main__":
    main()
