"""Sprig's crypto functions: bcrypt/htpasswd, derivePassword (Master Password), private keys,
CA / self-signed / signed certificates, AES-CBC encrypt/decrypt.

``cryptography`` (and ``bcrypt`` when installed) are imported on first use, keeping the
template library cheap to import. Outputs are random by nature, with Sprig's shapes: RSA 4096
for genPrivateKey, RSA 2048 for certificates, 128-bit serials, PKCS#1/SEC1/PKCS#8 PEM types.
"""

from __future__ import annotations

import base64
import datetime
import importlib
import struct
from collections.abc import Callable, Sequence
from typing import Any

from shipyard.core.charts import gostrings
from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.signatures import LIST, gofunc


class Certificate:
    """Sprig's certificate struct: PEM ``Cert`` and ``Key``."""

    go_type = "sprig.certificate"
    __go_type__ = "sprig.certificate"  # the template engine's spelling
    go_kind = "struct"

    def __init__(self, cert: str, key: str) -> None:
        self.Cert = cert
        self.Key = key

    def __str__(self) -> str:
        return "{" + self.Cert + " " + self.Key + "}"

    def __go_json__(self) -> dict[str, object]:
        return {"Cert": self.Cert, "Key": self.Key}


def _bcrypt_hash(password: str) -> str:
    try:
        bcrypt_lib: Any = importlib.import_module("bcrypt")
    except ImportError:
        raise FunctionError("bcrypt is not available: install the bcrypt package") from None
    hashed: bytes = bcrypt_lib.hashpw(gostrings.to_bytes(password), bcrypt_lib.gensalt(10, b"2a"))
    return hashed.decode("ascii")


@gofunc("string", returns="string")
def bcrypt(text: str) -> str:
    return _bcrypt_hash(text)


@gofunc("string", "string", returns="string")
def htpasswd(username: str, password: str) -> str:
    if ":" in username:
        return f"invalid username: {username}"
    return f"{username}:{_bcrypt_hash(password)}"


_TEMPLATES = {
    "maximum": ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
    "long": [
        "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
        "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
        "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
        "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
        "CvccCvcvCvccno",
    ],
    "medium": ["CvcnoCvc", "CvcCvcno"],
    "short": ["Cvcn"],
    "basic": ["aaanaaan", "aannaaan", "aaannaaa"],
    "pin": ["nnnn"],
}  # fmt: skip
_CHARACTERS = {
    "V": "AEIOU",
    "C": "BCDFGHJKLMNPQRSTVWXYZ",
    "v": "aeiou",
    "c": "bcdfghjklmnpqrstvwxyz",
    "A": "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
    "a": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
    "n": "0123456789",
    "o": "@&%?,=[]_:-+*$#!'^~;()/.",
    "x": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
}
_SEED = b"com.lyndir.masterpassword"


@gofunc("uint32", "string", "string", "string", "string", returns="string")
def derive_password(counter: int, kind: str, password: str, user: str, site: str) -> str:
    templates = _TEMPLATES.get(kind)
    if templates is None:
        return f"cannot find password template {kind}"
    import hashlib
    import hmac

    user_bytes, site_bytes = gostrings.to_bytes(user), gostrings.to_bytes(site)
    salt = _SEED + struct.pack(">I", len(user_bytes)) + user_bytes
    key = hashlib.scrypt(
        gostrings.to_bytes(password), salt=salt, n=32768, r=8, p=2, dklen=64, maxmem=2**27
    )
    message = _SEED + struct.pack(">I", len(site_bytes)) + site_bytes + struct.pack(">I", counter)
    seed = hmac.new(key, message, hashlib.sha256).digest()
    template = templates[seed[0] % len(templates)]
    return "".join(
        _CHARACTERS[ch][seed[i + 1] % len(_CHARACTERS[ch])] for i, ch in enumerate(template)
    )


# -- keys and certificates -----------------------------------------------------------------


