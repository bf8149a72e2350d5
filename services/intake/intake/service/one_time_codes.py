"""One-time codes: issued to a phone with the event that has notification send them, within
the limits per phone and per client address; tried at a submission, which uses the code up
in its own transaction (intake.service.submissions)."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from intake import domain, otp
from intake.service.events import code_requested
from intake.store import one_time_codes
from phananh_common import outbox
from phananh_common.errors import InvalidArgument
from phananh_common.local_time import Clock


class OneTimeCodes:
    def __init__(self, engine: AsyncEngine, clock: Clock):
        self._engine = engine
        # The try is one statement, atomic alone: no BEGIN and COMMIT, two round trips fewer.
        self._one_statement = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._clock = clock

    async def issue(self, phone: str, client_address: str) -> datetime:
        """Sends a new code to the phone, unless it or the client address asked for too many
        lately (otp.PER_PHONE, otp.PER_CLIENT_ADDRESS: the codes are the count); when it
        expires."""
        phone = domain.normalise_phone(phone)
        if phone is None:
            raise InvalidArgument.on(
                "phone", "must be a Vietnamese mobile number: 0xxxxxxxxx or +84xxxxxxxxx"
            )
        now = self._clock()
        code, salt = otp.new_code(), otp.new_salt()
        expires_at = now + otp.VALID_FOR
        async with self._engine.begin() as conn:
            await one_time_codes.serialize_for_phone(conn, phone)
            for column, value, limit in (
                ("phone", phone, otp.PER_PHONE),
                ("client_address", client_address, otp.PER_CLIENT_ADDRESS),
            ):
                limit.check(
                    await one_time_codes.count_since(conn, column, value, now - limit.window)
                )
            await one_time_codes.add(
                conn,
                {
                    "code_id": uuid.uuid4(),
                    "phone": phone,
                    "client_address": client_address,
                    "salt": salt,
                    "digest": otp.digest(code, salt),
                    "created_at": now,
                    "expires_at": expires_at,
                },
            )
            await outbox.publish(conn, "intake", [code_requested(phone, code, expires_at)])
        return expires_at

    async def tried(self, phone: str, typed: str, now: datetime) -> uuid.UUID:
        """The id of the phone's newest code when `typed` is it (the submission uses it up);
        refused, saying why, otherwise. The try counts against the code."""
        typed = otp.typed_code(typed)
        async with self._one_statement.connect() as conn:
            tried = await one_time_codes.try_newest(conn, phone, otp.MAX_ATTEMPTS)
        otp.check(tried, typed, now)
        return tried.code_id
