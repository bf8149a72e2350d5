"""Commune teams at scale: a district admin creates its communes' accounts from one CSV file
(`username,role,unit_code,phone`, a header line first), all or nothing. Each line is checked
as a single account's creation would be; a refusal names its line (`line[3].unit_code`) and
nothing is created. The generated passwords are given back once; each must be changed at the
first login, as any new account's."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from phananh_common.csv_files import uploaded_rows
from phananh_common.errors import (
    AlreadyExists,
    FieldViolation,
    InvalidArgument,
    PermissionDenied,
)
from phananh_common.tokens import Principal
from resolution.accounts.domain import Account
from resolution.accounts.service.accounts import Accounts

HEADER = ["username", "role", "unit_code", "phone"]
MAX_BYTES = 1024 * 1024
MAX_ACCOUNTS = 1000


@dataclass(frozen=True)
class Imported:
    account: Account
    password: str


def _on_line(line: int, error: InvalidArgument | PermissionDenied) -> list[FieldViolation]:
    if isinstance(error, PermissionDenied):
        return [FieldViolation(f"line[{line}].unit_code", error.message)]
    return [
        FieldViolation(f"line[{line}].{v.field}", v.description, v.reason) for v in error.violations
    ]


class AccountImports:
    def __init__(self, engine: AsyncEngine, accounts: Accounts):
        self._engine = engine
        self._accounts = accounts

    async def import_csv(self, actor: Principal, data: bytes) -> list[Imported]:
        if len(data) > MAX_BYTES:
            raise InvalidArgument.on("csv", f"must be at most {MAX_BYTES} bytes")
        rows = uploaded_rows(data)
        if next(rows, None) != HEADER:
            raise InvalidArgument.on("line[1]", f"must be the header {','.join(HEADER)}")
        new, violations, usernames = [], [], {}
        for fields in rows:
            line = rows.line_num
            if len(new) + len(violations) >= MAX_ACCOUNTS:
                raise InvalidArgument.on(f"line[{line}]", f"at most {MAX_ACCOUNTS} accounts a file")
            if len(fields) != len(HEADER):
                violations.append(
                    FieldViolation(f"line[{line}]", f"must have {len(HEADER)} fields")
                )
                continue
            username, role, unit_code, phone = (f.strip() for f in fields)
            try:
                row, password = await self._accounts.new_account(
                    actor, username, role, unit_code, "", phone
                )
            except (InvalidArgument, PermissionDenied) as refused:
                violations += _on_line(line, refused)
                continue
            if row["username"] in usernames:
                violations.append(
                    FieldViolation(
                        f"line[{line}].username", f"repeats line {usernames[row['username']]}"
                    )
                )
                continue
            usernames[row["username"]] = line
            new.append((line, row, password))
        if violations:
            raise InvalidArgument.of(violations)
        if not new:
            raise InvalidArgument.on("csv", "holds no account")
        return await self._added(actor, new)

    async def _added(self, actor: Principal, new: list) -> list[Imported]:
        async with self._engine.begin() as conn:
            imported = []
            for line, row, password in new:
                try:
                    account = await self._accounts.add_account(conn, actor, row)
                except AlreadyExists:
                    raise InvalidArgument.on(f"line[{line}].username", "is taken") from None
                imported.append(Imported(account, password))
            return imported
