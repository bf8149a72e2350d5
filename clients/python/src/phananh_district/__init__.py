"""A district's client of phananh: `PhananhClient` (resolution's API over gRPC) and the
`phananh-district` command."""

from phananh_district.client import PhananhClient
from phananh_district.errors import PhananhError, Refused, Unreachable

__all__ = ["PhananhClient", "PhananhError", "Refused", "Unreachable"]
