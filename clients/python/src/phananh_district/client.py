"""PhananhClient: a district's calls to resolution's API (and to reporting's weekly reports,
at the same address in production, where one route serves both). It exchanges the API key for
an access token and renews the token before it expires, sets a deadline on every call, lets
gRPC retry only the reads (harmless to repeat) when the server is unavailable, and pages
through lists. Failures raise phananh_district.errors' types."""

import json
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import grpc

from phananh.reporting.v1 import reporting_pb2, reporting_pb2_grpc
from phananh.resolution.v1 import (
    accounts_pb2,
    accounts_pb2_grpc,
    resolution_pb2,
    resolution_pb2_grpc,
)
from phananh.types.v1 import types_pb2
from phananh_district.errors import Refused, translated

# Reads: repeating one is harmless, so they alone are retried on UNAVAILABLE. Decisions are
# not: a repeat of one that reached the server would be refused as stale, or decide twice.
IDEMPOTENT_READS = (
    "phananh.resolution.v1.ResolutionService/ListCases",
    "phananh.resolution.v1.ResolutionService/GetCase",
    "phananh.reporting.v1.ReportingService/GetWeeklyReport",
    "phananh.reporting.v1.ReportingService/ExportWeeklyReport",
)
PAGE_SIZE = 200


def _service_config() -> str:
    return json.dumps(
        {
            "methodConfig": [
                {
                    "name": [
                        dict(zip(("service", "method"), name.split("/"), strict=True))
                        for name in IDEMPOTENT_READS
                    ],
                    "retryPolicy": {
                        "maxAttempts": 4,
                        "initialBackoff": "0.2s",
                        "maxBackoff": "2s",
                        "backoffMultiplier": 2,
                        "retryableStatusCodes": ["UNAVAILABLE"],
                    },
                }
            ]
        }
    )


def case_status(name: str) -> int:
    """`ASSIGNED` → CaseStatus.CASE_STATUS_ASSIGNED; "" → unspecified (every status)."""
    return types_pb2.CaseStatus.Value(f"CASE_STATUS_{name}") if name else 0


