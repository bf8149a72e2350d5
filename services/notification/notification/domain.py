"""Notification's rules, without I/O: which message an event makes, its text (Vietnamese, without
diacritics unless asked), how many SMS segments it costs, the quiet hours, and what happens
to a message after each attempt or delivery report."""

import math
import re
import tomllib
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from phananh_common.local_time import LOCAL_ZONE
from phananh_common.people import without_diacritics


class Kind(StrEnum):
    COMPLAINT_RECEIVED = "COMPLAINT_RECEIVED"
    ONE_TIME_CODE = "ONE_TIME_CODE"
    INFORMATION_NEEDED = "INFORMATION_NEEDED"
    RESOLVED = "RESOLVED"
    REJECTED = "REJECTED"
    DUPLICATE = "DUPLICATE"
    OVERDUE_DIGEST = "OVERDUE_DIGEST"


class Status(StrEnum):
    QUEUED = "QUEUED"
    SENT = "SENT"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    DEAD = "DEAD"
    EXPIRED = "EXPIRED"


# The order the queue sends in when it is behind (lowest first; within one, oldest due first).
# A one-time code is useless after five minutes; an outcome is the order's promise to the
# citizen; the acknowledgement (its tracking code is already on the citizen's screen) and an
# officer's daily digest can wait behind them.
SEND_PRIORITY = {
    Kind.ONE_TIME_CODE: 0,
    Kind.INFORMATION_NEEDED: 1,
    Kind.RESOLVED: 1,
    Kind.REJECTED: 1,
    Kind.DUPLICATE: 1,
    Kind.COMPLAINT_RECEIVED: 2,
    Kind.OVERDUE_DIGEST: 2,
}

# The statuses an operator may send again.
REDRIVABLE = (Status.DEAD, Status.FAILED)

# A case outcome (CaseOutcome.kind without its prefix) → the message that tells the citizen.
OUTCOME_MESSAGES = {
    "RESOLVED": Kind.RESOLVED,
    "REJECTED": Kind.REJECTED,
    "NEEDS_INFO": Kind.INFORMATION_NEEDED,
    "DUPLICATE": Kind.DUPLICATE,
}

# A phone number as the messages are sent to it.
E164 = re.compile(r"^\+\d{8,15}$")

# Free text that may be shortened to keep a message within its segments.
SHORTENABLE = ("message", "advice")
ELLIPSIS = "..."


# The GSM 03.38 default alphabet in code order (0x1B, the escape, as "\x1b"), and its
# extension table (character → code after the escape), whose characters take two septets.
GSM7_CODES = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_ESCAPE = 0x1B
GSM7_EXTENSION_CODES = {
    "\f": 0x0A, "^": 0x14, "{": 0x28, "}": 0x29, "\\": 0x2F,
    "[": 0x3C, "~": 0x3D, "]": 0x3E, "|": 0x40, "€": 0x65,
}  # fmt: skip
GSM7_BASIC = frozenset(GSM7_CODES) - {"\x1b"}
GSM7_EXTENSION = frozenset(GSM7_EXTENSION_CODES)


class Encoding(StrEnum):
    GSM7 = "GSM7"
    UCS2 = "UCS2"


# Units (septets or UTF-16 code units) in one single message, and in each part of a long one.
LIMITS = {Encoding.GSM7: (160, 153), Encoding.UCS2: (70, 67)}


def _units(char: str, encoding: Encoding) -> int:
    if encoding is Encoding.GSM7:
        return 2 if char in GSM7_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1  # a surrogate pair


def encoding_of(text: str) -> Encoding:
    gsm7 = GSM7_BASIC | GSM7_EXTENSION
    return Encoding.GSM7 if all(c in gsm7 for c in text) else Encoding.UCS2


def parts(text: str, encoding: Encoding) -> list[str]:
    """The text as the SMS that carry it: one, or the parts of a concatenated message. A
    character is never split between two parts (an extension character's escape stays with
    it, a surrogate pair stays whole)."""
    single, part = LIMITS[encoding]
    units = [_units(c, encoding) for c in text]
    if sum(units) <= single:
        return [text]
    cut, start, used = [], 0, 0
    for index, size in enumerate(units):
        if used + size > part:
            cut.append(text[start:index])
            start, used = index, 0
        used += size
    return [*cut, text[start:]]


def segments(text: str, encoding: Encoding) -> int:
    """How many SMS the text takes."""
    return len(parts(text, encoding))


