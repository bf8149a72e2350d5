"""phananh-district: a district's cases and weekly reports from the command line. Exit codes:
0 done, 2 bad usage, 3 the server refused (its reason on stderr), 4 the server could not be
reached."""

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from phananh_district.client import PhananhClient
from phananh_district.errors import PhananhError, Refused, Unreachable
from phananh_district.shapes import case_detail, case_item, correction, weekly_report

USAGE, REFUSED, UNREACHABLE = 2, 3, 4
STATUSES = ("RECEIVED", "ASSIGNED", "IN_REVIEW", "NEEDS_INFO", "RESOLVED", "REJECTED", "DUPLICATE")
PROG = "phananh-district"


class UsageError(Exception):
    """Arguments that parse but cannot make a request."""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog=PROG, description=__doc__)
    top.add_argument("--target", required=True, metavar="HOST:PORT", help="resolution's address")
    top.add_argument("--api-key", help="the district's API key (default: $PHANANH_API_KEY)")
    trust = top.add_mutually_exclusive_group()
    trust.add_argument("--ca-file", metavar="FILE", help="the CA (PEM) that signed the server")
    trust.add_argument("--plaintext", action="store_true", help="no TLS (a local system)")
    top.add_argument("--json", action="store_true", help="one JSON object a line")
    top.add_argument(
        "--reports-target",
        default="",
        metavar="HOST:PORT",
        help="reporting's address where it is not --target's (a local system's own port)",
    )
    topics = top.add_subparsers(dest="topic", required=True)

    cases = topics.add_parser("cases", help="the cases of your unit").add_subparsers(
        dest="command", required=True
    )
    listing = cases.add_parser("list", help="cases inside your unit, oldest deadline first")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--unit", default="", help="a unit inside yours")
    listing.add_argument("--overdue", action="store_true", help="only open cases past due")
    cases.add_parser("show", help="one case beside the registry").add_argument("case_id")
    approve = cases.add_parser(
        "approve", help="correct the case's record and resolve the case (all or nothing)"
    )
    approve.add_argument("case_id")
    approve.add_argument("--proposed", action="store_true", help="the server's proposals")
    approve.add_argument(
        "--correction",
        action="append",
        default=[],
        metavar="JSON",
        help='one correction, as the HTTP API takes it: {"op": "ADD_DOSE", ...}; '
        "they correct the case's one candidate record (none for CREATE_RECORD)",
    )
    reject = cases.add_parser("reject", help="reject the case with a reason")
    reject.add_argument("case_id")
    reject.add_argument("--reason", required=True, metavar="CODE")
    for decision in approve, reject:
        decision.add_argument("--note", default="", help="internal: officers alone read it")
        decision.add_argument(
            "--citizen-message", default="", metavar="TEXT", help="what the citizen reads"
        )
    ask = cases.add_parser("request-info", help="ask the citizen for more (by SMS)")
    ask.add_argument("case_id")
    ask.add_argument("--message", required=True)

    reports = topics.add_parser("reports", help="your district's reports").add_subparsers(
        dest="command", required=True
    )
    weekly = reports.add_parser("weekly", help="a week's report, or its file")
    weekly.add_argument("--unit", required=True, help="a district")
    weekly.add_argument("--week", required=True, type=_iso_week, metavar="YYYY-Www")
    weekly.add_argument("--format", choices=("csv", "xlsx"), help="a file, with --output")
    weekly.add_argument("--output", metavar="FILE")
    return top


def _iso_week(text: str) -> str:
    if not re.fullmatch(r"\d{4}-W\d{2}", text):
        raise argparse.ArgumentTypeError(f"an ISO week is YYYY-Www (e.g. 2021-W40), not {text!r}")
    return text


def _print(args, shape: dict, text: str) -> None:
    print(json.dumps(shape, ensure_ascii=False) if args.json else text)


def _line(case: dict) -> str:
    overdue = "overdue" if case["overdue"] else ("at risk" if case["at_risk"] else "")
    return (
        f"{case['tracking_code']:<12} {case['status']:<11} {case['unit_code']:<7} "
        f"due {case['due_at'][:16]}  {overdue:<8} {case['case_id']}"
    )


def _case_text(case: dict) -> str:
    citizen = case["complaint"]["citizen"]
    lines = [
        _line(case),
        f"  {case['category']}, version {case['version']}, submitted {case['submitted_at']}",
        f"  citizen: {citizen['full_name']}, born {citizen['date_of_birth']}, "
        f"national id {citizen['national_id'] or '-'}, phone {citizen['phone']}",
        *(
            f"  claimed dose {d['dose_number']}: {d['vaccinated_on']} {d['vaccine_code']}"
            for d in case["complaint"]["claimed_doses"]
        ),
        *(
            f"  candidate {x['citizen_id']}{' (masked)' if x['masked'] else ''}: matched on "
            f"{', '.join(x['matched_on'])}; doses "
            + ", ".join(f"{d['dose_number']} {d['vaccinated_on']}" for d in x["doses"])
            for x in case["candidates"]
        ),
        *(_differences_text(d) for d in case["differences"]),
        *(
            f"  proposed for {case['proposed_citizen_id']}: {json.dumps(c, ensure_ascii=False)}"
            for c in case["proposed_corrections"]
        ),
        *(f"  warning {w['code']}: {w['message']}" for w in case["warnings"]),
        *(f"  {h['at'][:16]} {h['actor']}: {h['action']} {h['note']}" for h in case["history"]),
    ]
    return "\n".join(lines)


