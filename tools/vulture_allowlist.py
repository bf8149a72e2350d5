"""Names vulture (`make lint`) finds unused that are read by name: fields of the JSON answers
and of the settings (pydantic), attributes that a library reads (openpyxl, uvicorn, logging),
and what only the tests call. Each line is a use vulture can see."""

# ruff: noqa: B018, F821
# The JSON answers' fields (gateway) and the figures they come from (reporting).
token_type
vaccines
on_time_rate
processing_hours_p50
processing_hours_p90
outcome_sms_failed
outcome_sms_delivered_rate
# Settings read from PHANANH_<SERVICE>_PORT and _TARGET (phananh_common.config.Topology).
intake_port
resolution_port
notification_port
reporting_port
intake_target
resolution_target
notification_target
reporting_target
# Read from PHANANH_<PROCESS>_METRICS_PORT (phananh_common.config.MetricsPorts).
intake_metrics_port
resolution_metrics_port
notification_metrics_port
reporting_metrics_port
# Read by the libraries: logging's formatter, uvicorn's server, openpyxl's sheets.
_.formatException
_.capture_signals
_.should_exit
_.font
_.freeze_panes
_.width
# prometheus-client's registry asks a collector for its metrics' names.
_.describe
# A sequence the migrations create and a statement names in its SQL text (reporting).
counter_change_ids
# A field of a staged row, written by COPY in column order (resolution's registry import).
record_id
# The tests' database outage (tests/integration/test_database_restart.py).
_.shut_down
# A URL convertor's pattern, read by Starlette's router (gateway.complaints).
regex
