"""What must hold once a fault is over and the system has caught up, whatever the fault: the
one check every fault test ends with.

- every complaint a citizen was told was accepted is there once (retries made no second one),
  with a case in a final or open state, and every decision the officer was told of stands;
- intake's and reporting's view of each case is resolution's (status and version);
- no event is stuck: every outbox delivery is made, and each consumer's inbox holds exactly
  the events delivered to it;
- every message reached the citizen exactly once (the SMS sink holds each message's text to
  its recipient once, and nothing else), none is left queued or dead; twice only for the
  batch in flight when notification itself was killed (`Ledger.resends_allowed`);
- reporting's counts (through the gateway, from its counters) are resolution's."""

from collections import Counter
from collections.abc import Callable

import httpx

from phananh_common.config import SERVICES
from phananh_common.subscriptions import SUBSCRIPTIONS
from tests.e2e.load import Ledger
from tests.harness import eventually, fetch

PRODUCERS = ("intake", "resolution", "notification")  # notification: the SMS statuses
CONSUMERS = tuple(sorted({c for consumers in SUBSCRIPTIONS.values() for c in consumers}))
FINAL = {"RESOLVED", "REJECTED", "DUPLICATE"}
OPEN = {"RECEIVED", "ASSIGNED", "IN_REVIEW", "NEEDS_INFO"}

# (recipient, text) of each SMS that reached the sink.
SmsSink = Callable[[], list[tuple[str, str]]]


async def assert_caught_up(
    stack, ledger: Ledger, sms_sink: SmsSink, headers: dict, timeout: float = 120.0
) -> None:
    """Waits until every invariant holds; fails naming those that still do not."""
    found: list[str] = []

    async def holds() -> bool:
        found[:] = await problems(stack, ledger, sms_sink, headers)
        return not found

    try:
        await eventually(holds, timeout=timeout)
    except AssertionError:
        raise AssertionError("\n".join(found)) from None


async def problems(stack, ledger: Ledger, sms_sink: SmsSink, headers: dict) -> list[str]:
    url = {s: stack.env[f"PHANANH_{s.upper()}_DATABASE_URL"] for s in SERVICES}
    found = []

    stuck = []
    delivered = Counter()
    for producer in PRODUCERS:
        for consumer, done, pending in await fetch(
            url[producer],
            "SELECT consumer, count(delivered_at), count(*) - count(delivered_at)"
            " FROM outbox_deliveries GROUP BY consumer",
        ):
            delivered[consumer] += done
            if pending:
                stuck.append(f"{producer}→{consumer}: {pending}")
    if stuck:
        found.append(f"undelivered events: {', '.join(stuck)}")
    for consumer in CONSUMERS:
        applied = await fetch(url[consumer], "SELECT count(*) FROM inbox_events")
        if applied[0][0] != delivered[consumer]:
            found.append(
                f"{consumer}: {applied[0][0]} events applied, {delivered[consumer]} delivered"
            )

    cases = {
        row.tracking_code: row
        for row in await fetch(
            url["resolution"], "SELECT tracking_code, complaint_id, status, version FROM cases"
        )
    }
    complaints = await fetch(
        url["intake"], "SELECT tracking_code, complaint_id, status, case_version FROM complaints"
    )
    if len(complaints) != len(ledger.accepted):
        found.append(f"intake holds {len(complaints)} complaints, {len(ledger.accepted)} accepted")
    for code in ledger.accepted:
        case = cases.get(code)
        if case is None:
            found.append(f"{code}: accepted, no case")
        elif case.status not in FINAL | OPEN:
            found.append(f"{code}: case {case.status}")
        elif code in ledger.decided and case.status != ledger.decided[code]:
            found.append(f"{code}: decided {ledger.decided[code]}, case {case.status}")
    truth = {c.complaint_id: (c.status, c.version) for c in cases.values()}
    for service, sql in (
        ("intake", "SELECT complaint_id, status, case_version FROM complaints"),
        ("reporting", "SELECT complaint_id, status, case_version FROM complaint_facts"),
    ):
        view = {row[0]: (row[1], row[2]) for row in await fetch(url[service], sql)}
        differing = [k for k in truth.keys() | view.keys() if truth.get(k) != view.get(k)]
        if differing:
            found.append(f"{service} differs from resolution on {len(differing)} complaints")

    messages = await fetch(
        url["notification"],
        "SELECT recipient, text, status FROM messages WHERE kind <> 'ONE_TIME_CODE'",
    )
    unsent = Counter(m.status for m in messages if m.status not in ("SENT", "DELIVERED"))
    if unsent:
        found.append(f"messages not sent: {dict(unsent)}")
    expected = len(ledger.accepted) + sum(s in FINAL for s, _ in truth.values())
    if len(messages) != expected:
        found.append(f"{len(messages)} messages for {expected} receipts and outcomes")
    received = Counter(sms_sink())
    wanted = Counter((m.recipient, m.text) for m in messages)
    missing = sum((wanted - received).values())
    unknown = sum(n for sms, n in received.items() if sms not in wanted)
    twice = sum((received - wanted).values()) - unknown
    if missing or unknown or twice > ledger.resends_allowed:
        found.append(
            f"SMS sink: {missing} messages missing, {unknown} unknown, {twice} sent twice"
            f" ({ledger.resends_allowed} may be)"
        )

    found += await _reporting_counts_differ(stack, truth, headers)
    return found


async def _reporting_counts_differ(stack, truth: dict, headers: dict) -> list[str]:
    statuses = Counter(status for status, _ in truth.values())
    expected = {
        "received": len(truth),
        "resolved": statuses["RESOLVED"],
        "rejected": statuses["REJECTED"],
        "duplicate": statuses["DUPLICATE"],
        "pending": sum(statuses[s] for s in OPEN),
    }
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=15) as http:
        reply = await http.get(
            "/api/v1/reports/summary", params={"unit_code": "75"}, headers=headers
        )
    if reply.status_code != 200:
        return [f"reporting's summary: {reply.status_code}"]
    counted = {k: reply.json()[k] for k in expected}
    return [] if counted == expected else [f"reporting counts {counted}, resolution {expected}"]
