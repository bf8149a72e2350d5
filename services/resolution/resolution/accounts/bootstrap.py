"""The demo logins of `make run` (`python -m resolution.accounts.bootstrap --demo`, run by the
stack after the migrations): accounts that exist before anyone can create one, like the first
province admin (PHANANH_BOOTSTRAP_ADMIN, Accounts.ensure_bootstrap_admin, created when the
service starts). Both only create what is missing and must change their password at the first
login."""

import asyncio
import sys

from phananh_common.access import (
    COMMUNE_OFFICER,
    DISTRICT_ADMIN,
    DISTRICT_OFFICER,
    FACILITY_OFFICER,
    PROVINCE_ADMIN,
)
from phananh_common.database import create_engine
from resolution.accounts.service.accounts import Accounts
from resolution.accounts.wiring import account_service
from resolution.config import ResolutionSettings

DEMO_PASSWORD = "doi-mat-khau-ngay"  # "change the password now"
# (username, role, unit): the province, Biên Hòa (731), its ward Trảng Dài (25993), a facility.
DEMO_ACCOUNTS = (
    ("tinh.admin", PROVINCE_ADMIN, "{province}"),
    ("bienhoa.admin", DISTRICT_ADMIN, "731"),
    ("bienhoa.canbo", DISTRICT_OFFICER, "731"),
    ("trangdai.canbo", COMMUNE_OFFICER, "25993"),
    ("coso.f731001", FACILITY_OFFICER, "F731001"),
)


async def ensure_demo_accounts(accounts: Accounts, province_code: str) -> list[str]:
    """One line per demo login, whether created now or on an earlier run."""
    lines = []
    for username, role, unit in DEMO_ACCOUNTS:
        unit = unit.format(province=province_code)
        await accounts.ensure_account(username, role, unit, DEMO_PASSWORD, "demo")
        lines.append(f"{username:<16} {DEMO_PASSWORD}  ({role} {unit})")
    return lines


async def _demo() -> None:
    settings = ResolutionSettings()
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        for line in await ensure_demo_accounts(
            account_service(settings, engine), settings.province_code
        ):
            print(line)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    if sys.argv[1:] != ["--demo"]:
        sys.exit("usage: python -m resolution.accounts.bootstrap --demo")
    asyncio.run(_demo())
