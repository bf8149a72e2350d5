"""The printed table and the JSON file of one run: each benchmark beside its baseline, and
the ratios between them (the targets are ratios, never absolute times)."""

import json
import os
import platform
from pathlib import Path

from tests.bench.load import LoadResult

HEADER = f"{'benchmark':<34}{'requests':>9}{'errors':>8}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"


def ratios(measured: LoadResult, baseline: LoadResult) -> dict:
    def divide(a: float, b: float) -> float:
        return round(a / b, 3) if b else float("nan")

    return {
        "throughput": divide(measured.per_second, baseline.per_second),
        "p50_latency": divide(measured.percentile(0.5), baseline.percentile(0.5)),
        "p99_latency": divide(measured.percentile(0.99), baseline.percentile(0.99)),
    }


def table(baseline: LoadResult, measured: list[LoadResult]) -> str:
    """The baseline, then each measured result with its ratios to the baseline."""

    def row(r: LoadResult) -> str:
        return (
            f"{r.name:<34}{r.sent:>9}{r.errors:>8}{r.per_second:>10.1f}"
            f"{r.percentile(0.5):>9.1f}{r.percentile(0.99):>9.1f}"
        )

    def ratio_row(r: LoadResult) -> str:
        ratio = ratios(r, baseline)
        return (
            f"{'  ratio to the no-op':<34}{'':>17}{ratio['throughput']:>10.2f}"
            f"{ratio['p50_latency']:>9.1f}{ratio['p99_latency']:>9.1f}"
        )

    return "\n".join([HEADER, row(baseline), *(f(r) for r in measured for f in (row, ratio_row))])


def machine() -> dict:
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
    }


def write_json(path: Path, payload: dict) -> dict:
    """Writes `payload` and returns it (so that bench-results/latest.json can hold them all)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return payload
