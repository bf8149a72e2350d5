"""TOTP: asked at every login once enrolled, and required of admins when the province says
so."""

import grpc
import pyotp

from phananh.resolution.v1 import accounts_pb2 as pb
from phananh.resolution.v1 import accounts_pb2_grpc
from tests.harness import InProcessSystem, bearer, refused
from tests.integration.accounts import ADMIN, ADMIN_NEW_PASSWORD, ADMIN_PASSWORD, admin_token, login


async def test_totp_once_enrolled_is_asked_at_every_login(resolution):
    accounts, _, _ = resolution
    token = await admin_token(accounts)
    begun = await accounts.BeginTotpEnrollment(
        pb.BeginTotpEnrollmentRequest(), metadata=bearer(token)
    )
    assert begun.provisioning_uri.startswith("otpauth://totp/")
    wrong = pb.ConfirmTotpEnrollmentRequest(code="000000")
    assert (await refused(accounts.ConfirmTotpEnrollment(wrong, metadata=bearer(token))))[2] == [
        "code"
    ]
    totp = pyotp.TOTP(begun.secret)
    await accounts.ConfirmTotpEnrollment(
        pb.ConfirmTotpEnrollmentRequest(code=totp.now()), metadata=bearer(token)
    )

    assert await refused(login(accounts, ADMIN, ADMIN_NEW_PASSWORD)) == (
        grpc.StatusCode.UNAUTHENTICATED,
        "TOTP_REQUIRED",
        [],
    )
    assert (await refused(login(accounts, ADMIN, ADMIN_NEW_PASSWORD, "000000")))[0] == (
        grpc.StatusCode.UNAUTHENTICATED
    )
    assert (await login(accounts, ADMIN, ADMIN_NEW_PASSWORD, totp.now())).access_token


async def test_admins_must_enrol_totp_when_the_province_requires_it(database_urls):
    system = InProcessSystem(
        database_urls, bootstrap_admin=f"{ADMIN}:{ADMIN_PASSWORD}", admin_2fa=True
    )
    await system.start("resolution")
    try:
        async with grpc.aio.insecure_channel(system.target("resolution")) as channel:
            accounts = accounts_pb2_grpc.AccountServiceStub(channel)
            # After the password change, the admin's token serves only the enrolment.
            token = await admin_token(accounts)
            session = await login(accounts, ADMIN, ADMIN_NEW_PASSWORD)
            assert session.totp_enrollment_required
            listing = accounts.ListAccounts(pb.ListAccountsRequest(), metadata=bearer(token))
            assert (await refused(listing))[1] == "TOTP_ENROLLMENT_REQUIRED"
            begun = await accounts.BeginTotpEnrollment(
                pb.BeginTotpEnrollmentRequest(), metadata=bearer(session.access_token)
            )
            code = pyotp.TOTP(begun.secret).now()
            await accounts.ConfirmTotpEnrollment(
                pb.ConfirmTotpEnrollmentRequest(code=code), metadata=bearer(session.access_token)
            )
            full = await login(accounts, ADMIN, ADMIN_NEW_PASSWORD, pyotp.TOTP(begun.secret).now())
            await accounts.ListAccounts(
                pb.ListAccountsRequest(), metadata=bearer(full.access_token)
            )
    finally:
        await system.stop()
