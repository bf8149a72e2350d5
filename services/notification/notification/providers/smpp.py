"""SMPP 3.4 straight to an operator's SMSC, through smpp34 (the protocol in a Rust core, an
asyncio API). One transceiver session per process, kept bound: the library answers and sends
enquire_link (its keep-alive timer); a link that drops, or a bind the SMSC refuses, is bound
again after a backoff, and meanwhile a send is an outage of the provider (Attempt.unanswered:
the message waits, using up no attempt).

Each SMS is one submit_sm, a long one a submit_sm per part (the parts `domain.parts` counts)
with a concatenation header (UDH; its 8-bit reference taken from the message id, so a retry
sends the same reference). GSM-7 goes as data_coding 0 (the SMSC's default alphabet, one
septet a byte), UCS-2 as data_coding 8. The SMSC's message_id of the first part is the
message's provider id. Each part asks for its final receipt; a receipt (deliver_sm with the
receipt esm_class) becomes a delivery report through the same writer as Kannel's."""

import asyncio
import contextlib
import logging
import re
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

import smpp34

from notification.domain import (
    Attempt,
    DeliveryReport,
    Encoding,
    encoded,
    parts,
    status_after_receipt,
)
from notification.providers import OutgoingSms
from notification.reports import ReportWriter
from phananh_common.queues import retry_delay

log = logging.getLogger(__name__)

DATA_CODING = {Encoding.GSM7: 0x00, Encoding.UCS2: 0x08}
UDH_INDICATOR = 0x40  # esm_class: the short message starts with a user data header
RECEIPT = 0x04  # esm_class message type: an SMSC delivery receipt
MESSAGE_TYPE = 0x3C
FINAL_RECEIPT = 0x01  # registered_delivery: a receipt on final success or failure

# Type of number / numbering plan of an address.
TON_UNKNOWN, TON_INTERNATIONAL, TON_ALPHANUMERIC = 0, 1, 5
NPI_UNKNOWN, NPI_ISDN = 0, 1

# submit_sm_resp statuses that refuse the message itself, for good: a dead letter at once.
REFUSED = {
    0x01: "ESME_RINVMSGLEN",
    0x0A: "ESME_RINVSRCADR",
    0x0B: "ESME_RINVDSTADR",
    0x48: "ESME_RINVSRCTON",
    0x49: "ESME_RINVSRCNPI",
    0x50: "ESME_RINVDSTTON",
    0x51: "ESME_RINVDSTNPI",
    0x66: "ESME_RX_R_APPN",
}
# The SMSC's own state, not the message's: like an outage, they use up no attempt.
BUSY = {0x14: "ESME_RMSGQFUL", 0x58: "ESME_RTHROTTLED"}
# Any other status is worth retrying with the backoff (e.g. ESME_RSYSERR, ESME_RX_T_APPN).

# How long a send waits for a link being bound before it counts as an outage.
BIND_WAIT_SECONDS = 2.0
RECONNECT_CAP_SECONDS = 30.0
# The SMSC's ids of this process's recent sends, for the receipts that come back before the
# sending is committed (after that, the stored provider id finds the message).
REMEMBERED = 10_000
# A receipt of an id not found yet (another replica's send, not committed): tried again.
RECEIPT_TRIES, RECEIPT_RETRY_SECONDS = 3, 2.0

RECEIPT_TEXT = re.compile(rb"\bid:(?P<id>\S+).*?\bstat:(?P<stat>\w+)", re.DOTALL)


@dataclass(frozen=True)
class SmppAccount:
    host: str
    port: int
    system_id: str
    password: str = field(repr=False)
    system_type: str = ""
    tls: bool = False


def address(number_or_name: str) -> tuple[str, int, int]:
    """An address with its TON/NPI: a name (alphanumeric), an E.164 number, or digits."""
    if not number_or_name.lstrip("+").isdigit():
        return number_or_name, TON_ALPHANUMERIC, NPI_UNKNOWN
    if number_or_name.startswith("+"):
        return number_or_name[1:], TON_INTERNATIONAL, NPI_ISDN
    return number_or_name, TON_UNKNOWN, NPI_ISDN


def concatenation_header(reference: int, total: int, number: int) -> bytes:
    """UDH of one part of a concatenated message (IEI 0x00, 8-bit reference)."""
    return bytes((0x05, 0x00, 0x03, reference & 0xFF, total, number))


def outcome(command_status: int) -> Attempt:
    """The attempt a refused submit_sm makes."""
    code = f"0x{command_status:08x}"
    if command_status in REFUSED:
        return Attempt.refused(f"smsc refused: {REFUSED[command_status]} ({code})")
    if command_status in BUSY:
        return Attempt.unanswered(f"smsc busy: {BUSY[command_status]} ({code})")
    return Attempt.retry(f"smsc error {code}")


def read_receipt(short_message: bytes, tlvs: dict[int, bytes]) -> tuple[str, str] | None:
    """(the SMSC's message id, its state) of a receipt: the receipted_message_id and
    message_state parameters when it has them, else its text (`id:… stat:…`)."""
    text = RECEIPT_TEXT.search(short_message)
    smsc_id = tlvs.get(smpp34.TLV_RECEIPTED_MESSAGE_ID, b"").rstrip(b"\0").decode(errors="replace")
    state = tlvs.get(smpp34.TLV_MESSAGE_STATE, b"")
    if not smsc_id and text:
        smsc_id = text["id"].decode(errors="replace")
    if not smsc_id:
        return None
    if state:
        return smsc_id, str(state[0])
    return smsc_id, text["stat"].decode(errors="replace") if text else ""


