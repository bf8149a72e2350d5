"""SMS providers, chosen by PHANANH_SMS_PROVIDER: `file` (JSON lines, for the demo and the
tests), `kannel` (an SMS gateway over HTTP) and `smpp` (an operator's SMSC, directly). Each
answers an attempt with a domain `Attempt`: accepted, worth retrying, or refused for good.
The SMS dispatcher starts and closes its provider."""

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

    async def start(self) -> None: ...

    async def send(self, sms: OutgoingSms) -> Attempt: ...

    async def close(self) -> None: ...
