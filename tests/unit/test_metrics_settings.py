"""Where each process serves its metrics: its own variable, nowhere when unset or empty, and
never on the port it serves its clients on."""

import pytest
from pydantic import ValidationError

from gateway.config import GatewaySettings
from intake.config import IntakeSettings
from phananh_common.metrics import consumers_of
from phananh_common.service_tokens import generate_key
from phananh_common.tokens import generate_key_pair
from resolution.metrics import district_of


@pytest.fixture
def keys(monkeypatch):
    monkeypatch.setenv("PHANANH_INTAKE_DATABASE_URL", "postgresql+asyncpg://x@/y")
    monkeypatch.setenv("PHANANH_TOKEN_PUBLIC_KEY", generate_key_pair()[1])
    monkeypatch.setenv("PHANANH_SERVICE_TOKEN_KEY", generate_key())
    for process in ("GATEWAY", "INTAKE", "RESOLUTION", "NOTIFICATION", "REPORTING"):
        monkeypatch.delenv(f"PHANANH_{process}_METRICS_PORT", raising=False)


def test_each_process_reads_its_own_metrics_port(keys, monkeypatch):
    monkeypatch.setenv("PHANANH_INTAKE_METRICS_PORT", "9461")
    monkeypatch.setenv("PHANANH_GATEWAY_METRICS_PORT", "")  # empty: unset
    assert IntakeSettings().metrics_port == 9461
    assert GatewaySettings().gateway_metrics_port is None
    monkeypatch.delenv("PHANANH_INTAKE_METRICS_PORT")
    assert IntakeSettings().metrics_port is None


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("PHANANH_INTAKE_METRICS_PORT", "50051", "PHANANH_INTAKE_METRICS_PORT"),
        ("PHANANH_GATEWAY_METRICS_PORT", "8080", "PHANANH_GATEWAY_METRICS_PORT"),
        ("PHANANH_INTAKE_METRICS_PORT", "0", "intake_metrics_port"),
        ("PHANANH_GATEWAY_METRICS_PORT", "http", "gateway_metrics_port"),
    ],
)
def test_metrics_on_the_serving_port_or_no_port_stop_the_start(
    keys, monkeypatch, variable, value, named
):
    monkeypatch.setenv(variable, value)
    settings = GatewaySettings if "GATEWAY" in variable else IntakeSettings
    with pytest.raises(ValidationError, match=named):
        settings()


def test_a_producer_counts_its_backlog_for_each_consumer_of_its_events():
    assert consumers_of("intake") == ["notification", "reporting", "resolution"]
    assert consumers_of("notification") == ["reporting"]
    assert consumers_of("reporting") == []


@pytest.mark.parametrize(
    ("unit", "district"),
    [("25993", "731"), ("731", "731"), ("75", "75")],
    ids=["a commune's district", "a district itself", "the province's own queue"],
)
def test_cases_are_counted_in_the_district_that_holds_them(unit, district):
    assert district_of(unit) == district
