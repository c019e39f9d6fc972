"""Chart.lock digests, text and reading; the digests were written by helm v3.22.0's
`helm dependency update` for the same Chart.yaml dependencies."""

from __future__ import annotations

import datetime

import pytest

from shipyard import errors
from shipyard.core.charts import chartlock, chartyaml
from shipyard.core.charts.chartyaml import Dependency


def _deps(text: str) -> tuple[Dependency, ...]:
    metadata = chartyaml.validate(
        chartyaml.decode_metadata("apiVersion: v2\nname: p\nversion: 0.1.0\n" + text)
    )
    assert metadata.Dependencies is not None
    return tuple(d for d in metadata.Dependencies if d is not None)


SUB = "dependencies:\n- name: sub\n  version: '0.1.0'\n  repository: file://../sub\n"
LOCKED = (chartlock.locked(name="sub", repository="file://../sub", version="0.1.0"),)


@pytest.mark.parametrize(("extra", "version", "expected"), [
    ("", "0.1.0", "da78b009933aa7e175d98d822bcf1735d3fa0f46623dfbde83c224af9de5f952"),
    ("  tags: [t1]\n", "0.1.0", "d51d9d6a9d0cc4a9933a2c172c6c9cb0149ba8037fa415d175dc651cf3463838"),
    ("  import-values: [1.5]\n", "0.1.0", "b685a1a1658ebd53628091a9c4ad35b859a33c807335445d0ed2be4aa331caf9"),
    ("  import-values: [{child: a<b, parent: x}]\n", "0.1.0", "ab4e597862be8604cc62fd20fb64d1709647f272b8079443683299095750bd25"),
    ("", ">=0.1.0 <1.0.0", "079c200c0871b25195fd43722c99a266becb4c94735f6db2371d2718b1bc46ab"),
    ("  import-values:\n  - child: a<b\n    parent: x\n  - 1.5\n  tags: [t1]\n", ">=0.1.0 <1.0.0",
     "672579aabce5754f0c052284e454271c020a9db2ff7c9218fe4fc7c1fa52bb3c"),
])  # fmt: skip
def test_digest_is_helms(extra: str, version: str, expected: str) -> None:
    requirements = _deps(SUB.replace("'0.1.0'", repr(version)) + extra)
    assert chartlock.digest(requirements=requirements, locked=LOCKED) == f"sha256:{expected}"


def test_digest_of_no_dependencies_and_helm2_digest() -> None:
    assert chartlock.digest(requirements=(), locked=()) == (
        "sha256:643d5437104296e21d906ecb15b2c96ad278f20cfc4af53b12bb6069bd853726"
    )
    requirements = _deps(SUB.replace("'0.1.0'", "'<1.0.0'"))
    assert chartlock.digest(requirements=requirements, locked=LOCKED) == (
        "sha256:a9ef9a24184ce2703c81aa7f4260cbfc3fe435e98b46d728224c6708d4c7325b"
    )
    # helm v3.22.0 builds a v1 chart from a requirements.lock with this Helm 2 digest.
    v2 = chartlock.digest_v2(requirements)
    assert v2 == "sha256:4d67ebdb94adf814453c62339c3deea58a94fdf039c7e4228e7a926428fcf348"
    lock = chartlock.Lock(generated="", digest=v2, dependencies=LOCKED)
    assert chartlock.is_in_sync(requirements=requirements, lock=lock, api_version="v1")
    assert not chartlock.is_in_sync(requirements=requirements, lock=lock, api_version="v2")


def test_lock_text_round_trips() -> None:
    lock = chartlock.Lock(
        generated="2026-01-02T03:04:05.123456Z",
        digest="sha256:abc",
        dependencies=(*LOCKED, chartlock.locked(name="inline", repository="", version="")),
    )
    text = chartlock.dump(lock)
    assert text == (
        "dependencies:\n- name: sub\n  repository: file://../sub\n  version: 0.1.0\n"
        '- name: inline\n  repository: ""\ndigest: sha256:abc\n'
        'generated: "2026-01-02T03:04:05.123456Z"\n'
    )
    assert chartlock.parse(text, where="c/Chart.lock") == lock
    assert chartlock.dump(chartlock.Lock(generated="", digest="", dependencies=())).startswith(
        "dependencies: []\n"
    )


def test_lock_is_read_as_go_decodes_it() -> None:
    lock = chartlock.parse(
        "Digest: sha256:1\nDEPENDENCIES:\n- Name: a\n  version: 1\n  extra: x\nother: 1\n",
        where="c/Chart.lock",
    )
    assert lock.digest == "sha256:1" and lock.generated == ""
    assert lock.dependencies == (Dependency(Name="a", Version="1"),)


@pytest.mark.parametrize(("text", "message"), [
    ("digest: 5\n", "cannot unmarshal number into Go struct field Lock.digest"),
    ("generated: yesterday\n", "is not an RFC 3339 time"),
    ("dependencies:\n- null\n", "must not contain empty or null nodes"),
    ("dependencies: [a\n", "cannot load Chart.lock"),
    ("dependencies:\n- name: [x]\n", "cannot unmarshal array"),
])  # fmt: skip
def test_bad_lock_files_name_the_file(text: str, message: str) -> None:
    with pytest.raises(errors.UserError, match=r"^c/Chart\.lock: ") as caught:
        chartlock.parse(text, where="c/Chart.lock")
    assert message in str(caught.value)


@pytest.mark.parametrize(("moment", "expected"), [
    (datetime.datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=datetime.UTC), "2026-01-02T03:04:05.12Z"),
    (datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC), "2026-01-02T03:04:05Z"),
    (datetime.datetime(2026, 1, 2, 3, 4, 5, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=-5, minutes=-30))),
     "2026-01-02T03:04:05.000001-05:30"),
    (datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
     "2026-01-02T03:04:05+02:00"),
])  # fmt: skip
def test_generated_is_gos_rfc3339(moment: datetime.datetime, expected: str) -> None:
    assert chartlock.format_generated(moment) == expected


def test_lock_file_names_and_messages() -> None:
    assert chartlock.lock_file_name("v1") == "requirements.lock"
    assert chartlock.lock_file_name("v2") == "Chart.lock"
    assert "(requirements.yaml)" in chartlock.out_of_sync_message("v1")
    assert "(Chart.yaml)" in chartlock.out_of_sync_message("v2")
