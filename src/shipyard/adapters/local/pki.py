"""Certificates and keys of the local control plane, generated once at the first start.

One CA signs the API server's serving certificate and a client certificate per component;
a separate key pair signs service-account tokens. Private keys are written with mode 0600.
"""

from __future__ import annotations

import dataclasses
import datetime
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALIDITY = datetime.timedelta(days=3650)
SERVICE_CLUSTER_IP = "10.96.0.1"


@dataclasses.dataclass(frozen=True, kw_only=True)
class ClientIdentity:
    """Who a component is to the API server: a user name and its groups."""

    component: str
    user: str
    groups: tuple[str, ...] = ()


CLIENTS = (
    ClientIdentity(component="admin", user="shipyard-admin", groups=("system:masters",)),
    ClientIdentity(component="kube-controller-manager", user="system:kube-controller-manager"),
    ClientIdentity(component="kube-scheduler", user="system:kube-scheduler"),
    # KWOK plays the kubelet of every fake node and updates nodes, pods and leases.
    ClientIdentity(component="kwok", user="system:kwok-controller", groups=("system:masters",)),
    ClientIdentity(
        component="apiserver-kubelet-client",
        user="kube-apiserver-kubelet-client",
        groups=("system:masters",),
    ),
)


@dataclasses.dataclass(frozen=True, kw_only=True)
class PkiPaths:
    """File names inside the environment's ``pki/`` directory."""

    root: Path

    @property
    def ca_cert(self) -> Path:
        return self.root / "ca.crt"

    @property
    def ca_key(self) -> Path:
        return self.root / "ca.key"

    @property
    def serving_cert(self) -> Path:
        return self.root / "apiserver.crt"

    @property
    def serving_key(self) -> Path:
        return self.root / "apiserver.key"

    @property
    def sa_key(self) -> Path:
        return self.root / "sa.key"

    @property
    def sa_pub(self) -> Path:
        return self.root / "sa.pub"

    def client_cert(self, component: str) -> Path:
        return self.root / f"{component}.crt"

    def client_key(self, component: str) -> Path:
        return self.root / f"{component}.key"

    def complete(self) -> bool:
        files = [self.ca_cert, self.ca_key, self.serving_cert, self.serving_key, self.sa_key]
        files += [self.sa_pub]
        files += [self.client_cert(c.component) for c in CLIENTS]
        return all(path.is_file() for path in files)


def _new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write(path: Path, data: bytes, *, private: bool) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o600 if private else 0o644)
    tmp.replace(path)


def _builder(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: ec.EllipticCurvePublicKey,
    now: datetime.datetime,
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
    )


def _name(common_name: str, organizations: tuple[str, ...] = ()) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, org) for org in organizations]
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def generate(paths: PkiPaths, *, now: datetime.datetime) -> None:
    """Writes the CA, the serving certificate, client certificates and the SA key pair."""
    paths.root.mkdir(parents=True, exist_ok=True)
    ca_key = _new_key()
    ca_name = _name("shipyard-local-ca")
    ca_cert = (
        _builder(subject=ca_name, issuer=ca_name, public_key=ca_key.public_key(), now=now)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write(paths.ca_key, _key_pem(ca_key), private=True)
    _write(paths.ca_cert, ca_cert.public_bytes(serialization.Encoding.PEM), private=False)

    serving_key = _new_key()
    dns = [
        "localhost",
        "kubernetes",
        "kubernetes.default",
        "kubernetes.default.svc",
        "kubernetes.default.svc.cluster.local",
    ]
    alt_names: list[x509.GeneralName] = [x509.DNSName(name) for name in dns]
    alt_names += [
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(ipaddress.ip_address(SERVICE_CLUSTER_IP)),
    ]
    serving = (
        _builder(
            subject=_name("kube-apiserver"),
            issuer=ca_name,
            public_key=serving_key.public_key(),
            now=now,
        )
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    _write(paths.serving_key, _key_pem(serving_key), private=True)
    _write(paths.serving_cert, serving.public_bytes(serialization.Encoding.PEM), private=False)

    for client in CLIENTS:
        key = _new_key()
        cert = (
            _builder(
                subject=_name(client.user, client.groups),
                issuer=ca_name,
                public_key=key.public_key(),
                now=now,
            )
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        _write(paths.client_key(client.component), _key_pem(key), private=True)
        _write(
            paths.client_cert(client.component),
            cert.public_bytes(serialization.Encoding.PEM),
            private=False,
        )

    sa_key = _new_key()
    _write(paths.sa_key, _key_pem(sa_key), private=True)
    _write(
        paths.sa_pub,
        sa_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        private=False,
    )
