"""The web pages as files: every page renders, every module it loads exists, and every string
a page shows is written in both languages."""

import re
from pathlib import Path

import pytest

from gateway import web

STATIC = web.HERE / "static"
PAGES = sorted({page for page, _ in web.PAGES.values()})
SERVICES = Path(__file__).resolve().parents[2] / "services"


def strings_of(source: str) -> dict[str, set[str]]:
    """The keys of each language's block (`vi: {…}`, `en: {…}`) of a strings module."""
    keys: dict[str, set[str]] = {}
    for lang, body in re.findall(r"^  (vi|en): \{(.*?)\n  \}", source, re.S | re.M):
        keys.setdefault(lang, set(re.findall(r'^\s+"?([\w.]+)"?:', body, re.M)))
    return keys


def imports_of(module: str) -> set[str]:
    """The module and every module it imports, transitively."""
    found, pending = set(), [module]
    while pending:
        name = pending.pop()
        if name not in found:
            found.add(name)
            pending += re.findall(r'from "/static/([\w.-]+)"', (STATIC / name).read_text())
    return found


COMMON = strings_of((STATIC / "i18n.js").read_text())


@pytest.mark.parametrize("page", PAGES)
def test_a_page_renders_and_loads_only_modules_that_exist(page):
    html = web.render(page, "console", "75")
    assert f'src="/static/{page}.js"' in html
    assert all((STATIC / name).exists() for name in imports_of(f"{page}.js"))


@pytest.mark.parametrize("page", PAGES)
def test_every_string_of_a_page_is_written_in_both_languages(page):
    own = strings_of((STATIC / f"{page}-strings.js").read_text())
    assert own["vi"] == own["en"], own["vi"] ^ own["en"]
    known = COMMON["vi"] | own["vi"]
    shown = set(re.findall(r'data-(?:i18n|title)="([\w.]+)"', web.render(page, "console", "75")))
    shown |= set(re.findall(r'data-i18n="([\w.]+)"', web.render(page, "citizen", "75")))
    assert shown <= known, shown - known


def test_the_common_strings_are_written_in_both_languages():
    assert COMMON["vi"] == COMMON["en"], COMMON["vi"] ^ COMMON["en"]


def test_the_services_words_the_pages_translate_are_ones_a_service_gives():
    """`reason.X`, `violation.X` and `field.Y` strings say a service's error in the reader's
    language: each names a reason or a field the services' code raises, so a renamed one is
    noticed."""
    source = "\n".join(p.read_text() for p in SERVICES.rglob("*.py") if ".venv" not in p.parts)
    keys = set().union(*(strings_of(p.read_text())["vi"] for p in STATIC.glob("*-strings.js")))
    prefixes = ("reason.", "violation.", "field.")
    translated = [k.split(".", 1)[1] for k in keys if k.startswith(prefixes)]
    assert translated
    assert [name for name in translated if f'"{name}"' not in source] == []


def test_the_case_pages_record_history_loads_and_is_written_in_both_languages():
    assert 'src="/static/record-history.js"' in web.render("case", "console", "75")
    assert all((STATIC / name).exists() for name in imports_of("record-history.js"))
    own = strings_of((STATIC / "record-history-strings.js").read_text())
    assert own["vi"] == own["en"], own["vi"] ^ own["en"]
