"""How often one phone or one client address may ask intake for something: a count of its
requests within a window, checked and recorded in intake's database in the transaction of the
request, so every replica sees the same count. No I/O: the store counts, these are the rules.

Many citizens may share one address (a carrier's NAT, a commune office helping people), so the
limits on what succeeds are generous; a lookup whose tracking code and phone match nothing is
what guessing looks like, so those are counted on their own and allowed far fewer."""

from dataclasses import dataclass
from datetime import timedelta

from phananh_common.errors import ResourceExhausted

# The kinds of request counted per client address (client_requests.kind).
SUBMISSION = "SUBMISSION"
ADDITION = "ADDITION"  # an evidence file or a supplement
FAILED_LOOKUP = "FAILED_LOOKUP"

ADDRESS_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class RateLimit:
    count: int
    window: timedelta
    # What the refused caller is told, and the reason a client may show in its own words.
    message: str
    reason: str = ""

    def check(self, used: int) -> None:
        """Raises once `used` requests within the window reach the limit."""
        if used >= self.count:
            raise ResourceExhausted(
                self.message,
                retry_after_seconds=int(self.window.total_seconds()),
                reason=self.reason,
            )


@dataclass(frozen=True)
class AddressLimits:
    """Per client address and hour, from the settings."""

    submissions: RateLimit
    additions: RateLimit
    failed_lookups: RateLimit

    @classmethod
    def per_hour(cls, submissions: int, additions: int, failed_lookups: int) -> "AddressLimits":
        return cls(
            RateLimit(
                submissions,
                ADDRESS_WINDOW,
                "too many complaints were sent from your address; try again later",
                "TOO_MANY_SUBMISSIONS",
            ),
            RateLimit(
                additions,
                ADDRESS_WINDOW,
                "too many files and supplements were sent from your address; try again later",
                "TOO_MANY_ADDITIONS",
            ),
            RateLimit(
                failed_lookups,
                ADDRESS_WINDOW,
                "too many tracking codes and phones that match no complaint were tried from"
                " your address; try again later",
                "TOO_MANY_FAILED_LOOKUPS",
            ),
        )