def _pem_for_key(key: Any) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa

    if isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey | dsa.DSAPrivateKey)):
        fmt = serialization.PrivateFormat.TraditionalOpenSSL
    else:
        fmt = serialization.PrivateFormat.PKCS8
    data: bytes = key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption())
    return data.decode("ascii")


@gofunc("string", returns="string")
def gen_private_key(kind: str) -> str:
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa

    key: Any
    if kind in ("", "rsa"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=4096)
    elif kind == "dsa":
        key = dsa.generate_private_key(key_size=2048)
    elif kind == "ecdsa":
        key = ec.generate_private_key(ec.SECP256R1())
    elif kind == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
    else:
        return "Unknown type " + kind
    return _pem_for_key(key)


def _parse_private_key(text: str) -> Any:
    from cryptography.hazmat.primitives import serialization

    if "-----BEGIN" not in text:
        raise FunctionError("parsing private key: no PEM data in input")
    try:
        return serialization.load_pem_private_key(gostrings.to_bytes(text), password=None)
    except (ValueError, TypeError) as exc:
        raise FunctionError(f"parsing private key: {exc}") from None


def _strings(values: Sequence[object] | None, what: str) -> list[str]:
    out = []
    for value in values or []:
        if not isinstance(value, str):
            from shipyard.core.charts import goformat

            raise FunctionError(f"{what}: {goformat.format_value(value)} is not a string")
        out.append(value)
    return out


