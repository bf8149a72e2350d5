"""Creating accounts: a generated initial password that must be changed, and an officer's
mobile for the overdue digest."""

import grpc

from phananh.resolution.v1 import accounts_pb2 as pb
from tests.harness import bearer, refused
from tests.integration.accounts import ADMIN, admin_token, create, login


async def test_a_created_account_gets_a_generated_password_it_must_change(resolution):
    accounts, _, _ = resolution
    md = bearer(await admin_token(accounts))
    created = await create(accounts, md, "BienHoa.Admin", pb.ROLE_DISTRICT_ADMIN, "731")
    assert created.account.username == "bienhoa.admin"
    assert len(created.initial_password) >= 10
    session = await login(accounts, "bienhoa.admin", created.initial_password)
    assert session.must_change_password and session.unit_code == "731"

    again = pb.CreateAccountRequest(username="bienhoa.admin", role=pb.ROLE_DISTRICT_OFFICER,
                                    unit_code="731")  # fmt: skip
    assert (await refused(accounts.CreateAccount(again, metadata=md)))[0] == (
        grpc.StatusCode.ALREADY_EXISTS
    )
    bad = pb.CreateAccountRequest(username="x", role=pb.ROLE_COMMUNE_OFFICER, unit_code="731",
                                  initial_password="short")  # fmt: skip
    code, _, fields = await refused(accounts.CreateAccount(bad, metadata=md))
    assert (code, sorted(fields)) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        ["initial_password", "unit_code", "username"],
    )


async def test_an_officer_may_give_a_mobile_for_the_overdue_digest(resolution):
    accounts, _, _ = resolution
    md = bearer(await admin_token(accounts))
    request = pb.CreateAccountRequest(username="bienhoa.canbo", role=pb.ROLE_DISTRICT_OFFICER,
                                      unit_code="731", phone="0912 345 678")  # fmt: skip
    created = await accounts.CreateAccount(request, metadata=md)
    assert created.account.phone == "+84912345678"
    without = await create(accounts, md, "bienhoa.khac", pb.ROLE_DISTRICT_OFFICER, "731")
    assert without.account.phone == ""
    landline = pb.CreateAccountRequest(username="bienhoa.ban", role=pb.ROLE_DISTRICT_OFFICER,
                                       unit_code="731", phone="02513822345")  # fmt: skip
    code, _, fields = await refused(accounts.CreateAccount(landline, metadata=md))
    assert (code, fields) == (grpc.StatusCode.INVALID_ARGUMENT, ["phone"])
    listed = await accounts.ListAccounts(pb.ListAccountsRequest(), metadata=md)
    assert {a.username: a.phone for a in listed.accounts} == {
        ADMIN: "",
        "bienhoa.canbo": "+84912345678",
        "bienhoa.khac": "",
    }