class SmppProvider:
    name = "smpp"

    def __init__(
        self, account: SmppAccount, sender: str, reports: ReportWriter, timeout_seconds: float
    ):
        self._account = account
        self._sender = address(sender)
        self._reports = reports
        self._timeout = timeout_seconds
        self._smsc: smpp34.Smsc | None = None
        self._bound = asyncio.Event()
        self._link: asyncio.Task | None = None
        self._receipts: set[asyncio.Task] = set()
        self._sent: OrderedDict[str, uuid.UUID] = OrderedDict()
        self._closing = False

    async def start(self) -> None:
        self._link = asyncio.create_task(self._keep_bound())

    async def close(self) -> None:
        self._closing = True
        if self._smsc is not None:
            # Unbound politely if the SMSC answers; the link goes down with the client anyway.
            with contextlib.suppress(smpp34.SmppError, TimeoutError):
                await asyncio.wait_for(self._smsc.unbind(), self._timeout)
        for task in (self._link, *self._receipts):
            if task is not None:
                task.cancel()
        await asyncio.gather(*filter(None, (self._link, *self._receipts)), return_exceptions=True)

    async def send(self, sms: OutgoingSms) -> Attempt:
        smsc = await self._session()
        if smsc is None:
            return Attempt.unanswered("smsc not bound")
        source, source_ton, source_npi = self._sender
        destination, destination_ton, destination_npi = address(sms.to)
        texts = parts(sms.text, sms.encoding)
        reference = sms.message_id.int & 0xFF
        first_id = ""
        for number, text in enumerate(texts, start=1):
            body, esm_class = encoded(text, sms.encoding), 0
            if len(texts) > 1:
                body = concatenation_header(reference, len(texts), number) + body
                esm_class = UDH_INDICATOR
            try:
                submitted = smsc.submit_sm(
                    destination,
                    body,
                    source_addr=source,
                    source_addr_ton=source_ton,
                    source_addr_npi=source_npi,
                    dest_addr_ton=destination_ton,
                    dest_addr_npi=destination_npi,
                    esm_class=esm_class,
                    data_coding=DATA_CODING[sms.encoding],
                    registered_delivery=FINAL_RECEIPT,
                )
                reply = await asyncio.wait_for(submitted, self._timeout)
            except smpp34.SmppError as error:
                return Attempt.unanswered(f"smsc unreachable: {error}")
            except TimeoutError:
                return Attempt.unanswered("smsc did not answer submit_sm")
            if not reply.is_success:
                return outcome(reply.command_status)
            smsc_id = reply.message_id or ""
            self._remember(smsc_id, sms.message_id)
            first_id = first_id or smsc_id
        return Attempt.ok(first_id)

    async def _session(self) -> smpp34.Smsc | None:
        try:
            await asyncio.wait_for(self._bound.wait(), BIND_WAIT_SECONDS)
        except TimeoutError:
            return None
        return self._smsc

    def _remember(self, smsc_id: str, message_id: uuid.UUID) -> None:
        if smsc_id:
            self._sent[smsc_id] = message_id
            while len(self._sent) > REMEMBERED:
                self._sent.popitem(last=False)

    async def _keep_bound(self) -> None:
        account, failures = self._account, 0
        where = f"{account.host}:{account.port}"
        while not self._closing:
            client = smpp34.Client(
                account.host,
                account.port,
                account.system_id,
                account.password,
                bind_type="TRX",
                system_type=account.system_type,
                tls=account.tls,
                connect_timeout_ms=int(self._timeout * 1000),
            )
            try:
                smsc = await client.connect()
            except (smpp34.SmppError, OSError, TimeoutError) as error:
                failures += 1
                delay = min(RECONNECT_CAP_SECONDS, retry_delay(failures))
                log.warning("SMSC %s not bound (%s); again in %.1f s", where, error, delay)
                await asyncio.sleep(delay)
                continue
            failures = 0
            self._smsc = smsc
            self._bound.set()
            log.info("bound to the SMSC %s as %s", where, account.system_id)
            try:
                await self._receive(smsc)
            finally:
                self._bound.clear()
                self._smsc = None
                await asyncio.shield(client.stop())
            if not self._closing:
                log.warning("the link to the SMSC %s dropped; binding again", where)

    async def _receive(self, smsc: smpp34.Smsc) -> None:
        """Until the link drops: receipts become delivery reports (other deliver_sm, replies
        from citizens, are not read by this service; the library acknowledges them)."""
        while True:
            event = await smsc.next()
            if isinstance(event, smpp34.Disconnected):
                return
            if event.esm_class & MESSAGE_TYPE != RECEIPT:
                continue
            receipt = read_receipt(event.short_message, {t.tag: t.value for t in event.tlvs})
            if receipt is None:
                log.warning("a delivery receipt without a message id")
                continue
            smsc_id, state = receipt
            status = status_after_receipt(state)
            # The id is forgotten once a final receipt came.
            message_id = (self._sent.pop if status else self._sent.get)(smsc_id, None)
            report = DeliveryReport(message_id, status, smsc_id)
            task = asyncio.create_task(self._keep(report))
            self._receipts.add(task)
            task.add_done_callback(self._receipts.discard)

    async def _keep(self, report: DeliveryReport) -> None:
        for _ in range(RECEIPT_TRIES):
            try:
                if await self._reports.write(report):
                    return
            except Exception:  # the SMSC has its answer already: log it and go on
                log.exception("a delivery receipt could not be kept")
                return
            await asyncio.sleep(RECEIPT_RETRY_SECONDS)
        log.info("a receipt of an unknown message (SMSC id %s)", report.provider_message_id)
