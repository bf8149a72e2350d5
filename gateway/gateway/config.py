from pydantic import Field, model_validator

from phananh_common.config import MetricsPorts, ServiceKey, TokenVerification, Topology


class GatewaySettings(Topology, MetricsPorts, ServiceKey, TokenVerification):
    http_port: int = Field(8080, ge=1, le=65535, alias="PHANANH_HTTP_PORT")
    http_host: str = Field("0.0.0.0", alias="PHANANH_HTTP_HOST")
    # Every gRPC call from the gateway carries this deadline.
    call_deadline_seconds: float = Field(10.0, gt=0, alias="PHANANH_CALL_DEADLINE_SECONDS")
    # A bulk decision on up to 500 cases takes longer; resolution answers every case within
    # it (those it could not reach as such), so the officer never gets a bare timeout. The
    # default stays under the 60 s that proxies commonly wait for an answer.
    bulk_deadline_seconds: float = Field(50.0, gt=0, alias="PHANANH_BULK_DEADLINE_SECONDS")
    # The proxies (addresses or networks, comma-separated; "*" for any) whose
    # X-Forwarded-For names the client: the address that per-address limits count. Behind an
    # Ingress, its controller's pods' network; otherwise every citizen is the proxy.
    trusted_proxies: str = Field("127.0.0.1", alias="PHANANH_TRUSTED_PROXIES")
    log_level: str = Field("INFO", alias="PHANANH_LOG_LEVEL")
    # The web form's address starts in this province (submissions outside it are refused).
    province_code: str = Field("75", alias="PHANANH_PROVINCE_CODE", pattern=r"^\d{2}$")

    @model_validator(mode="after")
    def _metrics_apart(self) -> "GatewaySettings":
        self.check_metrics_port("gateway", self.http_port)
        return self
