"""The function library's wiring and its non-deterministic functions, by shape.

Random and cryptographic outputs cannot be compared byte for byte with helm; these tests check
what Sprig guarantees (lengths, alphabets, PEM types, round trips). include/tpl/required/fail and
lookup follow helm v3.22.0's engine.go (recursion limit 1000, HELM_ERR markers, empty lookup).
"""

from __future__ import annotations

import datetime
import importlib.util
import re
import sys

import pytest

from shipyard.core.charts import gotime
from shipyard.core.charts.functions import (
    FunctionError,
    function_map,
    helm,
    signature_of,
    sprig_crypto,
)
from shipyard.core.charts.functions import errors as function_errors


class _Renderer:
    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []
        self.functions: dict[str, object] = {}

    def execute_named(self, name: str, data: object) -> str:
        self.calls.append((name, data))
        if name == "loop":
            include = self.functions["include"]
            assert callable(include)
            return str(include("loop", data))
        return f"<{name}:{data}>"

    def render_string(self, text: str, data: object, name: str) -> str:
        return text.replace("{{ . }}", str(data))


_FIXED = gotime.GoTime(
    moment=datetime.datetime(2024, 3, 1, 12, 30, 45, 123456, tzinfo=datetime.UTC),
    nanosecond=123456789,
)


@pytest.fixture
def functions() -> dict[str, object]:
    renderer = _Renderer()
    built = function_map(renderer, clock=lambda: _FIXED)
    renderer.functions = dict(built)
    return dict(built)


def call(functions: dict[str, object], name: str, *args: object) -> object:
    fn = functions[name]
    assert callable(fn)
    return fn(*args)


def test_every_function_declares_its_go_signature(functions: dict[str, object]) -> None:
    missing = [name for name, fn in functions.items() if signature_of(fn) is None]  # type: ignore[arg-type]
    assert missing == []
    assert "env" not in functions and "expandenv" not in functions


def test_include_counts_nesting_per_name_like_helm(functions: dict[str, object]) -> None:
    assert call(functions, "include", "x", 1) == "<x:1>"
    # 1001 nested includes need more Python frames than the default limit.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        with pytest.raises(FunctionError) as caught:
            call(functions, "include", "loop", None)
    finally:
        sys.setrecursionlimit(limit)
    assert str(caught.value) == (
        "rendering template has a nested reference name: loop: unable to execute template"
    )


def test_tpl_drops_no_value_markers(functions: dict[str, object]) -> None:
    assert call(functions, "tpl", "a {{ . }} <no value>b", "v") == "a v b"


def test_required_and_fail_wrap_messages_for_helms_engine(functions: dict[str, object]) -> None:
    assert call(functions, "required", "msg", 0) == 0
    with pytest.raises(FunctionError) as caught:
        call(functions, "required", "need .Values.x", None)
    assert function_errors.helm_message(str(caught.value)) == "need .Values.x"
    with pytest.raises(FunctionError) as caught:
        call(functions, "fail", "boom")
    assert str(caught.value) == "HELM_ERR_STARTboomHELM_ERR_END"


def test_lookup_is_empty_unless_a_cluster_is_given() -> None:
    assert function_map(_Renderer())["lookup"]("v1", "Pod", "ns", "x") == {}
    seen: list[tuple[str, str, str, str]] = []

    def fake(api: str, kind: str, ns: str, name: str) -> dict[str, object]:
        seen.append((api, kind, ns, name))
        return {"kind": kind}

    assert function_map(_Renderer(), lookup=fake)["lookup"]("v1", "Pod", "ns", "x") == {
        "kind": "Pod"
    }
    assert seen == [("v1", "Pod", "ns", "x")]


def test_dns_lookups_are_off(functions: dict[str, object]) -> None:
    assert call(functions, "getHostByName", "example.com") == ""


def test_now_and_dates_use_the_injected_clock(functions: dict[str, object]) -> None:
    now = call(functions, "now")
    assert now is _FIXED
    assert str(now) == "2024-03-01 12:30:45.123456789 +0000 UTC"
    assert call(functions, "date", "2006-01-02 15:04:05.000", now) == "2024-03-01 12:30:45.123"
    assert call(functions, "ago", now) == "0s"
    assert call(functions, "date", "2006", 1.5) == "2024"  # floats are not times: now


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("randAlphaNum", r"[A-Za-z0-9]{12}"),
        ("randAlpha", r"[A-Za-z]{12}"),
        ("randNumeric", r"[0-9]{12}"),
        ("randAscii", r"[ -~]{12}"),
    ],
)
def test_random_strings_have_sprigs_alphabets(
    functions: dict[str, object], name: str, pattern: str
) -> None:
    assert re.fullmatch(pattern, str(call(functions, name, 12)))


