"""The documents say what the code does: the README stays a front door and names every setting
the code reads, the HTTP document's routes are the gateway's, the events document's table is
the code's, and every repository path a document cites exists."""

import fnmatch
import os
import re
from pathlib import Path

import pytest

from gateway.config import GatewaySettings
from intake.config import IntakeSettings
from notification.config import NotificationSettings
from phananh_common.subscriptions import ROUTES
from reporting.config import ReportingSettings
from resolution.config import ResolutionSettings
from tests.harness import gateway_schema

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
DOCUMENTS = [README, *sorted(DOCS.glob("*.md")), ROOT / "deploy" / "k8s" / "README.md"]
SERVICES = ("INTAKE", "RESOLUTION", "NOTIFICATION", "REPORTING")
# The folders `make venv` puts on the path (Makefile, phananh.pth): a module cited as
# `phananh_common/x.py` or `intake/` lives under one of them.
SOURCE_ROOTS = [
    ROOT / folder
    for folder in (
        "protos",
        "services/common",
        "services/intake",
        "services/resolution",
        "services/notification",
        "services/reporting",
        "gateway",
    )
]
# What processes write at run time, never in the repository (`.gitignore`).
RUNTIME_FOLDERS = (".data/", "bench-results/", "test-artifacts/")
# A folder the reader names (`DIR/<process>.txt`, `<folder>/x.csv`): not the repository's.
READERS_FOLDER = re.compile(r"(<[^>]*>|[A-Z]+)/")
NOT_SEARCHED = {".git", ".venv", "node_modules", "__pycache__", ".data", ".pytest_cache"}
# How a repository file's name ends, for a name cited without a folder.
FILE_ENDINGS = (".py", ".md", ".proto", ".toml", ".yaml", ".yml", ".lock", ".txt", ".js", ".css")


def section(text: str, heading: str) -> str:
    """The text under a `## heading`, up to the next heading of that level."""
    found = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert found, f"no section '## {heading}'"
    return found.group(1)


def table_after(text: str, header: str) -> list[list[str]]:
    """The cells of each row of the table whose header line is `header`."""
    lines = text.splitlines()
    start = lines.index(header) + 2  # the header, then the |---| line
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


# The README


def test_the_readme_is_a_front_door_under_400_lines():
    assert len(README.read_text().splitlines()) < 400


def settings_read_by_the_code() -> set[str]:
    """Every PHANANH_ variable a process reads: its settings' fields (an alias, each of its
    choices, or the prefix and the field's name) and the names the code spells out."""
    names = set()
    for settings in (
        IntakeSettings,
        ResolutionSettings,
        NotificationSettings,
        ReportingSettings,
        GatewaySettings,
    ):
        prefix = settings.model_config["env_prefix"]
        for name, field in settings.model_fields.items():
            choices = getattr(field.validation_alias, "choices", None)
            names |= set(choices or [field.alias or f"{prefix}{name}".upper()])
    for folder in ("services", "gateway"):
        for path in (ROOT / folder).rglob("*.py"):
            names |= set(re.findall(r"""["'](PHANANH_[A-Z0-9_]+)["']""", path.read_text()))
    return {name for name in names if name.startswith("PHANANH_")}


def variables_named(text: str) -> set[str]:
    """The PHANANH_ names in a text, `PHANANH_<SERVICE>_…` standing for each service's."""
    names = set()
    for name in re.findall(r"PHANANH_[A-Z0-9_<>]*[A-Z0-9>]", text):
        names |= {name.replace("<SERVICE>", s) for s in SERVICES}
    return names


def test_the_readme_configuration_names_every_variable_the_code_reads_and_no_other():
    documented = variables_named(section(README.read_text(), "Configuration"))
    read = settings_read_by_the_code()
    assert read - documented == set(), "read by the code, missing from the README"
    assert documented - read == set(), "in the README, read by no process"


# The HTTP contract


def test_the_http_document_lists_exactly_the_routes_the_gateway_serves():
    text = section((DOCS / "http-api.md").read_text(), "Every route")
    rows = table_after(text, "| route | who | what |")
    documented = [tuple(re.fullmatch(r"`([A-Z]+) (\S+)`", row[0]).groups()) for row in rows]
    served = {
        (method.upper(), path)
        for path, operations in gateway_schema()["paths"].items()
        for method in operations
    }
    assert len(documented) == len(set(documented)), "a route listed twice"
    assert set(documented) - served == set(), "documented, not served"
    assert served - set(documented) == set(), "served, not documented"


# The events


