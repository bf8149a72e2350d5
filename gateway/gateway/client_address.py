"""The address a request came from, which the services' per-address limits count. Behind a
proxy that uvicorn trusts (`PHANANH_TRUSTED_PROXIES`), it is the one the proxy forwarded."""

from fastapi import Request


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""
