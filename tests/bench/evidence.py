"""The evidence checks on papers the bench renders itself (tests/vaccination_papers.py:
certificates and screening forms in Vietnamese, slightly rotated, some seen at an angle, a
quarter blurred, and photos without text), run as intake runs them: the upload's preparation
(decode, re-encode, sharpness), then the worker's reading (Tesseract, a few at a time) and the
fields found in its text. Prints the blur check's and each field's precision and recall, and
the time per image (the preparation beside a plain Pillow decode of the same file, its
baseline), and writes bench-results/evidence.json.

`python -m tests.bench.evidence [COUNT]` runs it alone; `make bench` after the rest, with
PHANANH_BENCH_EVIDENCE_IMAGES (60; 0 skips it)."""

import asyncio
import io
import statistics
import sys
import time
from dataclasses import dataclass, field

from PIL import Image

from intake.certificate_reading import SCREENING_FORM, VACCINATION_CERTIFICATE, Reading, read
from intake.evidence_files import page_image, prepare
from intake.text_reader import read_text
from phananh_common.people import fold
from tests.bench import processes, report
from tests.vaccination_papers import Paper, mixed

RESULTS_PATH = processes.REPO_ROOT / "bench-results" / "evidence.json"
# Files read at once, as PHANANH_EVIDENCE_CHECK_CONCURRENCY would on a 2-core replica.
CONCURRENCY = 2
GOAL = 0.95
KINDS = {"CERTIFICATE": VACCINATION_CERTIFICATE, "SCREENING_FORM": SCREENING_FORM}


@dataclass
class Score:
    """Of what the paper shows: how much was read (`read`), read right (`right`), there to be
    read (`present`); of a yes/no check: its true and false positives and negatives."""

    present: int = 0
    read: int = 0
    right: int = 0

    def add(self, truth, found, same=lambda a, b: a == b) -> None:
        self.present += truth not in (None, "")
        self.read += found not in (None, "")
        self.right += found not in (None, "") and truth not in (None, "") and same(truth, found)

    def precision(self) -> float:
        return self.right / self.read if self.read else 1.0

    def recall(self) -> float:
        return self.right / self.present if self.present else 1.0


@dataclass
class Measured:
    count: int
    scores: dict[str, Score] = field(default_factory=dict)
    certificates_right: int = 0
    certificates: int = 0
    prepare_ms: list[float] = field(default_factory=list)
    decode_ms: list[float] = field(default_factory=list)
    read_s: list[float] = field(default_factory=list)
    wall_s: float = 0.0


def _score(measured: Measured, name: str) -> Score:
    return measured.scores.setdefault(name, Score())


def _tally(measured: Measured, paper: Paper, blurry: bool, reading: Reading) -> None:
    # The blur check: a blurred paper flagged is a true positive.
    _score(measured, "blur check").add(paper.blurred or None, blurry or None)
    if paper.blurred:
        return  # nothing on it is meant to be read
    for kind, name in KINDS.items():
        _score(measured, f"kind: {name.lower()}").add(
            paper.kind == kind or None, reading.document_kind == name or None
        )
    if paper.kind == "UNKNOWN":
        return
    name_right = bool(reading.full_name) and fold(reading.full_name) == fold(paper.full_name)
    _score(measured, "full name").add(
        paper.full_name, reading.full_name, lambda a, b: fold(a) == fold(b)
    )
    _score(measured, "date of birth").add(paper.date_of_birth, reading.date_of_birth)
    if paper.kind == "CERTIFICATE":
        measured.certificates += 1
        measured.certificates_right += name_right and reading.date_of_birth == paper.date_of_birth
    read_doses = {d.dose_number: d for d in reading.doses}
    for dose in paper.doses:
        found = read_doses.get(dose.dose_number)
        for name in ("vaccinated_on", "vaccine_code", "lot_number"):
            _score(measured, f"dose {name}").add(
                getattr(dose, name), found and getattr(found, name)
            )


