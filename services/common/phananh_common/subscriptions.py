"""Which services consume which event: the producer's relay delivers each outbox row to these.

Adding a consumer here makes the producer deliver every new event of that type to it; the
consumer must serve `phananh.events.v1.EventConsumerService` with a handler for the type.
"""

# Each event: the service that publishes it, and those that consume it. A consumer takes
# deliveries only from the publishers of the events it handles (their service identity,
# phananh_common.access).
ROUTES: dict[str, tuple[str, tuple[str, ...]]] = {
    "phananh.events.v1.ComplaintSubmitted": ("intake", ("resolution", "notification", "reporting")),
    "phananh.events.v1.CaseStatusChanged": ("resolution", ("intake", "notification", "reporting")),
    "phananh.events.v1.OneTimeCodeRequested": ("intake", ("notification",)),
    "phananh.events.v1.ComplaintSupplemented": ("intake", ("resolution",)),
    "phananh.events.v1.FacilitiesImported": ("intake", ("resolution",)),
    "phananh.events.v1.RegistryRecordChanged": ("resolution", ("notification",)),
    "phananh.events.v1.OverdueDigest": ("resolution", ("notification",)),
    "phananh.events.v1.MessageStatusChanged": ("notification", ("reporting",)),
    "phananh.events.v1.AccountAccessChanged": (
        "resolution",
        ("intake", "notification", "reporting"),
    ),
}
SUBSCRIPTIONS = {event: consumers for event, (_, consumers) in ROUTES.items()}
PUBLISHERS = {event: publisher for event, (publisher, _) in ROUTES.items()}

# Events that carry a secret for their consumer (the one-time code, which must not stay
# readable in the producer's database): each is deleted from the outbox in the transaction
# that records its last delivery.
DELETED_ONCE_DELIVERED = frozenset({"phananh.events.v1.OneTimeCodeRequested"})