def test_the_events_document_names_each_event_with_its_publisher_and_consumers():
    text = (DOCS / "events.md").read_text()
    documented = {
        f"phananh.events.v1.{event.strip('`')}": (publisher, set(consumers.split(", ")))
        for event, publisher, consumers in table_after(text, "| event | publisher | consumers |")
    }
    assert documented == {
        event: (publisher, set(consumers)) for event, (publisher, consumers) in ROUTES.items()
    }


def test_the_events_document_says_what_each_consumer_does():
    text = (DOCS / "events.md").read_text()
    rows = table_after(text, "| event | consumer | what it does |")
    documented = [(f"phananh.events.v1.{name.strip('`')}", consumer) for name, consumer, _ in rows]
    assert sorted(documented) == sorted(
        (event, consumer) for event, (_, consumers) in ROUTES.items() for consumer in consumers
    )


# The paths documents cite


def repository_paths() -> list[str]:
    """The repository's files and folders (relative, with /), without what tools and runs
    make."""
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [d for d in subfolders if d not in NOT_SEARCHED]
        relative = Path(folder).relative_to(ROOT).as_posix()
        found += [f"{relative}/{name}".removeprefix("./") for name in (*subfolders, *files)]
    return found


def as_pattern(path: str) -> str:
    """A cited path with its placeholders (`<service>`, `{id}`, `…`) matching any name."""
    return re.sub(r"<[^>]*>|\{[^}]*\}|…", "*", path).rstrip("/")


def cited_paths(text: str, folder: Path) -> list[str]:
    """The backticked names in a document (outside code blocks) that look like the
    repository's: a file's name with its ending, or a path from the repository's top or the
    document's folder. Not routes, URLs, media types, time zones, nor runtime folders."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    tops = {entry.name for base in (ROOT, folder) for entry in base.iterdir()}
    cited = []
    for name in re.findall(r"`([^`\s]+)`", text):
        if "://" in name or name.startswith(("/", *RUNTIME_FOLDERS)) or READERS_FOLDER.match(name):
            continue
        if name.rstrip("/").endswith(FILE_ENDINGS) or name.split("/")[0] in tops - NOT_SEARCHED:
            cited.append(name)
    return cited


def exists(path: str, folder: Path, paths: list[str]) -> bool:
    """Whether the repository holds the path: from its top, the document's folder or a source
    folder; a name alone, anywhere."""
    pattern = as_pattern(path)
    if "/" not in pattern:
        return any(fnmatch.fnmatch(p.rsplit("/", 1)[-1], pattern) for p in paths)
    bases = {base.relative_to(ROOT).as_posix() for base in (ROOT, folder, *SOURCE_ROOTS)}
    full = {f"{base}/{pattern}".removeprefix("./") for base in bases}
    return any(fnmatch.fnmatch(p, f) for p in paths for f in full)


def anchors_of(text: str) -> set[str]:
    """GitHub's anchors of a document's headings."""
    headings = re.findall(r"^#+ (.+)$", text, re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def broken_links(text: str, folder: Path) -> list[str]:
    """Relative links whose file, or heading, the repository lacks."""
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        file, _, anchor = target.partition("#")
        linked = (folder / file).resolve()
        missing = file and not (linked.is_relative_to(ROOT) and linked.exists())
        if missing or (anchor and anchor not in anchors_of(linked.read_text() if file else text)):
            broken.append(target)
    return broken


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_path_a_document_cites_exists(document: Path):
    paths = repository_paths()
    text, folder = document.read_text(), document.parent
    missing = [p for p in cited_paths(text, folder) if not exists(p, folder, paths)]
    assert missing == [], "cited, not in the repository"
    assert broken_links(text, folder) == [], "linked, not in the repository"


def test_the_path_rule_finds_stale_paths_and_lets_the_rest_be():
    text = (
        "# Here\n"
        "See `CONTRACT.md`, `services/intake/intake/gone.py`, `phananh_common/gone.py`, "
        "[gone](docs/gone.md) and [its part](docs/events.md#gone); not "
        "`.data/logs/<process>.log`, `DIR/<process>.txt`, `text/csv`, `Asia/Ho_Chi_Minh`, "
        "`/api/v1/cases/{case_id}`, `dns:///resolution:50052` nor `phananh/intake:dev`. Present: "
        "`services/<service>/Dockerfile`, `tests`, `phananh_common/subscriptions.py`, "
        "`deploy/k8s/`, [events](docs/events.md#delivery), [here](#here)."
    )
    paths = repository_paths()
    cited = cited_paths(text, ROOT)
    assert [p for p in cited if not exists(p, ROOT, paths)] == [
        "CONTRACT.md",
        "services/intake/intake/gone.py",
        "phananh_common/gone.py",
    ]
    assert len(cited) == 7
    assert broken_links(text, ROOT) == ["docs/gone.md", "docs/events.md#gone"]
