"""Accounts as the login tests drive them: the bootstrap admin, logging in and creating
accounts over gRPC, the gateway as called from any client address, and an officer's calls to
every service (to see a disabled account's or a revoked token's refusal reach each)."""

import contextlib
import uuid

import grpc
from google.rpc import error_details_pb2

from phananh.events.v1 import envelope_pb2, envelope_pb2_grpc
from phananh.intake.v1 import intake_pb2, intake_pb2_grpc
from phananh.notification.v1 import notification_pb2, notification_pb2_grpc
from phananh.reporting.v1 import reporting_pb2, reporting_pb2_grpc
from phananh.resolution.v1 import accounts_pb2 as pb
from phananh_common.access import GATEWAY
from phananh_common.grpc_errors import status_details
from tests.harness import bearer, gateway_client, scalar

ADMIN, ADMIN_PASSWORD, ADMIN_NEW_PASSWORD = "tinh.quantri", "mat-khau-ban-dau", "mat-khau-tinh-2"
# Where the gateway's callers are.
OFFICE, ATTACKER, ELSEWHERE = "198.51.100.20", "203.0.113.7", "203.0.113.99"


async def login(accounts, username, password, totp_code=""):
    return await accounts.Login(
        pb.LoginRequest(username=username, password=password, totp_code=totp_code)
    )


async def create(accounts, md, username, role, unit_code, initial_password=""):
    request = pb.CreateAccountRequest(
        username=username, role=role, unit_code=unit_code, initial_password=initial_password
    )
    return await accounts.CreateAccount(request, metadata=md)


async def admin_token(accounts) -> str:
    """The bootstrap admin's token after the required password change."""
    first = await login(accounts, ADMIN, ADMIN_PASSWORD)
    await accounts.ChangePassword(
        pb.ChangePasswordRequest(current_password=ADMIN_PASSWORD, new_password=ADMIN_NEW_PASSWORD),
        metadata=bearer(first.access_token),
    )
    return (await login(accounts, ADMIN, ADMIN_NEW_PASSWORD)).access_token


@contextlib.asynccontextmanager
async def gateways(system):
    """The gateway as called from any client address: `(await at(address)).post(…)`."""
    async with contextlib.AsyncExitStack() as stack:
        clients = {}

        async def at(address: str):
            if address not in clients:
                client = gateway_client(system, client_address=address)
                clients[address] = await stack.enter_async_context(client)
            return clients[address]

        yield at


async def login_from(gateway, address: str, username: str, password: str):
    return await (await gateway(address)).post(
        "/api/v1/auth/login", json={"username": username, "password": password}
    )


def answer(reply) -> tuple[int, dict, str | None]:
    return reply.status_code, reply.json(), reply.headers.get("retry-after")


async def answers(call) -> tuple[grpc.StatusCode, str]:
    """OK, or the code and ErrorInfo reason of the refusal."""
    try:
        await call
    except grpc.aio.AioRpcError as error:
        info = error_details_pb2.ErrorInfo()
        status = status_details(error)
        for detail in status.details if status else ():
            detail.Unpack(info)
        return error.code(), info.reason
    return grpc.StatusCode.OK, ""


OTHERS = ("intake", "notification", "reporting")


async def told(system, kind: str) -> bool:
    """Whether every other service holds the account's state as of resolution's latest
    security event of this kind."""
    urls = system.database_urls
    version = await scalar(
        urls["resolution"], "SELECT max(event_id) FROM security_events WHERE kind = :k", k=kind
    )
    sql = "SELECT count(*) FROM account_access WHERE version = :v"
    return [await scalar(urls[s], sql, v=version) for s in OTHERS] == [1, 1, 1]


# Who makes the officers' calls to each service: the gateway, but for intake's evidence,
# which resolution reads on their behalf.
OFFICERS_CALLERS = {
    "resolution": GATEWAY,
    "intake": "resolution",
    "notification": GATEWAY,
    "reporting": GATEWAY,
}


async def channels_to_every_service(
    stack: contextlib.AsyncExitStack, system, callers=OFFICERS_CALLERS
) -> dict:
    """A channel to each service of `callers` as its caller there, by name, closed with
    `stack`."""
    return {
        s: await stack.enter_async_context(system.channel(s, caller))
        for s, caller in callers.items()
    }


async def deliver_from_resolution(system, service: str, envelope) -> None:
    async with system.channel(service, "resolution") as channel:
        await envelope_pb2_grpc.EventConsumerServiceStub(channel).DeliverEvent(
            envelope_pb2.DeliverEventRequest(event=envelope)
        )


def officer_calls(channel: dict, token) -> dict:
    """A province officer's read in each service but resolution, by service."""
    intake = intake_pb2_grpc.IntakeServiceStub(channel["intake"])
    notification = notification_pb2_grpc.NotificationServiceStub(channel["notification"])
    reporting = reporting_pb2_grpc.ReportingServiceStub(channel["reporting"])
    return {
        "intake": lambda: intake.ListEvidence(
            intake_pb2.ListEvidenceRequest(complaint_id=str(uuid.uuid4())), metadata=token
        ),
        "notification": lambda: notification.ListDeadLetters(
            notification_pb2.ListDeadLettersRequest(), metadata=token
        ),
        "reporting": lambda: reporting.GetSummary(
            reporting_pb2.GetSummaryRequest(), metadata=token
        ),
    }
