"""Who may call what, declared per RPC and enforced in one place.

Every service hands, with each servicer, a table of its methods' rules (`Servicer.of(...,
access={...})`); the server refuses to start while a method has none. A rule names who calls:
officers (their bearer token in `authorization`), our services (a service token,
phananh_common.service_tokens), or both (the gateway calling on an officer's behalf). Every
RPC is internal, taking only the services' identities, unless its table is open to direct
clients (resolution's API, which district clients call with their officers' tokens). The
interceptor checks the rule and leaves the caller in `current_principal()` and
`calling_service()` for the servicer. Health and reflection take no identity at all.
"""

import contextvars
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import unquote

import grpc

from phananh_common.errors import InvalidArgument, PermissionDenied, Unauthenticated
from phananh_common.roles import ROLES, covers
from phananh_common.service_tokens import METADATA_KEY, REFUSED, ServiceTokenVerifier
from phananh_common.tokens import PASSWORD_CHANGE_REQUIRED, Principal, TokenVerifier

GATEWAY = "gateway"

# Open to any caller: kubelet's gRPC probes and tools (grpcurl) come without identity. Health
# tells only SERVING or not; reflection only the APIs' shapes, which protos/ publishes anyway.
OPEN_SERVICES = (
    "grpc.health.v1.Health",
    "grpc.reflection.v1alpha.ServerReflection",
    "grpc.reflection.v1.ServerReflection",
)


@dataclass(frozen=True)
class Rule:
    """`roles`: the officers whose token the call takes; empty: it needs none and refuses one
    (unless `direct`). `services`: the services whose identity it takes (the gateway unless
    said otherwise). `direct`: it is also taken without any service's identity: from an
    officer's own client with the officer's token, or from anyone when `roles` is empty.
    `during`: the restrictions (e.g. a password change still due) under which the call is
    still allowed. `unit_field`: a request field naming a unit, which must lie inside the
    caller's unit; left empty, it is set to the caller's unit."""

    roles: frozenset[str] = frozenset()
    during: frozenset[str] = frozenset()
    unit_field: str = ""
    services: frozenset[str] = frozenset({GATEWAY})
    direct: bool = False


# No officer's token: a citizen's call (the gateway brings it, and says the citizen's address)
# or a login.
PUBLIC = Rule()


def officers(
    roles=frozenset(ROLES),
    *,
    during=frozenset(),
    unit_field: str = "",
    via: Iterable[str] = (GATEWAY,),
) -> Rule:
    """Officers of `roles`, through the services `via` (the gateway by default)."""
    return Rule(frozenset(roles), frozenset(during), unit_field, frozenset(via))


def services(*names: str) -> Rule:
    """Our services `names` alone, without an officer (e.g. event delivery)."""
    return Rule(services=frozenset(names))


def open_to_clients(access: Mapping[str, Rule]) -> dict[str, Rule]:
    """The rules, each also taken directly, without a service's identity: for an API that
    officers' own clients call (resolution's, for district clients)."""
    return {name: replace(rule, direct=True) for name, rule in access.items()}


_principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar(
    "principal", default=None
)
_calling_service: contextvars.ContextVar[str] = contextvars.ContextVar(
    "calling_service", default=""
)


def current_principal() -> Principal:
    """The caller of the RPC being served (only for RPCs whose rule is not public)."""
    principal = _principal.get()
    if principal is None:
        raise Unauthenticated("this call needs an officer's access token")
    return principal


def calling_service() -> str:
    """The service making the RPC being served, as its token proves; "" for a direct caller."""
    return _calling_service.get()


def peer_address(peer: str) -> str:
    """ "ipv4:10.0.0.5:53122" → "10.0.0.5", "ipv6:%5B::1%5D:53122" → "::1": the address of
    the caller's connection without its port."""
    kind, _, rest = peer.partition(":")
    if kind not in ("ipv4", "ipv6"):
        return peer[:100]
    host = unquote(rest).rsplit(":", 1)[0]
    return host.removeprefix("[").removesuffix("]")


def client_address(claimed: str, context: grpc.aio.ServicerContext) -> str:
    """The address that the per-address limits count for this call. The gateway alone says
    where its client came from (it sees the HTTP request and trusts only its proxies), so a
    request's `claimed` address counts only from it; any other caller counts as its own
    connection's address, whatever it claims."""
    if claimed and calling_service() == GATEWAY:
        if len(claimed) > 100:
            raise InvalidArgument.on("client_address", "must be at most 100 characters")
        return claimed
    return peer_address(context.peer())


