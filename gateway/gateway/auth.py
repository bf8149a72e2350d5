"""Officer routes take `Authorization: Bearer <access token>`. The gateway checks the token's
signature and expiry with the public key (a forged or stale token never reaches a service)
and forwards it as the gRPC `authorization` metadata, with the address the request came from
(which the access audit records); the services decide what it allows."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from gateway.client_address import client_address
from phananh_common.access import OFFICER_ADDRESS_KEY
from phananh_common.errors import Unauthenticated

_bearer = HTTPBearer(auto_error=False, description="the access_token of POST /api/v1/auth/login")


async def _officer_metadata(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> tuple[tuple[str, str], ...]:
    if credentials is None:
        raise Unauthenticated("this call needs `Authorization: Bearer <access token>`")
    request.app.state.verifier.verify(credentials.credentials)
    return (
        ("authorization", f"Bearer {credentials.credentials}"),
        (OFFICER_ADDRESS_KEY, client_address(request)),
    )


# The gRPC metadata of an officer's call.
Officer = Annotated[tuple[tuple[str, str], ...], Depends(_officer_metadata)]
