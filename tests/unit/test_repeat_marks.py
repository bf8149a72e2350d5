"""The mark of a possible repeat written into an event's envelope as the submission's statement
writes it (a code over the placeholder's bytes, the envelope's last) is the envelope protobuf
writes of the event marked with that code, whatever else the event holds."""

from hypothesis import given
from hypothesis import strategies as st

from intake import repeats
from intake.domain import TRACKING_ALPHABET, TRACKING_LENGTH
from phananh.events.v1.envelope_pb2 import EventEnvelope
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from phananh_common.outbox import event_values


def test_the_mark_and_the_payload_are_the_last_fields_written():
    numbers = [f.number for f in ComplaintSubmitted.DESCRIPTOR.fields]
    assert ComplaintSubmitted.DESCRIPTOR.fields_by_name["possible_repeat_of"].number == max(numbers)
    numbers = [f.number for f in EventEnvelope.DESCRIPTOR.fields]
    assert EventEnvelope.DESCRIPTOR.fields_by_name["payload"].number == max(numbers)


@given(
    code=st.text(TRACKING_ALPHABET, min_size=TRACKING_LENGTH, max_size=TRACKING_LENGTH),
    # Past 127 and 16,383 bytes the lengths take two and three bytes.
    description=st.text(max_size=20_000),
    source_id=st.text(max_size=64),
)
def test_a_code_over_the_placeholder_is_the_event_marked_with_it(code, description, source_id):
    event = ComplaintSubmitted(
        complaint_id="0b9b5f2e-7a43-4a53-9d35-2a4f3c1e9d10",
        tracking_code="7K3QX9M2TB",
        source_id=source_id,
    )
    event.complaint.description = description
    envelope = event_values("intake", event)["envelope"]

    with_placeholder = repeats.marked(envelope, repeats.PLACEHOLDER)

    written = with_placeholder[: -len(repeats.PLACEHOLDER)] + code.encode()
    assert written == repeats.marked(envelope, code)
    event.possible_repeat_of = code
    assert EventEnvelope.FromString(written).payload.value == event.SerializeToString()
