"""CSV files as the imports read them: UTF-8 text (a byte-order mark allowed), rows the csv
module can split, and no NUL character (PostgreSQL cannot store it). A file that is not so is
refused with InvalidArgument naming the line, so that an import refuses it whole instead of
failing half-way with an internal error."""

import csv
import io
from typing import BinaryIO

from phananh_common.errors import InvalidArgument


class CsvRows:
    """csv.reader's rows and `line_num`, each row checked."""

    def __init__(self, text: io.TextIOBase):
        self._reader = csv.reader(text)

    @property
    def line_num(self) -> int:
        return self._reader.line_num

    def __iter__(self) -> "CsvRows":
        return self

    def __next__(self) -> list[str]:
        line = self._reader.line_num + 1
        try:
            row = next(self._reader)
        except csv.Error as error:  # its messages describe the structure, never the values
            raise InvalidArgument.on(f"line[{line}]", f"is not CSV: {error}") from None
        except UnicodeDecodeError:  # a file is decoded ahead of the line being read
            raise InvalidArgument.on("csv", "must be UTF-8 text") from None
        if "\x00" in "".join(row):  # one search a row, not one a cell
            raise InvalidArgument.on(f"line[{line}]", "must not contain the NUL character")
        return row


def uploaded_rows(data: bytes) -> CsvRows:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidArgument.on("csv", "must be UTF-8 text") from None
    return CsvRows(io.StringIO(text, newline=""))


def file_rows(raw: BinaryIO) -> CsvRows:
    return CsvRows(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
