"""The mark of a possible repeat on a complaint's event (ComplaintSubmitted.possible_repeat_of):
the code of an open complaint of the same person and category sent from another phone, for
the officers. The field is the payload's last, and the payload the envelope's last: a code
written into an envelope marked with PLACEHOLDER replaces its last bytes."""

from intake.domain import TRACKING_LENGTH
from phananh.events.v1.envelope_pb2 import EventEnvelope
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted

PLACEHOLDER = "0" * TRACKING_LENGTH


def marked(envelope: bytes, possible_repeat_of: str) -> bytes:
    """The envelope of a complaint's event, the event marked as a possible repeat of the
    complaint of that code."""
    wrapped = EventEnvelope.FromString(envelope)
    event = ComplaintSubmitted()
    wrapped.payload.Unpack(event)
    event.possible_repeat_of = possible_repeat_of
    wrapped.payload.Pack(event)
    return wrapped.SerializeToString()
