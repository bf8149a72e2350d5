"""The backlog import: good rows in (published like submissions, at their original time),
bad rows reported by line, a person's repeated complaint joined to the first from the same
phone and marked as a possible repeat of it from another, and a second run of the same file
adds nothing."""

import csv
import io

import pytest

from intake.backlog import COLUMNS
from intake.config import IntakeData
from intake.import_backlog import EVENT_TYPE, import_file
from phananh.events.v1.envelope_pb2 import EventEnvelope
from phananh.events.v1.intake_events_pb2 import ComplaintSubmitted
from tests import generate_backlog
from tests.harness import fetch, scalar


def backlog(tmp_path, count, bad_every=0, extra=()):
    path = tmp_path / "backlog.csv"
    with open(path, "w", newline="", encoding="utf-8") as out:
        generate_backlog.write(out, count, seed=7, bad_every=bad_every)
        csv.writer(out).writerows(extra)
    return path


async def run_import(path, url, batch_size=16, workers=None):
    report = io.StringIO()
    settings = IntakeData(database_url=url)
    totals = await import_file(
        str(path), report, settings, batch_size=batch_size, progress=False, workers=workers
    )
    return totals, list(csv.reader(io.StringIO(report.getvalue())))[1:]


async def published(url) -> dict[str, tuple[EventEnvelope, ComplaintSubmitted]]:
    """Each ComplaintSubmitted in the outbox with its envelope, by complaint id."""
    found = {}
    for row in await fetch(url, "SELECT type, envelope FROM outbox_events"):
        envelope = EventEnvelope.FromString(row.envelope)
        event = ComplaintSubmitted()
        assert envelope.payload.Unpack(event)
        assert (envelope.producer, row.type) == ("intake", EVENT_TYPE)
        found[event.complaint_id] = envelope, event
    return found


# Small batches put the person's two complaints in different batches; a large one in the same.
@pytest.mark.parametrize("batch_size", [16, 1000])
async def test_good_rows_in_bad_rows_reported_and_twice_adds_nothing(
    database_urls, tmp_path, batch_size
):
    url = database_urls["intake"]
    rows = list(generate_backlog.rows(40, seed=7))
    again = list(rows[0])
    again[0] = "PORTAL-7-again"  # the same person and category, another portal complaint
    again[1] = "2021-10-01T08:00:00"
    path = backlog(tmp_path, 40, bad_every=10, extra=[again])

    totals, refused = await run_import(path, url, batch_size)

    assert (totals.rows, totals.imported, totals.joined, totals.refused) == (41, 36, 1, 4)
    # Lines count the header as 1: the 10th data row is line 11.
    assert [(line, column) for line, column, _ in refused] == [
        ("11", "phone"),
        ("21", "phone"),
        ("31", "phone"),
        ("41", "phone"),
    ]
    assert await scalar(url, "SELECT count(*) FROM complaints") == 36
    assert await scalar(url, "SELECT count(*) FROM outbox_events") == 36
    assert await scalar(url, "SELECT count(*) FROM outbox_deliveries") == 36 * 3
    assert await scalar(url, "SELECT count(*) FROM complaint_notes WHERE kind = 'RESUBMITTED'") == 1
    submitted = await scalar(
        url,
        "SELECT to_char(submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        " FROM complaints WHERE source_id = :id",
        id=rows[0][0],
    )
    assert submitted == rows[0][1]

    totals, _ = await run_import(path, url, batch_size)
    assert (totals.imported, totals.joined, totals.already_there) == (0, 0, 37)
    assert await scalar(url, "SELECT count(*) FROM complaints") == 36
    assert await scalar(url, "SELECT count(*) FROM complaint_notes") == 1
    assert await scalar(url, "SELECT count(*) FROM outbox_events") == 36


async def test_many_small_batches_over_three_workers_keep_the_file_order(database_urls, tmp_path):
    """Batches are checked in parallel but written in file order: the report's lines come in
    order, and of a person's two complaints the earlier one in the file is the complaint."""
    url = database_urls["intake"]
    rows = list(generate_backlog.rows(30, seed=7))
    again = list(rows[0])
    again[0] = "PORTAL-7-again"
    path = backlog(tmp_path, 30, bad_every=7, extra=[again])

    totals, refused = await run_import(path, url, batch_size=4, workers=3)

    assert (totals.rows, totals.imported, totals.joined, totals.refused) == (31, 26, 1, 4)
    assert [line for line, _, _ in refused] == ["8", "15", "22", "29"]
    assert await scalar(url, "SELECT count(*) FROM complaints WHERE source_id = :id", id=rows[0][0])


async def test_an_imported_complaint_s_event_is_the_one_a_submission_publishes(
    database_urls, tmp_path
):
    """The outbox holds, for each imported complaint, the envelope a submission writes: from
    intake, a ComplaintSubmitted naming the stored complaint, its code and its portal id."""
    url = database_urls["intake"]
    await run_import(backlog(tmp_path, 3), url)

    events = await published(url)
    stored = await fetch(
        url, "SELECT complaint_id, tracking_code, complaint, source_id FROM complaints"
    )
    assert len(events) == 3
    for row in stored:
        _, event = events[str(row.complaint_id)]
        assert (event.tracking_code, event.source_id) == (row.tracking_code, row.source_id)
        assert event.complaint.SerializeToString() == row.complaint


# Small batches put the other phone's complaint in a batch after the first's: found among the
# open complaints; a large one in the same batch: found among those added with it.
@pytest.mark.parametrize("batch_size", [16, 1000])
async def test_a_repeat_from_another_phone_is_a_complaint_marked_as_a_possible_repeat(
    database_urls, tmp_path, batch_size
):
    url = database_urls["intake"]
    rows = list(generate_backlog.rows(30, seed=7))
    same_phone, other_phone = list(rows[0]), list(rows[0])
    same_phone[:2] = ["PORTAL-7-again", "2021-10-03T08:00:00"]
    other_phone[:2] = ["PORTAL-7-other-phone", "2021-10-03T09:00:00"]
    other_phone[COLUMNS.index("phone")] = "0987654321"
    path = backlog(tmp_path, 30, extra=[same_phone, other_phone])

    totals, _ = await run_import(path, url, batch_size)

    assert (totals.imported, totals.possible_repeats, totals.joined) == (31, 1, 1)
    complaints = await fetch(url, "SELECT complaint_id, tracking_code, source_id FROM complaints")
    by_source = {row.source_id: row for row in complaints}
    first, repeat = by_source[rows[0][0]], by_source["PORTAL-7-other-phone"]
    events = await published(url)
    _, event = events[str(repeat.complaint_id)]
    assert event.possible_repeat_of == first.tracking_code != repeat.tracking_code
    # Marked, the event is still the complaint's as published, and the only one marked.
    assert (event.tracking_code, event.source_id) == (repeat.tracking_code, repeat.source_id)
    assert [e.source_id for _, e in events.values() if e.possible_repeat_of] == [
        "PORTAL-7-other-phone"
    ]
    assert await scalar(
        url,
        "SELECT count(*) FROM complaint_notes n JOIN complaints c USING (complaint_id)"
        " WHERE n.source_id = 'PORTAL-7-again' AND c.source_id = :first",
        first=rows[0][0],
    )

    totals, _ = await run_import(path, url, batch_size)
    assert (totals.imported, totals.joined, totals.already_there) == (0, 0, 32)
