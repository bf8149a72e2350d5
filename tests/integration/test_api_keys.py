"""API keys: a key acts as its account until revoked."""

import grpc

from phananh.resolution.v1 import accounts_pb2 as pb
from phananh.resolution.v1 import resolution_pb2
from tests.harness import bearer, refused
from tests.integration.accounts import admin_token, create, login


async def test_an_api_key_acts_as_its_account_until_revoked(resolution):
    accounts, cases, _ = resolution
    md = bearer(await admin_token(accounts))
    created = await create(
        accounts, md, "bienhoa.phanmem", pb.ROLE_DISTRICT_OFFICER, "731", "mat-khau-may-1"
    )
    assert created.account.must_change_password
    first = await login(accounts, "bienhoa.phanmem", "mat-khau-may-1")
    await accounts.ChangePassword(
        pb.ChangePasswordRequest(current_password="mat-khau-may-1", new_password="mat-khau-may-2"),
        metadata=bearer(first.access_token),
    )
    officer = bearer((await login(accounts, "bienhoa.phanmem", "mat-khau-may-2")).access_token)
    key = await accounts.CreateApiKey(
        pb.CreateApiKeyRequest(name="phần mềm huyện"), metadata=officer
    )

    exchanged = await accounts.ExchangeApiKey(pb.ExchangeApiKeyRequest(api_key=key.api_key))
    assert (exchanged.role, exchanged.unit_code) == (pb.ROLE_DISTRICT_OFFICER, "731")
    await cases.ListCases(
        resolution_pb2.ListCasesRequest(), metadata=bearer(exchanged.access_token)
    )

    await accounts.RevokeApiKey(pb.RevokeApiKeyRequest(key_id=key.key.key_id), metadata=officer)
    for wrong in (key.api_key, key.api_key[:-2] + "xx", "phk_nonsense"):
        code, _, _ = await refused(accounts.ExchangeApiKey(pb.ExchangeApiKeyRequest(api_key=wrong)))
        assert code == grpc.StatusCode.UNAUTHENTICATED
    listed = await accounts.ListApiKeys(pb.ListApiKeysRequest(), metadata=officer)
    assert [k.HasField("revoked_at") for k in listed.keys] == [True]
