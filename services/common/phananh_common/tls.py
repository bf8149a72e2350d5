"""TLS on the gRPC ports: a server's certificate and key read from files, and read again when
they change (a rotated certificate is served to the next connection, without a restart); the
clients' trust in one CA's file. Neither set: plaintext, as `make run` has it."""

import logging
import os
from pathlib import Path

import grpc
from cryptography import x509
from cryptography.hazmat.primitives import serialization

log = logging.getLogger(__name__)


def matching_pair(cert_pem: bytes, key_pem: bytes) -> bool:
    """Whether the key is the certificate's (the first certificate of a chain)."""
    certificate = x509.load_pem_x509_certificate(cert_pem)
    key = serialization.load_pem_private_key(key_pem, password=None)
    public = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    return certificate.public_key().public_bytes(*public) == key.public_key().public_bytes(*public)


def check_pair(cert_file: str, key_file: str) -> None:
    """Raises ValueError unless the files hold a certificate and its own private key."""
    try:
        cert_pem, key_pem = Path(cert_file).read_bytes(), Path(key_file).read_bytes()
    except OSError as error:
        raise ValueError(f"{error.filename}: {error.strerror}") from None
    try:
        pair = matching_pair(cert_pem, key_pem)
    except (ValueError, TypeError) as error:
        raise ValueError(f"not a PEM certificate and private key: {error}") from None
    if not pair:
        raise ValueError("the private key is not the certificate's")


def check_ca(ca_file: str) -> None:
    """Raises ValueError unless the file holds PEM certificates."""
    try:
        x509.load_pem_x509_certificates(Path(ca_file).read_bytes())
    except OSError as error:
        raise ValueError(f"{error.filename}: {error.strerror}") from None


class CertificateFiles:
    """The server's certificate configuration, fetched by gRPC at each new connection: read
    again when either file changed since, and kept while the two do not match (a rotation
    caught between writing the certificate and the key; a Kubernetes Secret's volume swaps
    both at once)."""

    def __init__(self, cert_file: str, key_file: str):
        self._files = (Path(cert_file), Path(key_file))
        self._served: tuple[int, ...] = ()

    def _stamp(self) -> tuple[int, ...]:
        # A Secret's volume swaps a symbolic link: the target's times and size change.
        return tuple(v for f in self._files for v in (os.stat(f).st_mtime_ns, os.stat(f).st_size))

    def load(self) -> grpc.ServerCertificateConfiguration:
        stamp = self._stamp()
        cert_pem, key_pem = (f.read_bytes() for f in self._files)
        if not matching_pair(cert_pem, key_pem):
            raise ValueError("the private key is not the certificate's")
        self._served = stamp
        return grpc.ssl_server_certificate_configuration([(key_pem, cert_pem)])

    def fetch(self) -> grpc.ServerCertificateConfiguration | None:
        """A new configuration when the files changed, else None (gRPC keeps the one it has).
        Never raises: a failed read keeps the certificate served so far."""
        try:
            if self._stamp() == self._served:
                return None
            configuration = self.load()
        except (OSError, ValueError) as error:
            log.warning("TLS certificate not reloaded: %s", type(error).__name__)
            return None
        log.info("TLS certificate reloaded")
        return configuration


def server_credentials(cert_file: str, key_file: str) -> grpc.ServerCredentials:
    files = CertificateFiles(cert_file, key_file)
    return grpc.dynamic_ssl_server_credentials(files.load(), files.fetch)


def listen(server: grpc.aio.Server, address: str, cert_file: str, key_file: str) -> int:
    """Opens the server's port, over TLS when a certificate is given; returns the port."""
    if not cert_file:
        return server.add_insecure_port(address)
    return server.add_secure_port(address, server_credentials(cert_file, key_file))


def channel_credentials(ca_file: str) -> grpc.ChannelCredentials | None:
    """Credentials that trust only the CA of `ca_file`; None (plaintext) without one."""
    return grpc.ssl_channel_credentials(Path(ca_file).read_bytes()) if ca_file else None
