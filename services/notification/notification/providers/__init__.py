"""SMS providers, chosen by PHANANH_SMS_PROVIDER: `file` (JSON lines, for the demo and the
tests) and `kannel` (an SMS gateway over HTTP). Each answers an attempt with a domain
`Attempt`: accepted, worth retrying, or refused for good."""

import uuid
from dataclasses import dataclass
from typing import Protocol

from notification.domain import Attempt, Encoding


@dataclass(frozen=True)
class OutgoingSms:
    message_id: uuid.UUID
    event_id: uuid.UUID
    to: str
    text: str
    encoding: Encoding


class SmsProvider(Protocol):
    name: str

    async def send(self, sms: OutgoingSms) -> Attempt: ...

    async def close(self) -> None: ...
