"""Settings from the environment, validated at start: a bad value stops the process at once."""

from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import (
    AliasChoices,
    BeforeValidator,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from phananh_common.service_tokens import checked_key
from phananh_common.tls import check_ca, check_pair
from phananh_common.tokens import load_public_key

SERVICES = ("intake", "resolution", "notification", "reporting")
PROCESSES = (*SERVICES, "gateway")
DEFAULT_PORTS = {"intake": 50051, "resolution": 50052, "notification": 50053, "reporting": 50054}
# `make run`'s metrics ports, where they are free (unset, a process serves no metrics).
DEFAULT_METRICS_PORTS = {
    "gateway": 9460,
    "intake": 9461,
    "resolution": 9462,
    "notification": 9463,
    "reporting": 9464,
}


def asyncpg_url(url: str) -> str:
    """The URL with SQLAlchemy's asyncpg driver named: CloudNativePG's Secrets (and libpq
    habits) say `postgresql://…`."""
    scheme, _, rest = url.partition("://")
    return f"postgresql+asyncpg://{rest}" if scheme in ("postgresql", "postgres") else url


class PhananhSettings(BaseSettings):
    """The base of every settings class, so that combining them keeps one configuration."""

    model_config = SettingsConfigDict(
        env_prefix="PHANANH_", extra="ignore", frozen=True, populate_by_name=True
    )


class Topology(PhananhSettings):
    """Where each service listens and how the others reach it (`PHANANH_<SERVICE>_PORT`,
    `PHANANH_<SERVICE>_TARGET`, e.g. `dns:///resolution:50052` on Kubernetes)."""

    intake_port: int = Field(DEFAULT_PORTS["intake"], ge=1, le=65535)
    resolution_port: int = Field(DEFAULT_PORTS["resolution"], ge=1, le=65535)
    notification_port: int = Field(DEFAULT_PORTS["notification"], ge=1, le=65535)
    reporting_port: int = Field(DEFAULT_PORTS["reporting"], ge=1, le=65535)
    intake_target: str = ""
    resolution_target: str = ""
    notification_target: str = ""
    reporting_target: str = ""
    # The CA (PEM file) whose certificates the services' TLS ports must show; empty: the
    # channels are plaintext.
    grpc_tls_ca: str = Field("", alias="PHANANH_GRPC_TLS_CA")

    @field_validator("grpc_tls_ca")
    @classmethod
    def _ca_certificates(cls, ca_file: str) -> str:
        if ca_file:
            check_ca(ca_file)
        return ca_file

    def port_of(self, service: str) -> int:
        return getattr(self, f"{service}_port")

    def target_of(self, service: str) -> str:
        # 127.0.0.1 rather than localhost: the servers listen on IPv4's loopback by default.
        return getattr(self, f"{service}_target") or f"127.0.0.1:{self.port_of(service)}"


def metrics_port_variable(process: str) -> str:
    return f"PHANANH_{process.upper()}_METRICS_PORT"


# A metrics port; empty is unset, as `VAR=` in a shell or a manifest means.
MetricsPort = Annotated[
    Annotated[int, Field(ge=1, le=65535)] | None, BeforeValidator(lambda value: value or None)
]


class MetricsPorts(PhananhSettings):
    """Where each process serves its Prometheus metrics (`PHANANH_<PROCESS>_METRICS_PORT`;
    unset or empty: nowhere), on the address PHANANH_METRICS_BIND (loopback unless told)."""

    gateway_metrics_port: MetricsPort = None
    intake_metrics_port: MetricsPort = None
    resolution_metrics_port: MetricsPort = None
    notification_metrics_port: MetricsPort = None
    reporting_metrics_port: MetricsPort = None
    metrics_bind: str = Field("127.0.0.1", min_length=1, alias="PHANANH_METRICS_BIND")

    def metrics_port_of(self, process: str) -> int | None:
        return getattr(self, f"{process}_metrics_port")

    def check_metrics_port(self, process: str, public_port: int) -> None:
        """Refuses metrics on the process's public port: they are for Prometheus alone."""
        if self.metrics_port_of(process) == public_port:
            raise ValueError(f"{metrics_port_variable(process)} must differ from its serving port")


class TokenVerification(PhananhSettings):
    """The public key that checks officers' access tokens (PEM; resolution holds the private
    one). Every service and the gateway need it."""

    token_public_key: str = Field(alias="PHANANH_TOKEN_PUBLIC_KEY", min_length=1)

    @field_validator("token_public_key")
    @classmethod
    def _an_ed25519_public_key(cls, value: str) -> str:
        load_public_key(value)
        return value


class ServiceKey(PhananhSettings):
    """The secret that every process signs its calls to the services with, and every service
    checks them with (phananh_common.service_tokens): the text itself or a file holding it."""

    # A refused setting's error names the variable, never the values given (the secret).
    model_config = SettingsConfigDict(hide_input_in_errors=True)

    service_token_key: SecretStr = Field(SecretStr(""), alias="PHANANH_SERVICE_TOKEN_KEY")
    service_token_key_file: str = Field("", alias="PHANANH_SERVICE_TOKEN_KEY_FILE")

    @model_validator(mode="after")
    def _one_long_enough_key(self) -> "ServiceKey":
        if bool(self.service_token_key.get_secret_value()) == bool(self.service_token_key_file):
            raise ValueError(
                "set one of PHANANH_SERVICE_TOKEN_KEY and PHANANH_SERVICE_TOKEN_KEY_FILE"
            )
        try:
            checked_key(self.service_key)
        except OSError as error:
            raise ValueError(f"PHANANH_SERVICE_TOKEN_KEY_FILE: {error.strerror}") from None
        return self

    @property
    def service_key(self) -> bytes:
        if value := self.service_token_key.get_secret_value():
            return value.encode()
        # A file's final newline is not part of the secret.
        return Path(self.service_token_key_file).read_bytes().rstrip(b"\r\n")


class ServiceData(PhananhSettings):
    """What a service's own commands (migrations, imports) need as well as its server: the
    province it serves and its database. Subclasses declare `database_url` with the alias
    `PHANANH_<SERVICE>_DATABASE_URL`."""

    database_url: str
    province_code: str = Field("75", alias="PHANANH_PROVINCE_CODE", pattern=r"^\d{2}$")

    @field_validator("database_url")
    @classmethod
    def _name_the_driver(cls, url: str) -> str:
        return asyncpg_url(url)


class ServerTls(PhananhSettings):
    """The gRPC server's certificate and private key (PEM files, read again when they change):
    TLS on its port when given, plaintext otherwise."""

    grpc_tls_cert: str = Field("", alias="PHANANH_GRPC_TLS_CERT")
    grpc_tls_key: str = Field("", alias="PHANANH_GRPC_TLS_KEY")

    @model_validator(mode="after")
    def _both_and_matching(self) -> "ServerTls":
        if bool(self.grpc_tls_cert) != bool(self.grpc_tls_key):
            raise ValueError("set both PHANANH_GRPC_TLS_CERT and PHANANH_GRPC_TLS_KEY, or neither")
        if self.grpc_tls_cert:
            check_pair(self.grpc_tls_cert, self.grpc_tls_key)
        return self


class ServiceSettings(
    Topology, MetricsPorts, ServerTls, ServiceKey, TokenVerification, ServiceData
):
    """What every gRPC service needs; a service's own settings extend it."""

    service_name: ClassVar[str]

    # The address the gRPC server listens on: loopback unless told (`[::]`, every interface,
    # on Kubernetes). PHANANH_BIND_HOST is its former name.
    grpc_bind: str = Field(
        "127.0.0.1",
        min_length=1,
        validation_alias=AliasChoices("PHANANH_GRPC_BIND", "PHANANH_BIND_HOST"),
    )
    grace_seconds: float = Field(10.0, gt=0, alias="PHANANH_SHUTDOWN_GRACE_SECONDS")
    db_pool_size: int = Field(10, ge=1, alias="PHANANH_DB_POOL_SIZE")
    relay_poll_seconds: float = Field(2.0, gt=0, alias="PHANANH_RELAY_POLL_SECONDS")
    relay_batch_size: int = Field(100, ge=1, le=10_000, alias="PHANANH_RELAY_BATCH_SIZE")
    delivery_deadline_seconds: float = Field(5.0, gt=0, alias="PHANANH_DELIVERY_DEADLINE_SECONDS")
    log_level: str = Field("INFO", alias="PHANANH_LOG_LEVEL")

    @property
    def listen_port(self) -> int:
        return self.port_of(self.service_name)

    @property
    def metrics_port(self) -> int | None:
        return self.metrics_port_of(self.service_name)

    @model_validator(mode="after")
    def _metrics_apart(self) -> "ServiceSettings":
        self.check_metrics_port(self.service_name, self.listen_port)
        return self
