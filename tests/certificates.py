"""Certificates made by the tests themselves: a CA and server certificates it signs, for
127.0.0.1 and localhost, written as PEM files."""

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _builder(subject: str, issuer: x509.Name, public_key) -> x509.CertificateBuilder:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
    )


@dataclass
class ServerFiles:
    cert: Path
    key: Path


class TestCa:
    """A CA of the test's own, its certificate written to `folder / <name>-ca.pem`."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self, folder: Path, name: str = "test"):
        self.folder = folder
        self.name = name
        self._key = ec.generate_private_key(ec.SECP256R1())
        self._certificate = (
            _builder(f"{name} CA", _name(f"{name} CA"), self._key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self._key, hashes.SHA256())
        )
        self.file = folder / f"{name}-ca.pem"
        self.file.write_bytes(self._certificate.public_bytes(serialization.Encoding.PEM))

    def server_files(self, stem: str = "server") -> ServerFiles:
        """A server certificate for 127.0.0.1 and localhost and its key, written to
        `<stem>.pem` and `<stem>.key` (replacing what they held: a rotation)."""
        key = ec.generate_private_key(ec.SECP256R1())
        names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        certificate = (
            _builder("phananh test server", self._certificate.subject, key.public_key())
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .sign(self._key, hashes.SHA256())
        )
        files = ServerFiles(self.folder / f"{stem}.pem", self.folder / f"{stem}.key")
        files.key.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        files.cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        return files