class PhananhClient:
    """Resolution's API at `target` ("host:port"), as the account of `api_key`, and the weekly
    reports at `reports_target` (`target` unless given). Over TLS, trusting `ca_file`'s CA
    (the system's CAs without one), unless `plaintext`. Each call waits at most `timeout`
    seconds; the token is renewed `renew_before` seconds before it expires."""

    def __init__(
        self,
        target: str,
        *,
        api_key: str,
        ca_file: str | None = None,
        plaintext: bool = False,
        reports_target: str = "",
        timeout: float = 10.0,
        renew_before: float = 60.0,
    ):
        if plaintext and ca_file:
            raise ValueError("give either a CA file or plaintext, not both")
        self._target, self._reports_target = target, reports_target or target
        self._plaintext = plaintext
        self._api_key, self._timeout, self._renew_before = api_key, timeout, renew_before
        self._credentials = None
        if not plaintext:
            roots = Path(ca_file).read_bytes() if ca_file else None
            self._credentials = grpc.ssl_channel_credentials(roots)
        self._channels = {t: self._open(t) for t in {self._target, self._reports_target}}
        self._accounts = accounts_pb2_grpc.AccountServiceStub(self._channels[target])
        self._resolution = resolution_pb2_grpc.ResolutionServiceStub(self._channels[target])
        self._reporting = reporting_pb2_grpc.ReportingServiceStub(
            self._channels[self._reports_target]
        )
        self._token = ""
        self._renew_at = 0.0  # time.monotonic() from when the token is renewed

    def __enter__(self) -> "PhananhClient":
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType
    ) -> None:
        self.close()

    def _open(self, target: str) -> grpc.Channel:
        options = [("grpc.service_config", _service_config()), ("grpc.enable_retries", 1)]
        if self._credentials is None:
            return grpc.insecure_channel(target, options)
        return grpc.secure_channel(target, self._credentials, options)

    def close(self) -> None:
        for channel in self._channels.values():
            channel.close()

    def _renew_token(self) -> None:
        reply = self._call(
            self._accounts.ExchangeApiKey,
            accounts_pb2.ExchangeApiKeyRequest(api_key=self._api_key),
            exchange=True,
        )
        lifetime = (reply.expires_at.ToDatetime(tzinfo=UTC) - datetime.now(UTC)).total_seconds()
        # A short-lived token is renewed halfway through its life.
        self._renew_at = time.monotonic() + lifetime - min(self._renew_before, lifetime / 2)
        self._token = reply.access_token

    def _call(self, rpc, request, *, exchange: bool = False, target: str = ""):
        """The call to `target` (resolution's unless said)."""
        metadata = () if exchange else (("authorization", f"Bearer {self._token}"),)
        try:
            return rpc(request, timeout=self._timeout, metadata=metadata)
        except grpc.RpcError as error:
            raise translated(error, target or self._target, self._plaintext, exchange) from None

    def _authorized(self, rpc, request, target: str = ""):
        """The call with a token renewed when due; once more with a new token when the server
        no longer takes it (expired early on a skewed clock: the call did nothing)."""
        if time.monotonic() >= self._renew_at:
            self._renew_token()
        try:
            return self._call(rpc, request, target=target)
        except Refused as refused:
            if refused.code != grpc.StatusCode.UNAUTHENTICATED.name:
                raise
        self._renew_token()
        return self._call(rpc, request, target=target)

    def cases(
        self,
        *,
        status: str = "",
        unit_code: str = "",
        overdue: bool = False,
        page_size: int = PAGE_SIZE,
    ) -> Iterator[resolution_pb2.Case]:
        """The cases inside the account's unit (or `unit_code` inside it), oldest deadline
        first, every page (fetched `page_size` at a time as they are read); `status` a
        CaseStatus name (e.g. `ASSIGNED`)."""
        request = resolution_pb2.ListCasesRequest(
            status=case_status(status), unit_code=unit_code, overdue=overdue, page_size=page_size
        )
        while True:
            page = self._authorized(self._resolution.ListCases, request)
            yield from page.cases
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token

    def case(self, case_id: str) -> resolution_pb2.GetCaseResponse:
        """The case beside the registry: the complaint, evidence, candidate records, history."""
        return self._authorized(
            self._resolution.GetCase, resolution_pb2.GetCaseRequest(case_id=case_id)
        )

    def approve(
        self,
        case_id: str,
        corrections: Sequence[resolution_pb2.Correction],
        *,
        citizen_id: str = "",
        note: str = "",
        citizen_message: str = "",
        expected_version: int = 0,
    ) -> resolution_pb2.Case:
        """Corrects the record `citizen_id` (all corrections or none) and resolves the case;
        `note` stays with the officers, `citizen_message` is what the citizen reads."""
        request = resolution_pb2.ApproveCaseRequest(
            case_id=case_id,
            citizen_id=citizen_id,
            corrections=corrections,
            note=note,
            citizen_message=citizen_message,
            expected_version=expected_version,
        )
        return self._authorized(self._resolution.ApproveCase, request).case

    def reject(
        self,
        case_id: str,
        reason_code: str,
        *,
        note: str = "",
        citizen_message: str = "",
        expected_version: int = 0,
    ) -> resolution_pb2.Case:
        request = resolution_pb2.RejectCaseRequest(
            case_id=case_id,
            reason_code=reason_code,
            note=note,
            citizen_message=citizen_message,
            expected_version=expected_version,
        )
        return self._authorized(self._resolution.RejectCase, request).case

    def request_info(
        self, case_id: str, message: str, *, expected_version: int = 0
    ) -> resolution_pb2.Case:
        """Asks the citizen for more (by SMS); the deadline waits for the answer."""
        request = resolution_pb2.RequestInfoRequest(
            case_id=case_id, message=message, expected_version=expected_version
        )
        return self._authorized(self._resolution.RequestInfo, request).case

    def weekly_report(self, unit_code: str, week: str) -> reporting_pb2.WeeklyReport:
        """The district's report of an ISO week ("2021-W40")."""
        request = reporting_pb2.GetWeeklyReportRequest(unit_code=unit_code, week=week)
        reply = self._authorized(self._reporting.GetWeeklyReport, request, self._reports_target)
        return reply.report

    def export_weekly_report(
        self, unit_code: str, week: str, file_format: str
    ) -> reporting_pb2.ExportWeeklyReportResponse:
        """The report as a file: `file_format` `csv` or `xlsx`."""
        request = reporting_pb2.ExportWeeklyReportRequest(
            unit_code=unit_code,
            week=week,
            format=reporting_pb2.ExportFormat.Value(f"EXPORT_FORMAT_{file_format.upper()}"),
        )
        return self._authorized(self._reporting.ExportWeeklyReport, request, self._reports_target)