def _timed(work, *args):
    start = time.perf_counter()
    result = work(*args)
    return result, (time.perf_counter() - start) * 1000


async def _measure(count: int, seed: int) -> Measured:
    papers = mixed(seed, count)
    measured = Measured(count)
    prepared = []
    for paper in papers:
        content = paper.jpeg()
        stored, ms = _timed(prepare, content, "image/jpeg")
        measured.prepare_ms.append(ms)
        measured.decode_ms.append(_timed(lambda c: Image.open(io.BytesIO(c)).load(), content)[1])
        prepared.append(stored)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def reading(stored) -> Reading:
        async with gate:
            start = time.perf_counter()
            text = await read_text(page_image(stored.content_type, stored.content), 120)
            measured.read_s.append(time.perf_counter() - start)
            return read(text)

    start = time.perf_counter()
    readings = await asyncio.gather(*(reading(s) for s in prepared))
    measured.wall_s = time.perf_counter() - start
    for paper, stored, found in zip(papers, prepared, readings, strict=True):
        _tally(measured, paper, stored.blurry, found)
    return measured


def measure_evidence(count: int, seed: int) -> Measured:
    return asyncio.run(_measure(count, seed))


def _median_p90(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.9 * (len(ordered) - 1))]


def as_json(m: Measured) -> dict:
    prepare_ms, decode_ms = statistics.median(m.prepare_ms), statistics.median(m.decode_ms)
    read_median, read_p90 = _median_p90(m.read_s)
    return {
        "benchmark": "evidence",
        "machine": report.machine(),
        "images": m.count,
        "concurrency": CONCURRENCY,
        "scores": {
            name: {**vars(s), "precision": round(s.precision(), 4), "recall": round(s.recall(), 4)}
            for name, s in m.scores.items()
        },
        "certificates_name_and_birth_date_right": round(
            m.certificates_right / max(m.certificates, 1), 4
        ),
        "prepare_ms_median": round(prepare_ms, 1),
        "plain_decode_ms_median": round(decode_ms, 1),
        "ratio_prepare_to_decode": round(prepare_ms / decode_ms, 2),
        "read_s_median": round(read_median, 2),
        "read_s_p90": round(read_p90, 2),
        "images_per_minute": round(60 * m.count / m.wall_s, 1),
    }


def table(m: Measured) -> str:
    data = as_json(m)
    lines = [
        f"evidence checks on {m.count} rendered papers ({CONCURRENCY} read at once)",
        f"  {'check':<32}{'precision':>10}{'recall':>8}{'read':>6}{'right':>7}{'there':>7}",
    ]
    for name, s in m.scores.items():
        counts = f"{s.read:>6}{s.right:>7}{s.present:>7}"
        lines.append(f"  {name:<32}{s.precision():>10.1%}{s.recall():>8.1%}{counts}")
    right = data["certificates_name_and_birth_date_right"]
    blur = m.scores["blur check"]
    met = right >= GOAL and min(blur.precision(), blur.recall()) >= GOAL
    lines += [
        f"  sharp certificates with name and birth date read right: {right:.1%}"
        f" (goal {GOAL:.0%}, with the blur check: {'met' if met else 'NOT met'})",
        f"  preparation (decode, re-encode, sharpness) {data['prepare_ms_median']} ms a photo,"
        f" {data['ratio_prepare_to_decode']}× a plain decode ({data['plain_decode_ms_median']} ms)",
        f"  reading {data['read_s_median']} s a photo (p90 {data['read_s_p90']} s),"
        f" {data['images_per_minute']} photos a minute",
    ]
    return "\n".join(lines)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    measured = measure_evidence(count, seed=2021)
    report.write_json(RESULTS_PATH, as_json(measured))
    print(table(measured))
    print(f"results: {RESULTS_PATH.relative_to(processes.REPO_ROOT)}")


if __name__ == "__main__":
    main()