def gsm7_septets(text: str) -> bytes:
    """GSM-7 text as SMPP's default alphabet carries it: one septet a byte (unpacked), an
    extension character as the escape and its code."""
    septets = bytearray()
    for char in text:
        if char in GSM7_EXTENSION_CODES:
            septets += bytes((GSM7_ESCAPE, GSM7_EXTENSION_CODES[char]))
        else:
            septets.append(GSM7_CODES.index(char))
    return bytes(septets)


def encoded(text: str, encoding: Encoding) -> bytes:
    """The bytes of an SMS's text: GSM-7 septets, or UCS-2 (UTF-16, big-endian)."""
    if encoding is Encoding.GSM7:
        return gsm7_septets(text)
    return text.encode("utf-16-be")


@dataclass(frozen=True)
class Sms:
    text: str
    encoding: Encoding
    segments: int


class Templates:
    """The texts of `templates.toml`, rendered for one policy (diacritics, segment bound)."""

    def __init__(self, toml_text: str, *, unicode: bool, max_segments: int):
        data = tomllib.loads(toml_text)
        self.messages: dict[str, str] = data["messages"]
        self.certificate_levels: dict[str, str] = data["certificate_levels"]
        self.reasons: dict[str, str] = data["reasons"]
        self.unicode = unicode
        self.max_segments = max_segments
        missing = {k.value for k in Kind} - set(self.messages)
        if missing:
            raise ValueError(f"templates missing for {sorted(missing)}")
        for kind, template in self.messages.items():
            fixed = self._finish(re.sub(r"\{\w+\}", "", template))
            if fixed.segments > max_segments:
                raise ValueError(f"template {kind} alone takes more than {max_segments} SMS")

    def _finish(self, text: str) -> Sms:
        text = " ".join(text.split())  # officers' line breaks and double spaces cost segments
        if not self.unicode:
            # What the GSM-7 alphabet cannot write after that would force UCS-2: replace it.
            gsm7 = GSM7_BASIC | GSM7_EXTENSION
            text = "".join(c if c in gsm7 else "?" for c in without_diacritics(text))
        encoding = encoding_of(text)
        return Sms(text, encoding, segments(text, encoding))

    def render(self, kind: Kind, **fields: str) -> Sms:
        """The message's text; the officer's words and the advice are shortened (ending in
        "...") when the whole would take more than `max_segments` SMS."""
        template = self.messages[kind]
        fields = {k: " ".join(v.split()) for k, v in fields.items()}
        sms = self._finish(template.format(**fields))
        while sms.segments > self.max_segments:
            longest = max(SHORTENABLE, key=lambda k: len(fields.get(k, "")))
            value = fields.get(longest, "").removesuffix(ELLIPSIS)
            if not value:
                break  # unreachable: the fixed part fits (checked at start)
            single, part = LIMITS[sms.encoding]
            allowed = single if self.max_segments == 1 else part * self.max_segments
            excess = len(sms.text) - allowed
            fields[longest] = value[: max(0, len(value) - max(excess, 1))].rstrip() + ELLIPSIS
            sms = self._finish(template.format(**fields))
        return sms

    def outcome_fields(
        self, kind: Kind, tracking_code: str, message: str, level: str, reason: str, advice: str
    ) -> dict[str, str]:
        """The placeholders of an outcome message, from the case outcome's fields."""
        fields = {"tracking_code": tracking_code, "message": message, "advice": advice}
        if kind is Kind.RESOLVED:
            fields["certificate_level"] = self.certificate_levels.get(level, "")
        if kind is Kind.REJECTED:
            fields["reason"] = self.reasons.get(reason, self.reasons["OTHER"])
        return fields


def end_of_local_day(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), LOCAL_ZONE)


def one_time_code_minutes(now: datetime, expires_at: datetime) -> str:
    return str(max(1, math.ceil((expires_at - now).total_seconds() / 60)))


