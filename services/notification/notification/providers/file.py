"""The file provider: each SMS becomes one JSON line {"to", "text", "message_id", "event_id",
"sent_at"} appended to PHANANH_SMS_FILE (docs/http-api.md). One write() per line on a file opened
for appending, so replicas writing the same file never interleave their lines."""

import asyncio
import json
import os
from collections.abc import Callable
from datetime import datetime

from notification.domain import Attempt
from notification.providers import OutgoingSms


class FileProvider:
    name = "file"

    def __init__(self, path: str, clock: Callable[[], datetime]):
        self._path = path
        self._clock = clock

    async def start(self) -> None:
        pass

    async def send(self, sms: OutgoingSms) -> Attempt:
        line = {
            "to": sms.to,
            "text": sms.text,
            "message_id": str(sms.message_id),
            "event_id": str(sms.event_id),
            "sent_at": self._clock().isoformat(),
        }
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode()
        try:
            await asyncio.to_thread(self._append, data)
        except OSError as error:
            return Attempt.unanswered(f"cannot write the SMS file: {error.strerror}")
        return Attempt.ok(str(sms.message_id))

    def _append(self, data: bytes) -> None:
        fd = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    async def close(self) -> None:
        pass
