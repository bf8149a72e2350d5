"""Which services consume which event: the producer's relay delivers each outbox row to these.

Adding a consumer here makes the producer deliver every new event of that type to it; the
consumer must serve `phananh.events.v1.EventConsumerService` with a handler for the type.
"""

SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "phananh.events.v1.ComplaintSubmitted": ("resolution", "notification", "reporting"),
    "phananh.events.v1.CaseStatusChanged": ("intake", "notification", "reporting"),
    "phananh.events.v1.OneTimeCodeRequested": ("notification",),
    "phananh.events.v1.ComplaintSupplemented": ("resolution",),
    "phananh.events.v1.RegistryRecordCorrected": ("notification",),
    "phananh.events.v1.OverdueDigest": ("notification",),
    "phananh.events.v1.MessageStatusChanged": ("reporting",),
    "phananh.events.v1.AccountAccessChanged": ("intake", "notification", "reporting"),
}

# Who publishes each event: a consumer takes deliveries only from the publishers of the events
# it handles (their service identity, phananh_common.access).
PUBLISHERS: dict[str, str] = {
    "phananh.events.v1.ComplaintSubmitted": "intake",
    "phananh.events.v1.CaseStatusChanged": "resolution",
    "phananh.events.v1.OneTimeCodeRequested": "intake",
    "phananh.events.v1.ComplaintSupplemented": "intake",
    "phananh.events.v1.RegistryRecordCorrected": "resolution",
    "phananh.events.v1.OverdueDigest": "resolution",
    "phananh.events.v1.MessageStatusChanged": "notification",
    "phananh.events.v1.AccountAccessChanged": "resolution",
}

# Events that carry a secret for their consumer (the one-time code, which must not stay
# readable in the producer's database): each is deleted from the outbox in the transaction
# that records its last delivery.
DELETED_ONCE_DELIVERED = frozenset({"phananh.events.v1.OneTimeCodeRequested"})