# The gateway's client's address on an officer's call (the access audit's `client_address`).
OFFICER_ADDRESS_KEY = "phananh-client-address"


def officer_address(context: grpc.aio.ServicerContext) -> str:
    """Where an officer's call came from: the address the gateway says for its client, or the
    connection's own for any other caller (a district client calling directly)."""
    claimed = _metadata_value(context.invocation_metadata(), OFFICER_ADDRESS_KEY)
    if claimed and calling_service() == GATEWAY:
        return claimed[:100]
    return peer_address(context.peer())


def _metadata_value(metadata, wanted: str) -> str | None:
    for key, value in metadata or ():
        if key == wanted:
            return str(value)
    return None


def bearer_token(metadata) -> str:
    scheme, _, token = (_metadata_value(metadata, "authorization") or "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    raise Unauthenticated("this call needs `authorization: Bearer <access token>`")


def authorize(rule: Rule, principal: Principal, request) -> None:
    """Raises unless the rule lets the principal make this request."""
    if principal.restriction and principal.restriction not in rule.during:
        reason = principal.restriction
        what = "change your password" if reason == PASSWORD_CHANGE_REQUIRED else "enrol TOTP"
        raise PermissionDenied(f"{what} before anything else", reason=reason)
    if principal.role not in rule.roles:
        raise PermissionDenied("your role may not make this call")
    if rule.unit_field:
        asked = getattr(request, rule.unit_field)
        if not asked:
            setattr(request, rule.unit_field, principal.unit_code)
        elif not covers(principal, asked):
            raise PermissionDenied(f"{rule.unit_field} is outside your unit")


@dataclass(frozen=True)
class AccountState:
    """What the accounts' owner last said of a token's account."""

    disabled: bool
    # A password reset or change: the tokens issued before it are refused.
    tokens_valid_from: datetime | None = None


def check_account(principal: Principal, state: AccountState | None) -> None:
    """Raises unless the token's account still accepts it (no state: nothing was said)."""
    if state is None:
        return
    if state.disabled:
        raise Unauthenticated("this account is disabled", reason="ACCOUNT_DISABLED")
    valid_from = state.tokens_valid_from
    if valid_from and (principal.issued_at is None or principal.issued_at < valid_from):
        raise Unauthenticated(
            "the password was changed or reset after this token was issued; log in again",
            reason="TOKEN_REVOKED",
        )


class AccessInterceptor(grpc.aio.ServerInterceptor):
    """Applies the declared rule of each method; it runs inside the error interceptor, so the
    errors it raises become statuses like any other."""

    def __init__(
        self,
        rules: Mapping[str, Rule],
        verifier: TokenVerifier,
        service_verifier: ServiceTokenVerifier,
        account_state: Callable[[Principal], Awaitable[AccountState | None]] | None = None,
    ):
        self._rules = dict(rules)
        self._verifier = verifier
        self._service_verifier = service_verifier
        self._account_state = account_state

    def check_complete(self, methods: list[str]) -> None:
        missing = [m for m in methods if m not in self._rules]
        if missing:
            raise LookupError(f"no access rule for {', '.join(missing)}")

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        method = handler_call_details.method
        if handler is None or method.split("/")[1] in OPEN_SERVICES:
            return handler
        rule = self._rules[method]
        inner = handler.unary_unary

        async def checked(request, context):
            metadata = context.invocation_metadata()
            _calling_service.set(self._calling_service(rule, metadata))
            if rule.roles:
                principal = self._verifier.verify(bearer_token(metadata))
                if self._account_state:
                    check_account(principal, await self._account_state(principal))
                authorize(rule, principal, request)
                _principal.set(principal)
            return await inner(request, context)

        return grpc.unary_unary_rpc_method_handler(
            checked,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    def _calling_service(self, rule: Rule, metadata) -> str:
        """The service making the call ("" for a direct caller), once the rule takes it."""
        if not rule.roles and not rule.direct and _metadata_value(metadata, "authorization"):
            raise PermissionDenied(
                "this call is internal: it never takes an officer's token", reason=REFUSED
            )
        token = _metadata_value(metadata, METADATA_KEY)
        if token is None:
            if rule.direct:
                return ""
            raise Unauthenticated(
                "this call is internal: it takes only our services' identity", reason=REFUSED
            )
        service = self._service_verifier.verify(token)
        if service not in rule.services:
            raise PermissionDenied(f"the service {service} may not make this call", reason=REFUSED)
        return service
