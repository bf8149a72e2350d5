"""`python -m reporting.rebuild`: rebuilds reporting's projection from the producers' events
(reporting.service.rebuild says how).

URLs from PHANANH_REPORTING_DATABASE_URL and PHANANH_<PRODUCER>_DATABASE_URL (intake,
resolution, notification: those given and holding an outbox)."""

import asyncio
import os
import sys

from phananh_common.config import SERVICES
from reporting.service.rebuild import CONSUMER, rebuild


def main() -> None:
    reporting_url = os.environ.get("PHANANH_REPORTING_DATABASE_URL")
    if not reporting_url:
        sys.exit("PHANANH_REPORTING_DATABASE_URL is not set")
    producers = {
        s: url
        for s in SERVICES
        if s != CONSUMER and (url := os.environ.get(f"PHANANH_{s.upper()}_DATABASE_URL"))
    }
    if not producers:
        sys.exit("no producer database given (PHANANH_INTAKE_DATABASE_URL, …)")
    for producer, count in asyncio.run(rebuild(reporting_url, producers)).items():
        print(f"{producer}: {count} events to deliver to reporting again")


if __name__ == "__main__":
    main()
