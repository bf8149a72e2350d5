"""Who may call what, declared per RPC and enforced in one place.

Every service hands, with each servicer, a table of its methods' rules (`Servicer.of(...,
access={...})`); the server refuses to start while a method has none. The interceptor reads
the bearer token from the `authorization` metadata, checks the rule and leaves the caller in
`current_principal()` for the servicer. Event delivery, health and reflection are internal
(a NetworkPolicy keeps them inside the cluster) and take no token.
"""

import contextvars
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

import grpc

from phananh_common.errors import PermissionDenied, Unauthenticated
from phananh_common.tokens import PASSWORD_CHANGE_REQUIRED, Principal, TokenVerifier
from phananh_common.units import units

PROVINCE_ADMIN = "PROVINCE_ADMIN"
PROVINCE_OFFICER = "PROVINCE_OFFICER"
DISTRICT_ADMIN = "DISTRICT_ADMIN"
DISTRICT_OFFICER = "DISTRICT_OFFICER"
COMMUNE_OFFICER = "COMMUNE_OFFICER"
FACILITY_OFFICER = "FACILITY_OFFICER"
ROLES = (
    PROVINCE_ADMIN,
    PROVINCE_OFFICER,
    DISTRICT_ADMIN,
    DISTRICT_OFFICER,
    COMMUNE_OFFICER,
    FACILITY_OFFICER,
)
ADMINS = frozenset({PROVINCE_ADMIN, DISTRICT_ADMIN})
# Those who work cases: everyone but the facilities, which only re-check.
CASE_WORKERS = frozenset(set(ROLES) - {FACILITY_OFFICER})
PROVINCE_ROLES = frozenset({PROVINCE_ADMIN, PROVINCE_OFFICER})

INTERNAL_SERVICES = (
    "phananh.events.v1.EventConsumerService",
    "grpc.health.v1.Health",
    "grpc.reflection.v1alpha.ServerReflection",
    "grpc.reflection.v1.ServerReflection",
)


@dataclass(frozen=True)
class Rule:
    """`roles` empty: public. `during`: the restrictions (e.g. a password change still due)
    under which the call is still allowed. `unit_field`: a request field naming a unit, which
    must lie inside the caller's unit; left empty, it is set to the caller's unit."""

    roles: frozenset[str] = frozenset()
    during: frozenset[str] = frozenset()
    unit_field: str = ""

    @property
    def public(self) -> bool:
        return not self.roles


PUBLIC = Rule()


def officers(roles=frozenset(ROLES), *, during=frozenset(), unit_field: str = "") -> Rule:
    return Rule(frozenset(roles), frozenset(during), unit_field)


_principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar(
    "principal", default=None
)


def current_principal() -> Principal:
    """The caller of the RPC being served (only for RPCs whose rule is not public)."""
    principal = _principal.get()
    if principal is None:
        raise Unauthenticated("this call needs an officer's access token")
    return principal


def covers(principal: Principal, unit_code: str) -> bool:
    """Whether `unit_code` is the caller's unit or lies inside it (a facility's code covers
    only itself)."""
    return unit_code == principal.unit_code or units().covers(principal.unit_code, unit_code)


def bearer_token(metadata) -> str:
    for key, value in metadata or ():
        if key == "authorization":
            scheme, _, token = str(value).partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            break
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
        account_state: Callable[[Principal], Awaitable[AccountState | None]] | None = None,
    ):
        self._rules = dict(rules)
        self._verifier = verifier
        self._account_state = account_state

    def check_complete(self, methods: list[str]) -> None:
        missing = [m for m in methods if m not in self._rules]
        if missing:
            raise LookupError(f"no access rule for {', '.join(missing)}")

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        method = handler_call_details.method
        if handler is None or method.split("/")[1] in INTERNAL_SERVICES:
            return handler
        rule = self._rules[method]
        if rule.public:
            return handler
        inner = handler.unary_unary

        async def checked(request, context):
            principal = self._verifier.verify(bearer_token(context.invocation_metadata()))
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