def _build(
    cn: str,
    ips: Sequence[object] | None,
    dns: Sequence[object] | None,
    days: int,
    key: Any,
    *,
    issuer: tuple[Any, Any] | None,
    is_ca: bool,
    now: datetime.datetime,
) -> Certificate:
    import ipaddress
    import secrets

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    addresses = []
    for text in _strings(ips, "error parsing ip"):
        try:
            addresses.append(ipaddress.ip_address(text))
        except ValueError:
            raise FunctionError(f"error parsing ip: {text}") from None
    names = _strings(dns, "error processing alternate dns name")
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    issuer_name, signing_key = (subject, key) if issuer is None else issuer
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(secrets.randbits(128) or 1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=True,
                data_encipherment=False, key_agreement=False, key_cert_sign=is_ca,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    )  # fmt: skip
    sans: list[x509.GeneralName] = [x509.DNSName(n) for n in names]
    sans += [x509.IPAddress(a) for a in addresses]
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    algorithm = None if isinstance(signing_key, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    cert = builder.sign(signing_key, algorithm)
    pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return Certificate(pem, _pem_for_key(key))


def _rsa2048() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _issuer(ca: object) -> tuple[Any, Any]:
    from cryptography import x509

    cert_pem = getattr(ca, "Cert", "")
    key_pem = getattr(ca, "Key", "")
    try:
        cert = x509.load_pem_x509_certificate(gostrings.to_bytes(str(cert_pem)))
    except ValueError:
        raise FunctionError("unable to decode certificate") from None
    return cert.subject, _parse_private_key(str(key_pem))


def make_certificate_functions(
    now: Callable[[], datetime.datetime],
) -> dict[str, Callable[..., object]]:
    @gofunc("string", "int", returns="sprig.certificate", errors=True)
    def gen_ca(cn: str, days: int) -> Certificate:
        return _build(cn, None, None, days, _rsa2048(), issuer=None, is_ca=True, now=now())

    @gofunc("string", "int", "string", returns="sprig.certificate", errors=True)
    def gen_ca_with_key(cn: str, days: int, key: str) -> Certificate:
        parsed = _parse_private_key(key)
        return _build(cn, None, None, days, parsed, issuer=None, is_ca=True, now=now())

    @gofunc("string", LIST, LIST, "int", returns="sprig.certificate", errors=True)
    def gen_self_signed(cn: str, ips: list[object], dns: list[object], days: int) -> Certificate:
        return _build(cn, ips, dns, days, _rsa2048(), issuer=None, is_ca=False, now=now())

    @gofunc("string", LIST, LIST, "int", "string", returns="sprig.certificate", errors=True)
    def gen_self_signed_with_key(
        cn: str, ips: list[object], dns: list[object], days: int, key: str
    ) -> Certificate:
        parsed = _parse_private_key(key)
        return _build(cn, ips, dns, days, parsed, issuer=None, is_ca=False, now=now())

    @gofunc(
        "string", LIST, LIST, "int", "sprig.certificate", returns="sprig.certificate", errors=True
    )
    def gen_signed(
        cn: str, ips: list[object], dns: list[object], days: int, ca: object
    ) -> Certificate:
        issuer = _issuer(ca)
        return _build(cn, ips, dns, days, _rsa2048(), issuer=issuer, is_ca=False, now=now())

    @gofunc(
        "string", LIST, LIST, "int", "sprig.certificate", "string",
        returns="sprig.certificate", errors=True,
    )  # fmt: skip
    def gen_signed_with_key(
        cn: str, ips: list[object], dns: list[object], days: int, ca: object, key: str
    ) -> Certificate:
        issuer = _issuer(ca)
        parsed = _parse_private_key(key)
        return _build(cn, ips, dns, days, parsed, issuer=issuer, is_ca=False, now=now())

    @gofunc("string", "string", returns="sprig.certificate", errors=True)
    def build_custom_cert(b64cert: str, b64key: str) -> Certificate:
        from cryptography import x509

        try:
            cert = base64.b64decode(b64cert, validate=True)
        except ValueError:
            raise FunctionError("unable to decode base64 certificate") from None
        try:
            key = base64.b64decode(b64key, validate=True)
        except ValueError:
            raise FunctionError("unable to decode base64 private key") from None
        try:
            x509.load_pem_x509_certificate(cert)
        except ValueError:
            raise FunctionError("unable to decode certificate") from None
        _parse_private_key(gostrings.from_bytes(key))
        return Certificate(gostrings.from_bytes(cert), gostrings.from_bytes(key))

    return {
        "genCA": gen_ca,
        "genCAWithKey": gen_ca_with_key,
        "genSelfSignedCert": gen_self_signed,
        "genSelfSignedCertWithKey": gen_self_signed_with_key,
        "genSignedCert": gen_signed,
        "genSignedCertWithKey": gen_signed_with_key,
        "buildCustomCert": build_custom_cert,
    }


# -- AES -----------------------------------------------------------------------------------


def _aes_key(password: str) -> bytes:
    return (gostrings.to_bytes(password) + bytes(32))[:32]


def make_aes_functions(token_bytes: Callable[[int], bytes]) -> dict[str, Callable[..., object]]:
    @gofunc("string", "string", returns="string", errors=True)
    def encrypt_aes(password: str, plaintext: str) -> str:
        if plaintext == "":
            return ""
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        content = gostrings.to_bytes(plaintext)
        padding = 16 - len(content) % 16
        content += bytes([padding]) * padding
        iv = token_bytes(16)
        encryptor = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(iv)).encryptor()
        return base64.b64encode(iv + encryptor.update(content) + encryptor.finalize()).decode()

    @gofunc("string", "string", returns="string", errors=True)
    def decrypt_aes(password: str, encoded: str) -> str:
        if encoded == "":
            return ""
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        try:
            data = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise FunctionError("illegal base64 data at input byte 0") from None
        if len(data) < 16:
            raise FunctionError(
                f"runtime error: slice bounds out of range [:16] with capacity {len(data)}"
            )
        iv, body = data[:16], data[16:]
        if len(body) % 16:
            raise FunctionError("crypto/cipher: input not full blocks")
        decryptor = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(iv)).decryptor()
        plain = decryptor.update(body) + decryptor.finalize()
        if not plain:
            raise FunctionError("runtime error: index out of range [-1]")
        end = len(plain) - plain[-1]
        if end < 0:
            raise FunctionError(f"runtime error: slice bounds out of range [:{end}]")
        return gostrings.from_bytes(plain[:end])

    return {"encryptAES": encrypt_aes, "decryptAES": decrypt_aes}