def test_uuid_shuffle_and_bytes(functions: dict[str, object]) -> None:
    uuid = str(call(functions, "uuidv4"))
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", uuid
    )
    assert sorted(str(call(functions, "shuffle", "abcdef"))) == list("abcdef")
    assert len(str(call(functions, "randBytes", 24))) == 32
    assert 3 <= int(str(call(functions, "randInt", 3, 5))) < 5


def test_aes_round_trip(functions: dict[str, object]) -> None:
    secret = call(functions, "encryptAES", "key", "plain text")
    assert call(functions, "decryptAES", "key", secret) == "plain text"
    assert call(functions, "encryptAES", "key", "") == ""


def test_private_keys_have_sprigs_pem_types(functions: dict[str, object]) -> None:
    assert str(call(functions, "genPrivateKey", "ecdsa")).startswith("-----BEGIN EC PRIVATE KEY")
    assert str(call(functions, "genPrivateKey", "ed25519")).startswith("-----BEGIN PRIVATE KEY")
    assert call(functions, "genPrivateKey", "x") == "Unknown type x"


def test_certificates_chain_to_their_ca(functions: dict[str, object]) -> None:
    from cryptography import x509

    key = str(call(functions, "genPrivateKey", "ecdsa"))
    ca = call(functions, "genCAWithKey", "my-ca", 30, key)
    cert = call(functions, "genSignedCertWithKey", "svc", ["10.0.0.1"], ["svc.local"], 10, ca, key)
    assert isinstance(cert, sprig_crypto.Certificate)
    parsed = x509.load_pem_x509_certificate(str(cert.Cert).encode())
    assert parsed.issuer.rfc4514_string() == "CN=my-ca"
    san = parsed.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["svc.local"]
    assert parsed.not_valid_after_utc - parsed.not_valid_before_utc == datetime.timedelta(days=10)
    assert str(cert.Key) == key


@pytest.mark.skipif(importlib.util.find_spec("bcrypt") is None, reason="bcrypt not installed")
def test_htpasswd_uses_bcrypt(functions: dict[str, object]) -> None:
    line = str(call(functions, "htpasswd", "user", "pw"))
    assert re.fullmatch(r"user:\$2a\$10\$[./A-Za-z0-9]{53}", line)


def test_helm_renderer_protocol_is_small() -> None:
    assert {"execute_named", "render_string"} <= set(dir(helm.Renderer))


def test_factory_name_lists_match_what_the_factories_make() -> None:
    from shipyard.core.charts import functions as library
    from shipyard.core.charts.functions import sprig_dates, sprig_encoding

    made = {
        "dates": sprig_dates.make_date_functions(lambda: _FIXED, datetime.UTC),
        "random": sprig_encoding.make_random_functions(lambda n: 0, bytes),
        "certificates": sprig_crypto.make_certificate_functions(lambda: _FIXED.moment),
        "aes": sprig_crypto.make_aes_functions(bytes),
    }
    for factory, functions in made.items():
        assert sorted(library._MADE[factory]) == sorted(functions), factory


def test_library_imports_a_function_module_only_when_a_function_of_it_is_used() -> None:
    import subprocess

    probe = (
        "import sys\n"
        "from shipyard.core.charts import templatefuncs\n"
        "table = templatefuncs.build()\n"
        "assert 'semverCompare' in table.names() and 'sha256sum' in table.names()\n"
        "before = 'shipyard.core.charts.functions.sprig_semver' in sys.modules\n"
        "table['semverCompare']\n"
        "after = 'shipyard.core.charts.functions.sprig_semver' in sys.modules\n"
        "print(before, after, 'shipyard.core.charts.functions.sprig_crypto' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "False"]


def test_library_and_function_map_offer_the_same_functions() -> None:
    from shipyard.core.charts import functions as library

    lazy = library.Library(_Renderer(), clock=lambda: _FIXED)
    assert set(lazy) == set(function_map(_Renderer(), clock=lambda: _FIXED)) == library.NAMES
    assert "nope" not in lazy
    with pytest.raises(KeyError):
        lazy["nope"]