@dataclass(frozen=True)
class QuietHours:
    """Local hours (Asia/Ho_Chi_Minh) when no SMS but one-time codes leaves; may span
    midnight ("22:00-07:00"). None: no quiet hours."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> "QuietHours | None":
        if not text.strip():
            return None
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", text)
        if not match:
            raise ValueError("must be HH:MM-HH:MM, e.g. 22:00-07:00, or empty")
        h1, m1, h2, m2 = map(int, match.groups())
        try:
            quiet = cls(time(h1, m1), time(h2, m2))
        except ValueError:
            raise ValueError("hours must be 00:00 to 23:59") from None
        if quiet.start == quiet.end:
            raise ValueError("start and end must differ (leave it empty for no quiet hours)")
        return quiet

    def covers(self, instant: datetime) -> bool:
        local = instant.astimezone(LOCAL_ZONE).time()
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end


@dataclass(frozen=True)
class Attempt:
    """What the provider answered: accepted (with its id, if it gives one at once), a
    temporary failure worth retrying, a permanent refusal, or no answer at all (the provider
    is down: its outage, not the message's failure)."""

    accepted: bool
    permanent: bool = False
    error: str = ""
    provider_message_id: str = ""
    provider_down: bool = False

    @classmethod
    def ok(cls, provider_message_id: str = "") -> "Attempt":
        return cls(True, provider_message_id=provider_message_id)

    @classmethod
    def retry(cls, error: str) -> "Attempt":
        return cls(False, error=error[:500])

    @classmethod
    def refused(cls, error: str) -> "Attempt":
        return cls(False, permanent=True, error=error[:500])

    @classmethod
    def unanswered(cls, error: str) -> "Attempt":
        return cls(False, error=error[:500], provider_down=True)


def after_failure(attempt: Attempt, attempts_so_far: int, max_attempts: int) -> bool:
    """Whether a failed attempt is the last one (the item becomes a dead letter). A provider
    that is down uses up no message's attempts: an outage of a minute would otherwise turn
    every message queued during it into a dead letter (the backoff reaches the eighth
    attempt within a minute); they wait, backed off, until it answers again."""
    if attempt.provider_down:
        return False
    return attempt.permanent or attempts_so_far + 1 >= max_attempts


# Kannel's delivery report types (the dlr-mask bits): 1 delivered, 2 undelivered, 4 buffered
# by the SMSC, 8 accepted by the SMSC, 16 rejected by the SMSC.
DLR_DELIVERED, DLR_UNDELIVERED, DLR_BUFFERED, DLR_SMSC_ACCEPTED, DLR_SMSC_REJECTED = 1, 2, 4, 8, 16
DLR_TYPES = 31
# The final reports only: the intermediate ones would double the callbacks for nothing (the
# final ones carry the SMSC's id too).
DLR_MASK = DLR_DELIVERED | DLR_UNDELIVERED | DLR_SMSC_REJECTED


def status_after_report(report_type: int) -> Status | None:
    """The final status a delivery report sets; None for the intermediate reports."""
    if report_type == DLR_DELIVERED:
        return Status.DELIVERED
    if report_type in (DLR_UNDELIVERED, DLR_SMSC_REJECTED):
        return Status.FAILED
    return None


# The SMSC's receipt states (SMPP 3.4's `stat:` words, and the message_state values), final
# or not: delivered, or failed for good; the others say nothing final.
RECEIPT_DELIVERED = {"DELIVRD", "2"}
RECEIPT_FAILED = {"UNDELIV", "EXPIRED", "DELETED", "REJECTD", "3", "4", "5", "8"}


def status_after_receipt(state: str) -> Status | None:
    """The final status an SMPP delivery receipt sets; None for an intermediate one."""
    if state in RECEIPT_DELIVERED:
        return Status.DELIVERED
    if state in RECEIPT_FAILED:
        return Status.FAILED
    return None


# --- what the operator reads, and what a provider reports -------------------------------------


@dataclass(frozen=True)
class MessageRow:
    message_id: uuid.UUID
    tracking_code: str
    kind: str
    status: str
    event_id: uuid.UUID
    created_at: datetime
    attempts: int
    last_error: str | None
    provider_message_id: str | None
    sent_at: datetime | None
    delivered_at: datetime | None
    segments: int
    has_recipient: bool


@dataclass(frozen=True)
class SyncRow:
    sync_id: uuid.UUID
    event_id: uuid.UUID
    tracking_code: str
    citizen_id: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    # The health book's OperationOutcome of a refusal.
    operation_outcome: dict | None


# A page's position: the creation time and id of its last row.
PageKey = tuple[datetime, uuid.UUID]


@dataclass(frozen=True)
class DeliveryReport:
    # None: a report that names the message by the provider's id only (an SMPP receipt).
    message_id: uuid.UUID | None
    # The final status it reports; None for an intermediate report.
    status: Status | None
    provider_message_id: str