def _differences_text(d: dict) -> str:
    found = [
        *(f"dose {n} missing" for n in d["missing_doses"]),
        *(
            f"dose {x['dose_number']} {x['field']} claimed {x['claimed']!r}, recorded "
            f"{x['recorded']!r}"
            for x in d["doses"]
        ),
        *(
            f"{x['field']} claimed {x['claimed']!r}, recorded {x['recorded']!r}"
            for x in d["person"]
        ),
    ]
    return f"  against {d['citizen_id']}: {'; '.join(found) or 'no difference'}"


def _citizen_of(detail: dict, corrections) -> str:
    """The record the corrections apply to: the case's one candidate that is not masked (none
    when every correction makes a new record)."""
    if all(c.WhichOneof("op") == "create_record" for c in corrections):
        return ""
    ids = [x["citizen_id"] for x in detail["candidates"] if not x["masked"]]
    if len(ids) != 1:
        raise UsageError(
            f"the case has {len(ids)} records that may be the person ({', '.join(ids) or '-'}): "
            "decide it in the officers' console"
        )
    return ids[0]


def _approve(client: PhananhClient, args) -> dict:
    try:
        corrections = [correction(_json_object(text)) for text in args.correction]
    except ValueError as error:
        raise UsageError(f"--correction: {error}") from None
    if not corrections and not args.proposed:
        raise UsageError("give --correction (one or more) or --proposed")
    reply = client.case(args.case_id)
    detail = case_detail(reply)
    citizen_id = _citizen_of(detail, corrections) if corrections else ""
    if args.proposed:
        if not reply.proposed_corrections:
            raise Refused(
                "FAILED_PRECONDITION", "the server proposes no corrections: give --correction"
            )
        if citizen_id and citizen_id != reply.proposed_citizen_id:
            raise UsageError("--correction names another record than the server's proposals")
        corrections = [*reply.proposed_corrections, *corrections]
        citizen_id = reply.proposed_citizen_id
    case = client.approve(
        args.case_id,
        corrections,
        citizen_id=citizen_id,
        note=args.note,
        citizen_message=args.citizen_message,
        expected_version=detail["version"],
    )
    return case_item(case)


def _json_object(text: str) -> dict:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("a correction is a JSON object")
    return value


def _report_text(report: dict) -> str:
    def figures(f: dict) -> str:
        return ", ".join(f"{k} {f[k]}" for k in ("received", "resolved", "rejected", "pending"))

    return "\n".join(
        [
            f"{report['unit_code']} {report['week']} {report['status']}, deadline "
            f"{report['deadline'][:16]}: {figures(report['totals'])}",
            *(f"  {r['unit_code']} {r['unit_name']}: {figures(r)}" for r in report["rows"]),
        ]
    )


def _weekly(client: PhananhClient, args) -> None:
    if bool(args.format) != bool(args.output):
        raise UsageError("give --format and --output together (or neither: the report itself)")
    if not args.format:
        report = weekly_report(client.weekly_report(args.unit, args.week))
        _print(args, report, _report_text(report))
        return
    exported = client.export_weekly_report(args.unit, args.week, args.format)
    Path(args.output).write_bytes(exported.content)
    written = {"output": args.output, "filename": exported.filename, "bytes": len(exported.content)}
    _print(args, written, f"{args.output}: {exported.filename}, {len(exported.content)} bytes")


def run(client: PhananhClient, args) -> None:
    if args.topic == "reports":
        _weekly(client, args)
        return
    if args.command == "list":
        cases = client.cases(status=args.status or "", unit_code=args.unit, overdue=args.overdue)
        for case in map(case_item, cases):
            _print(args, case, _line(case))
        return
    if args.command == "show":
        detail = case_detail(client.case(args.case_id))
        _print(args, detail, _case_text(detail))
        return
    if args.command == "approve":
        case = _approve(client, args)
    elif args.command == "reject":
        case = case_item(
            client.reject(
                args.case_id, args.reason, note=args.note, citizen_message=args.citizen_message
            )
        )
    else:
        case = case_item(client.request_info(args.case_id, args.message))
    _print(args, case, _line(case))


def main(argv: Sequence[str] | None = None) -> int:
    top = parser()
    args = top.parse_args(argv)
    api_key = args.api_key or os.environ.get("PHANANH_API_KEY", "")
    if not api_key:
        top.error("give the API key with --api-key or PHANANH_API_KEY")
    try:
        with PhananhClient(
            args.target,
            api_key=api_key,
            ca_file=args.ca_file,
            plaintext=args.plaintext,
            reports_target=args.reports_target,
        ) as client:
            run(client, args)
    except UsageError as error:
        top.error(str(error))
    except OSError as error:
        top.error(f"{error.filename}: {error.strerror}")
    except PhananhError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return UNREACHABLE if isinstance(error, Unreachable) else REFUSED
    return 0


if __name__ == "__main__":
    sys.exit(main())
