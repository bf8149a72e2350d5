"""Notification's counters: what became of each SMS and each health book push, counted where
the workers and the delivery reports record it, once its transaction has committed."""

from prometheus_client import Counter

from notification.domain import Kind

# A batch's outcome for an item: taken by the provider, failed and tried again later, given
# up (refused, or the last attempt), or not sent in time (a one-time code past its validity).
SENT, RETRY, DEAD, EXPIRED = "sent", "retry", "dead", "expired"
# What a provider's delivery report says of a sent message.
DELIVERED, FAILED = "delivered", "failed"

SMS_MESSAGES = Counter(
    "phananh_sms_messages",
    "SMS outcomes: sent, retry, dead and expired from each attempt; delivered and failed from "
    "the provider's delivery reports.",
    ["kind", "status"],
)
HEALTH_BOOK_SYNCS = Counter(
    "phananh_health_book_syncs",
    "Pushes of corrected records to the health book: sent, retry, dead.",
    ["status"],
)

# Every series from zero, so that a rate over them (the SMS failure ratio) is there from the
# start rather than from the first failure.
for _kind in Kind:
    for _status in (SENT, RETRY, DEAD, EXPIRED, DELIVERED, FAILED):
        SMS_MESSAGES.labels(_kind, _status)
for _status in (SENT, RETRY, DEAD):
    HEALTH_BOOK_SYNCS.labels(_status)
