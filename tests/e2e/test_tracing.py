"""One trace from the citizen's request to every consumer, exported by the real OTLP exporter
of each process to a local receiver, with every parent link intact."""

import secrets

from tests.e2e.test_case_decisions import case_in_queue
from tests.factories import Complaints
from tests.harness import eventually

SERVER, CLIENT, PRODUCER, CONSUMER = 2, 3, 4, 5  # OTLP span kinds


def chain(span, by_id) -> list:
    """The span and its ancestors, nearest first; stops where a parent was not exported."""
    spans = [span]
    while spans[-1].parent_id in by_id:
        spans.append(by_id[spans[-1].parent_id])
    return spans


def hops(spans) -> list[tuple[str, int]]:
    """(service, kind) of the spans that cross a process boundary, in order."""
    return [(s.service, s.kind) for s in spans if s.kind in (SERVER, CLIENT, PRODUCER, CONSUMER)]


def processed(span) -> bool:
    """Whether `span` is a consumer's processing of one event (delivered in a batch, it
    joins the event's trace, not the batch call's)."""
    return span.kind == CONSUMER and span.name.endswith(" process")


def traced(trace_id: str) -> str:
    """A caller's traceparent that starts the trace `trace_id`."""
    return f"00-{trace_id}-{secrets.token_hex(8)}-01"


async def sms_sent_in(otlp, trace_id: str, path: list) -> None:
    """Waits for the SMS send of the trace, reached from the caller by `path` (nearest first)."""

    def sends():
        by_id = {s.span_id: s for s in otlp.spans if s.trace_id == trace_id}
        return [
            hops(chain(s, by_id))
            for s in by_id.values()
            if s.service == "notification" and s.name.startswith("sms send")
        ]

    async def sent():
        return sends() == [path]

    try:
        await eventually(sent, timeout=30)
    except AssertionError:
        assert sends() == [path]  # shows what arrived


async def test_one_trace_spans_gateway_intake_relay_and_every_consumer(http, otlp):
    trace_id, root_span = secrets.token_hex(16), secrets.token_hex(8)
    body = Complaints(20).json()
    reply = await http.post(
        "/api/v1/complaints", json=body, headers={"traceparent": f"00-{trace_id}-{root_span}-01"}
    )
    assert reply.status_code == 201

    def deliveries() -> dict[str, list]:
        """Each consumer's processing spans in this trace."""
        found: dict[str, list] = {}
        for s in otlp.spans:
            if s.trace_id == trace_id and processed(s):
                found.setdefault(s.service, []).append(s)
        return found

    from_gateway = [("gateway", CLIENT), ("gateway", SERVER)]
    from_intake = [("intake", PRODUCER), ("intake", SERVER), *from_gateway]
    from_resolution = [("resolution", PRODUCER), ("resolution", CONSUMER), *from_intake]
    # The complaint reaches resolution, notification and reporting from intake; the case's
    # status change reaches intake, notification and reporting from resolution.
    expected = {
        "resolution": [[("resolution", CONSUMER), *from_intake]],
        "notification": [
            [("notification", CONSUMER), *from_intake],
            [("notification", CONSUMER), *from_resolution],
        ],
        "reporting": [
            [("reporting", CONSUMER), *from_intake],
            [("reporting", CONSUMER), *from_resolution],
        ],
        "intake": [[("intake", CONSUMER), *from_resolution]],
    }

    def paths():
        """Each delivery's path back to the gateway, as far as its spans have arrived."""
        by_id = {s.span_id: s for s in otlp.spans if s.trace_id == trace_id}
        return {
            service: sorted((hops(chain(span, by_id)) for span in found), key=len)
            for service, found in deliveries().items()
        }

    async def whole_trace_arrived():
        return paths() == expected

    try:
        await eventually(whole_trace_arrived, timeout=30)
    except AssertionError:
        assert paths() == expected  # shows what is missing
    # The citizen's SMS (complaint received) leaves within the same trace.
    await sms_sent_in(otlp, trace_id, [("notification", CLIENT), *expected["notification"][0]])
    spans = [s for s in otlp.spans if s.trace_id == trace_id]
    # The caller's own span is the root of it all.
    gateway_entry = next(s for s in spans if s.service == "gateway" and s.kind == SERVER)
    assert gateway_entry.parent_id == root_span

    # No personal data in any span of the trace.
    citizen = body["citizen"]
    secrets_of_citizen = [citizen["full_name"], citizen["national_id"], citizen["phone"][1:]]
    for span in spans:
        text = f"{span.name} {span.attributes}"
        assert not any(value in text for value in secrets_of_citizen), span


async def test_an_officers_approval_is_one_trace_to_every_consumer_and_the_sms(http, otlp, officer):
    district = officer("DISTRICT_OFFICER", "731")
    submitted = await http.post("/api/v1/complaints", json=Complaints(22).json())
    assert submitted.status_code == 201
    case = await case_in_queue(http, district, submitted.json()["tracking_code"], "ASSIGNED")
    opened = (await http.get(f"/api/v1/cases/{case['case_id']}", headers=district)).json()

    trace_id = secrets.token_hex(16)
    approved = await http.post(
        f"/api/v1/cases/{case['case_id']}/approve",
        json={"corrections": [{"op": "CREATE_RECORD"}], "expected_version": opened["version"]},
        headers={**district, "traceparent": traced(trace_id)},
    )
    assert approved.status_code == 200, approved.text

    from_resolution = [
        ("resolution", PRODUCER),
        ("resolution", SERVER),
        ("gateway", CLIENT),
        ("gateway", SERVER),
    ]

    def deliveries() -> dict[str, list]:
        by_id = {s.span_id: s for s in otlp.spans if s.trace_id == trace_id}
        found: dict[str, list] = {}
        for s in by_id.values():
            if processed(s):
                found.setdefault(s.service, []).append(hops(chain(s, by_id)))
        return found

    # The case's change and the corrected record reach intake, notification and reporting;
    # each delivery leads back to the officer's request.
    async def delivered():
        found = deliveries()
        return set(found) == {"intake", "notification", "reporting"} and all(
            path == [(service, CONSUMER), *from_resolution]
            for service, paths in found.items()
            for path in paths
        )

    try:
        await eventually(delivered, timeout=30)
    except AssertionError:
        assert deliveries() == {}  # shows what arrived
    await sms_sent_in(
        otlp, trace_id, [("notification", CLIENT), ("notification", CONSUMER), *from_resolution]
    )


async def test_the_phone_of_a_status_lookup_stays_out_of_spans(http, otlp):
    body = Complaints(21).json()
    submitted = (await http.post("/api/v1/complaints", json=body)).json()
    trace_id = secrets.token_hex(16)
    phone = body["citizen"]["phone"]
    reply = await http.get(
        f"/api/v1/complaints/{submitted['tracking_code']}",
        params={"phone": phone},
        headers={"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"},
    )
    assert reply.status_code == 200

    def traced():
        return [s for s in otlp.spans if s.trace_id == trace_id]

    async def both_exported():
        servers = {s.service for s in traced() if s.kind == SERVER}
        return {"gateway", "intake"} <= servers

    await eventually(both_exported)
    for span in traced():
        assert phone[1:] not in f"{span.name} {span.attributes}", span
