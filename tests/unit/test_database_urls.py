"""CloudNativePG's Secrets give `postgresql://…` URLs; the services and migrations take them."""

import pytest

from intake.config import IntakeSettings
from phananh_common.migrate import alembic_config
from phananh_common.service_tokens import generate_key
from phananh_common.tokens import generate_key_pair
from reporting.config import ReportingSettings

_, PUBLIC_KEY = generate_key_pair()


@pytest.fixture(autouse=True)
def token_key(monkeypatch):
    monkeypatch.setenv("PHANANH_TOKEN_PUBLIC_KEY", PUBLIC_KEY)
    monkeypatch.setenv("PHANANH_SERVICE_TOKEN_KEY", generate_key())


CNPG_URI = "postgresql://intake:secret@intake-db-rw.phananh:5432/intake"
ASYNCPG_URI = "postgresql+asyncpg://intake:secret@intake-db-rw.phananh:5432/intake"


@pytest.mark.parametrize("given", [CNPG_URI, CNPG_URI.replace("postgresql:", "postgres:")])
@pytest.mark.parametrize("settings_class", [IntakeSettings, ReportingSettings])
def test_a_libpq_url_gets_the_asyncpg_driver(monkeypatch, settings_class, given):
    variable = f"PHANANH_{settings_class.service_name.upper()}_DATABASE_URL"
    monkeypatch.setenv(variable, given)
    assert settings_class().database_url == ASYNCPG_URI


def test_an_asyncpg_url_is_kept(monkeypatch):
    monkeypatch.setenv("PHANANH_INTAKE_DATABASE_URL", ASYNCPG_URI)
    assert IntakeSettings().database_url == ASYNCPG_URI


def test_migrations_take_a_libpq_url_too():
    assert alembic_config("intake", CNPG_URI).attributes["database_url"] == ASYNCPG_URI
