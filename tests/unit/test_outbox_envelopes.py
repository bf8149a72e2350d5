"""A bulk import's envelopes, written around each event's bytes, are the bytes that
envelope_for gives for the same event: consumers cannot tell them apart."""

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh_common.outbox import EnvelopeBytes, envelope_for

EVENT_TYPE = ComplaintSubmitted.DESCRIPTOR.full_name


@given(
    producer=st.sampled_from(["intake", "resolution"]),
    occurred_at=st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    # Past 127 and 16,383 bytes the lengths take two and three bytes.
    description=st.text(max_size=20_000),
    source_id=st.text(max_size=64),
)
def test_an_envelope_written_around_the_event_is_the_one_built(
    producer, occurred_at, description, source_id
):
    event = ComplaintSubmitted(
        complaint_id="0b9b5f2e-7a43-4a53-9d35-2a4f3c1e9d10",
        tracking_code="7K3QX9M2TB",
        source_id=source_id,
    )
    event.complaint.description = description
    built = envelope_for(producer, event, occurred_at)
    written = EnvelopeBytes(producer, EVENT_TYPE, occurred_at).wrap(
        built.event_id, event.SerializeToString()
    )
    assert written == built.SerializeToString()
