from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class GetSummaryRequest(_message.Message):
    __slots__ = ("unit_code",)
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    def __init__(self, unit_code: _Optional[str] = ...) -> None: ...

class GetSummaryResponse(_message.Message):
    __slots__ = ("unit_code", "received", "pending")
    UNIT_CODE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    unit_code: str
    received: int
    pending: int
    def __init__(self, unit_code: _Optional[str] = ..., received: _Optional[int] = ..., pending: _Optional[int] = ...) -> None: ...
