"""Logs are JSON with the request's context and without exception messages; settings fail
at start with the variable's name."""

import json
import logging

import pytest
from opentelemetry.sdk.trace import TracerProvider
from pydantic import ValidationError

from intake.config import IntakeSettings
from phananh_common.logs import configure_logging, current_rpc
from phananh_common.service_tokens import generate_key
from phananh_common.tokens import generate_key_pair


@pytest.fixture
def logged(capsys):
    """Runs an action with the service's logging and returns the JSON lines it wrote."""

    def run(action) -> list[dict]:
        configure_logging("intake", "INFO")  # here: capsys's stream is the test's own now
        action()
        return [json.loads(line) for line in capsys.readouterr().err.splitlines()]

    yield run
    logging.getLogger().handlers.clear()


def test_a_log_line_carries_service_trace_span_and_method(logged):
    tracer = TracerProvider().get_tracer("test")
    spans = []

    def action():
        token = current_rpc.set("/phananh.intake.v1.IntakeService/SubmitComplaint")
        with tracer.start_as_current_span("work") as span:
            spans.append(span)
            logging.getLogger("x").info("stored")
        current_rpc.reset(token)

    (line,) = logged(action)
    span = spans[0]
    assert line["message"] == "stored"
    assert line["service"] == "intake"
    assert line["rpc"] == "/phananh.intake.v1.IntakeService/SubmitComplaint"
    assert line["trace_id"] == format(span.get_span_context().trace_id, "032x")


def test_an_exception_is_logged_with_its_stack_but_not_its_message(logged):
    national_id = "075185000123"

    def action():
        try:
            raise ValueError(f"Key (national_id)=({national_id}) already exists")
        except ValueError:
            logging.getLogger("x").exception("failed")

    (line,) = logged(action)
    assert national_id not in json.dumps(line)
    assert "builtins.ValueError" in line["exc_info"]
    assert "test_logs_and_settings.py" in line["exc_info"]


def test_an_exception_is_logged_with_the_types_it_came_from_but_not_their_messages(logged):
    phone = "+84912345678"

    class DeadlockDetectedError(Exception):
        pass

    def action():
        try:
            try:
                raise DeadlockDetectedError(f"while updating the row of {phone}")
            except DeadlockDetectedError as cause:
                raise RuntimeError(f"statement failed for {phone}") from cause
        except RuntimeError:
            logging.getLogger("x").exception("failed")

    (line,) = logged(action)
    assert phone not in json.dumps(line)
    causes = line["exc_info"].rsplit("\n", 1)[-1]
    assert causes.startswith("builtins.RuntimeError caused by ")
    assert causes.endswith(".DeadlockDetectedError")


def test_settings_name_the_missing_database_variable(monkeypatch):
    monkeypatch.delenv("PHANANH_INTAKE_DATABASE_URL", raising=False)
    with pytest.raises(ValidationError, match="PHANANH_INTAKE_DATABASE_URL"):
        IntakeSettings()


@pytest.mark.parametrize(
    ("variable", "value"),
    [("PHANANH_INTAKE_PORT", "http"), ("PHANANH_SLA_HOURS", "-1"), ("PHANANH_PROVINCE_CODE", "7")],
)
def test_a_bad_setting_stops_the_start(monkeypatch, variable, value):
    monkeypatch.setenv("PHANANH_INTAKE_DATABASE_URL", "postgresql+asyncpg://x@/y")
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError):
        IntakeSettings()


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PHANANH_INTAKE_DATABASE_URL", "postgresql+asyncpg://x@/y")
    monkeypatch.setenv("PHANANH_INTAKE_PORT", "6000")
    monkeypatch.setenv("PHANANH_RESOLUTION_TARGET", "dns:///resolution:50052")
    monkeypatch.setenv("PHANANH_SLA_HOURS", "48")
    monkeypatch.setenv("PHANANH_TOKEN_PUBLIC_KEY", generate_key_pair()[1])
    monkeypatch.setenv("PHANANH_SERVICE_TOKEN_KEY", generate_key())
    settings = IntakeSettings()
    assert settings.listen_port == 6000
    assert settings.target_of("resolution") == "dns:///resolution:50052"
    assert settings.target_of("reporting") == "127.0.0.1:50054"
    assert settings.sla_hours == 48
