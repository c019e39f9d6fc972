"""`shipyard chart template` against the real helm v3.22.0, byte for byte.

Every chart is written by the tests (``chart_fixtures``; the ``helm create`` chart comes from the
real helm at test time) and rendered by both with the same arguments; stdout must be identical
and both must fail together. The parity figure (identical documents / helm's documents) is
printed at the end and must be 100%. Error cases check that shipyard fails with a message that
names the template and line (or the archive and entry) and that helm fails too.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from shipyard.adapters.local import toolchain
from shipyard.cli import chart_fast
from tests.integration import chart_fixtures as fx

SEPARATOR = re.compile(r"(?m)^---$")
PARITY: dict[str, tuple[int, int]] = {}  # case -> (identical documents, helm's documents)


@pytest.fixture(scope="module")
def helm() -> str:
    return str(toolchain.tool_path("helm"))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("charts")


@pytest.fixture(scope="module")
def helm_env(workdir: Path) -> dict[str, str]:
    return fx.helm_home_env(workdir / "home")


@pytest.fixture(scope="module")
def charts(workdir: Path, helm: str, helm_env: dict[str, str]) -> dict[str, Path]:
    out = {
        "full": fx.write_tree(workdir / "full" / "app", fx.full_chart()),
        "values": fx.write_tree(workdir / "values" / "vals", fx.values_chart()),
        "schema": fx.write_tree(workdir / "schema" / "schemed", fx.schema_chart()),
        "v1": fx.write_tree(workdir / "v1" / "legacy", fx.v1_chart()),
        "large": fx.write_tree(workdir / "large" / "big", fx.large_chart()),
    }
    subprocess.run(
        [helm, "create", "web"], cwd=workdir, env=helm_env, check=True, capture_output=True
    )
    out["create"] = workdir / "web"
    archive = workdir / "app-1.0.0.tgz"
    archive.write_bytes(fx.tgz("app", fx.full_chart()))
    out["archive"] = archive
    (workdir / "library").mkdir()
    out["library"] = fx.write_tree(workdir / "library" / "common", fx.LIBRARY)
    values = workdir / "values-files"
    values.mkdir()
    (values / "one.yaml").write_text(
        "a: 5\nd:\n  e: override\n  drop: null\nremoveMe: null\nlist:\n  - name: replaced\n"
        'new: {x: [1, 2.5, "3"]}\nbig: 12345678901234567890\nyes: yes\n'
    )
    (values / "two.yaml").write_text("d:\n  f: {g: second}\nkeep: null\nsub: null\n")
    (values / "file.txt").write_text("file content with: colon\nand lines\n")
    (values / "create.yaml").write_text(
        'ingress:\n  enabled: true\n  className: nginx\n  annotations: {kubernetes.io/tls-acme: "true"}\n'
        "  tls: [{secretName: tls, hosts: [a.example.com]}]\nhttpRoute: {enabled: true}\n"
        "autoscaling: {enabled: true, targetMemoryUtilizationPercentage: 70}\n"
        'resources: {limits: {cpu: 100m, memory: 128Mi}}\npodAnnotations: {a: "1"}\n'
        "imagePullSecrets: [{name: regcred}]\nnodeSelector: {disk: ssd}\n"
        "tolerations: [{key: k, operator: Exists}]\nvolumes: [{name: v, emptyDir: {}}]\n"
        "volumeMounts: [{name: v, mountPath: /data}]\nsecurityContext: {runAsNonRoot: true}\n"
    )
    out["values-files"] = values
    return out


def _documents(text: str) -> list[str]:
    return [doc for doc in SEPARATOR.split(text) if doc.strip()]


def _both(
    helm: str, env: dict[str, str], argv: list[str]
) -> tuple[subprocess.CompletedProcess[str], tuple[int, str, str]]:
    """helm's result (bytes decoded as they are: no newline translation) and ours."""
    done = subprocess.run([helm, "template", *argv], capture_output=True, env=env, timeout=120)
    theirs = subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "surrogateescape"),
        done.stderr.decode("utf-8", "surrogateescape"),
    )
    return theirs, chart_fast.run(argv)


V = "{values-files}"
CASES: list[tuple[str, str, list[str]]] = [
    # the helm create chart
    ("create-defaults", "create", ["rel"]),
    ("create-release-name-default", "create", []),
    ("create-values-file", "create", ["rel", "-f", f"{V}/create.yaml"]),
    (
        "create-set",
        "create",
        [
            "rel",
            "--set",
            "serviceAccount.create=false,fullnameOverride=custom,service.type=NodePort",
            "--set",
            "ingress.enabled=true",
            "--set",
            "ingress.hosts[0].host=x.io",
        ],
    ),
    (
        "create-namespace-upgrade",
        "create",
        ["rel", "-n", "prod", "--is-upgrade", "--set", "replicaCount=3"],
    ),
    (
        "create-show-only",
        "create",
        [
            "rel",
            "-s",
            "templates/service.yaml",
            "-s",
            "templates/*account.yaml",
            "-s",
            "templates/tests/test-connection.yaml",
        ],
    ),
    ("create-skip-tests", "create", ["rel", "--skip-tests"]),
    # subcharts (dir and tgz), library, aliases, conditions, tags, import-values, globals, files,
    # capabilities, hooks, kinds, NOTES, crds
    ("full-defaults", "full", ["rel"]),
    (
        "full-flags",
        "full",
        [
            "rel",
            "--include-crds",
            "--skip-tests",
            "-n",
            "prod",
            "--is-upgrade",
            "--kube-version",
            "1.29.3",
            "-a",
            "example.com/v1",
            "-a",
            "example.com/v1/Widget,x/v2",
        ],
    ),
    (
        "full-conditions",
        "full",
        [
            "rel",
            "--set",
            "backend.enabled=false,cache.enabled=true,tags.extras=true",
            "--include-crds",
        ],
    ),
    (
        "full-globals",
        "full",
        [
            "rel",
            "--set",
            "global.region=us-east-1,global.team.name=apps,backend.global.sub=set",
            "--set-string",
            "jobs.queue=007",
        ],
    ),
    (
        "full-show-only-sub",
        "full",
        [
            "rel",
            "-s",
            "charts/backend/templates/deployment.yaml",
            "-s",
            "templates/hooks.yaml",
            "-s",
            "charts/*/templates/cm.yaml",
        ],
    ),
    (
        "full-kube-version-generic",
        "full",
        ["rel", "--kube-version", "v1.30", "-s", "templates/configmap.yaml"],
    ),
    ("full-archive", "archive", ["rel", "--include-crds"]),
    ("v1-requirements", "v1", ["rel"]),
    ("v1-condition-off", "v1", ["rel", "--set", "leaf.enabled=false"]),
    # values: files in order, every --set flavour, null deletion, typing
    ("values-defaults", "values", ["r"]),
    (
        "values-all-flags",
        "values",
        [
            "r",
            "-f",
            f"{V}/one.yaml",
            "-f",
            f"{V}/two.yaml",
            "--set",
            "a=10,b=null,c[1]=x,list[0].port=8080,deep.er.est=1,n=0,num=007,neg=-5,flt=1.50,t=TRUE,huge=99999999999999999999",
            "--set-string",
            "s=123,bool=true",
            "--set-file",
            f"f={V}/file.txt",
            "--set-json",
            'j={"k":[1,2,{"z":null}]},jn=3',
            "--set-literal",
            "lit=a,b\\c=d",
            "--set",
            "esc=a\\,b,dot\\.key=v,arr={1,two,3}",
        ],
    ),
    ("values-comma-files", "values", ["r", "-f", f"{V}/one.yaml,{V}/two.yaml"]),
    ("schema-valid", "schema", ["r"]),
    # a large chart with subcharts
    ("large", "large", ["rel"]),
    ("large-show-only", "large", ["rel", "-s", "charts/sub3/templates/t007.yaml"]),
]


@pytest.mark.parametrize(("case", "chart", "args"), CASES, ids=[c[0] for c in CASES])
def test_template_identical(
    case: str,
    chart: str,
    args: list[str],
    charts: dict[str, Path],
    helm: str,
    helm_env: dict[str, str],
) -> None:
    argv = [a.replace(V, str(charts["values-files"])) for a in args]
    argv = [*argv[:1], str(charts[chart]), *argv[1:]] if argv else [str(charts[chart])]
    theirs, (code, out, err) = _both(helm, helm_env, argv)
    assert theirs.returncode == 0, theirs.stderr
    assert code == 0, err
    helm_docs, our_docs = _documents(theirs.stdout), _documents(out)
    same = sum(1 for a, b in zip(helm_docs, our_docs, strict=False) if a == b)
    PARITY[case] = (same if len(helm_docs) == len(our_docs) else 0, len(helm_docs))
    assert out == theirs.stdout


ERROR_CASES: list[tuple[str, dict[str, str], list[str], str]] = [
    (
        "missing-required",
        {"templates/a.yaml": 'a: {{ required "value x is required!" .Values.x }}\n'},
        [],
        "execution error at (bad/templates/a.yaml:1:6): value x is required!",
    ),
    (
        "fail",
        {"templates/a.yaml": '{{ if true }}\n  {{ fail "custom failure" }}\n{{ end }}\n'},
        [],
        "execution error at (bad/templates/a.yaml:2:5): custom failure",
    ),
    (
        "recursive-include",
        {
            "templates/a.yaml": '{{ define "x" }}{{ include "x" . }}{{ end }}a: {{ include "x" . }}\n'
        },
        [],
        "rendering template has a nested reference name: x: unable to execute template",
    ),
    (
        "bad-yaml-output",
        {"templates/a.yaml": "a: b\n  c: d: e\n"},
        [],
        "YAML parse error on bad/templates/a.yaml: error converting YAML to JSON: yaml: line 2",
    ),
    (
        "parse-error",
        {"templates/a.yaml": "a: {{ .Values.x \n"},
        [],
        "parse error at (bad/templates/a.yaml:2): unclosed action",
    ),
    (
        "undefined-function",
        {"templates/a.yaml": "a: {{ nosuchfunc 1 }}\n"},
        [],
        'parse error at (bad/templates/a.yaml:1): function "nosuchfunc" not defined',
    ),
    (
        "nil-pointer",
        {"templates/a.yaml": "a: {{ .Values.a.b.c }}\n"},
        [],
        'template: bad/templates/a.yaml:1:13: executing "bad/templates/a.yaml" at <.Values.a.b.c>: nil pointer evaluating interface {}.b',
    ),
    (
        "deep-values",
        {"values.yaml": "a: " + "[" * 20000 + "]" * 20000 + "\n", "templates/a.yaml": "a: 1\n"},
        [],
        "cannot load values.yaml",
    ),
    (
        "schema-violation",
        {
            "values.yaml": "replicas: 0\n",
            "values.schema.json": '{"properties": {"replicas": {"minimum": 1}}}',
            "templates/a.yaml": "a: 1\n",
        },
        [],
        "values don't meet the specifications of the schema(s) in the following chart(s):\nbad:\n- at '/replicas': minimum: got 0, want 1",
    ),
    (
        "set-index-too-large",
        {"templates/a.yaml": "a: 1\n"},
        ["--set", "a[999999999]=1"],
        "failed parsing --set data: index of 999999999 is greater than maximum supported index of 65536",
    ),
    (
        "bad-chart-name",
        {
            "Chart.yaml": "apiVersion: v2\nname: ../x\nversion: 1.0.0\n",
            "templates/a.yaml": "a: 1\n",
        },
        [],
        'validation: chart.metadata.name "../x" is invalid',
    ),
    (
        "missing-dependency",
        {
            "Chart.yaml": "apiVersion: v2\nname: bad\nversion: 1.0.0\ndependencies:\n- {name: nope, version: 1.0.0, repository: x}\n",
            "templates/a.yaml": "a: 1\n",
        },
        [],
        "found in Chart.yaml, but missing in charts/ directory: nope",
    ),
    (
        "library-not-installable",
        {"Chart.yaml": "apiVersion: v2\nname: bad\nversion: 1.0.0\ntype: library\n"},
        [],
        "library charts are not installable",
    ),
    (
        "kube-version",
        {
            "Chart.yaml": "apiVersion: v2\nname: bad\nversion: 1.0.0\nkubeVersion: '>=1.40.0'\n",
            "templates/a.yaml": "a: 1\n",
        },
        [],
        "chart requires kubeVersion: >=1.40.0 which is incompatible with Kubernetes v1.37.0",
    ),
    (
        "show-only-missing",
        {"templates/a.yaml": "a: 1\n"},
        ["-s", "templates/nope.yaml"],
        "could not find template templates/nope.yaml in chart",
    ),
    (
        "oversize-file",
        {"templates/a.yaml": "a: 1\n", "files/big.bin": "x" * (5 * 1024 * 1024 + 1)},
        [],
        "larger than the maximum file size 5242880",
    ),
]


@pytest.mark.parametrize(
    ("case", "tree", "args", "expected"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES]
)
def test_errors_match_helm(
    case: str,
    tree: dict[str, str],
    args: list[str],
    expected: str,
    workdir: Path,
    helm: str,
    helm_env: dict[str, str],
) -> None:
    files: fx.Tree = {"Chart.yaml": "apiVersion: v2\nname: bad\nversion: 0.1.0\n", **tree}
    root = fx.write_tree(workdir / "errors" / case / "bad", files)
    theirs, (code, out, err) = _both(helm, helm_env, ["r", str(root), *args])
    assert theirs.returncode != 0, theirs.stdout[:500]
    assert code == 1 and out == ""
    assert err.startswith("Error: ") and expected in err, err[:2000]


def test_helm_identical_error_messages(workdir: Path, helm: str, helm_env: dict[str, str]) -> None:
    """Template errors are worded exactly as helm words them (stderr compared whole)."""
    for case, tree, args, _ in ERROR_CASES:
        if case in ("deep-values", "oversize-file", "set-index-too-large"):
            continue  # worded by another library (YAML) or made stricter on purpose
        root = workdir / "errors" / case / "bad"
        if not root.exists():
            fx.write_tree(
                root, {"Chart.yaml": "apiVersion: v2\nname: bad\nversion: 0.1.0\n", **tree}
            )
        theirs, (_, _, err) = _both(helm, helm_env, ["r", str(root), *args])
        assert err == theirs.stderr, case


def test_tpl_loop_is_bounded(workdir: Path, helm: str, helm_env: dict[str, str]) -> None:
    """A value that tpl-renders itself: helm dies of a Go stack overflow; shipyard stops at
    1000 levels with an error naming the template."""
    root = fx.write_tree(
        workdir / "errors" / "tpl-loop" / "bad",
        {
            "Chart.yaml": "apiVersion: v2\nname: bad\nversion: 0.1.0\n",
            "values.yaml": 't: "{{ tpl .Values.t . }}"\n',
            "templates/a.yaml": 'loop: "{{ tpl .Values.t . }}"\n',
        },
    )
    theirs = subprocess.Popen(
        [helm, "template", "r", str(root)],
        env=helm_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    code, out, err = chart_fast.run(["r", str(root)])
    assert code == 1 and out == ""
    assert "bad/templates/a.yaml: tpl calls nested deeper than 1000 levels" in err
    _, helm_err = theirs.communicate(timeout=120)
    assert theirs.returncode != 0 and b"stack overflow" in helm_err


def _archive(entries: list[tarfile.TarInfo], data: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for info in entries:
            payload = data.get(info.name)
            archive.addfile(info, io.BytesIO(payload) if payload is not None else None)
    return buffer.getvalue()


def _file(name: str, payload: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    return info, payload


@pytest.mark.parametrize(
    ("case", "name", "payload", "expected"),
    [
        (
            "parent-directory",
            "c/../../etc/evil",
            b"x",
            "chart illegally references parent directory",
        ),
        (
            "oversize-entry",
            "c/files/big.bin",
            b"\0" * (5 * 1024 * 1024 + 1),
            "larger than the maximum file size 5242880",
        ),
        ("drive-letter", "c/C:/x", b"x", "illegally named files"),
    ],
)
def test_unsafe_archives_rejected_like_helm(
    case: str,
    name: str,
    payload: bytes,
    expected: str,
    workdir: Path,
    helm: str,
    helm_env: dict[str, str],
) -> None:
    entries = [
        _file("c/Chart.yaml", b"apiVersion: v2\nname: c\nversion: 0.1.0\n"),
        _file("c/templates/a.yaml", b"a: 1\n"),
        _file(name, payload),
    ]
    path = workdir / f"{case}.tgz"
    path.write_bytes(_archive([e[0] for e in entries], {e[0].name: e[1] for e in entries}))
    theirs, (code, _, err) = _both(helm, helm_env, ["r", str(path)])
    assert theirs.returncode != 0
    assert code == 1 and str(path) in err and repr(name) in err and expected in err, err


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE])
def test_links_and_devices_in_archives_rejected(kind: bytes, workdir: Path) -> None:
    """Helm loads these as empty files; shipyard refuses the archive (SECURITY-CASES 2)."""
    link = tarfile.TarInfo("c/templates/link.yaml")
    link.type = kind
    link.linkname = "/etc/passwd"
    chart_file = _file("c/Chart.yaml", b"apiVersion: v2\nname: c\nversion: 0.1.0\n")
    path = workdir / f"link-{kind!r}.tgz"
    path.write_bytes(_archive([chart_file[0], link], {"c/Chart.yaml": chart_file[1]}))
    code, out, err = chart_fast.run(["r", str(path)])
    assert code == 1 and out == "" and "'c/templates/link.yaml'" in err


def test_symlinks_leaving_the_chart_are_refused(workdir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text("TOP-SECRET-TOKEN\n")
    root = fx.write_tree(
        workdir / "symlinked" / "c",
        {
            "Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\n",
            "templates/a.yaml": 'a: {{ .Files.Get "token" | quote }}\n',
        },
    )
    (root / "token").symlink_to(secret)
    code, out, err = chart_fast.run(["r", str(root)])
    assert code == 1 and "symlink token points outside the chart" in err
    assert "TOP-SECRET" not in out + err
    (root / "token").unlink()
    (root / "loop").symlink_to(root)
    code, out, err = chart_fast.run(["r", str(root)])
    assert code == 1 and "symlink loop at loop" in err


def test_gzip_bomb_stops_at_the_limit(workdir: Path) -> None:
    import gzip

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for i in range(25):
            info, payload = _file(f"c/files/f{i}.bin", b"\0" * (5 * 1024 * 1024 - 1))
            archive.addfile(info, io.BytesIO(payload))
    path = workdir / "bomb.tgz"
    path.write_bytes(gzip.compress(buffer.getvalue()))
    code, _, err = chart_fast.run(["r", str(path)])
    assert code == 1 and "larger than the maximum size" in err


def test_cli_fast_path_matches(
    charts: dict[str, Path], helm: str, helm_env: dict[str, str]
) -> None:
    """The real console script (fast path, process start included) prints helm's bytes."""
    argv = ["rel", str(charts["create"]), "--set", "replicaCount=2"]
    theirs = subprocess.run(
        [helm, "template", *argv], capture_output=True, env=helm_env, check=True
    )
    ours = subprocess.run(
        ["shipyard", "chart", "template", *argv],
        capture_output=True,
        check=True,
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
    )
    assert ours.stdout == theirs.stdout


def _parity() -> Iterator[tuple[str, int, int]]:
    for case, (same, total) in sorted(PARITY.items()):
        yield case, same, total


def test_parity_figure() -> None:
    """Printed with -s: identical documents / all of helm's documents, over every case."""
    if not PARITY:
        pytest.skip("no parity case ran")
    same = sum(s for _, s, _ in _parity())
    total = sum(t for _, _, t in _parity())
    print(
        f"\nchart parity: {same}/{total} documents identical ({100 * same / total:.1f}%) "
        f"over {len(PARITY)} cases"
    )
    assert same == total


@pytest.mark.parametrize("what", ["chart", "values"])
@pytest.mark.parametrize("chart", ["create", "full", "archive", "v1"])
def test_show_matches_helm(what: str, chart: str, charts: dict[str, Path], helm: str,
                           helm_env: dict[str, str]) -> None:  # fmt: skip
    from typer.testing import CliRunner

    from shipyard.cli import chart as chart_cli

    theirs = subprocess.run([helm, "show", what, str(charts[chart])], capture_output=True,
                            text=True, env=helm_env, check=True)  # fmt: skip
    result = CliRunner().invoke(chart_cli.app, ["show", what, str(charts[chart])])
    assert result.exit_code == 0, result.output
    assert result.stdout == theirs.stdout


def test_lint(charts: dict[str, Path], workdir: Path) -> None:
    from typer.testing import CliRunner

    from shipyard.cli import chart as chart_cli

    ok = CliRunner().invoke(chart_cli.app, ["lint", str(charts["create"])])
    assert ok.exit_code == 0 and "1 chart(s) linted, 0 chart(s) failed" in ok.stdout
    bad = fx.write_tree(workdir / "lint" / "bad", {
        "Chart.yaml": "apiVersion: v2\nname: bad\nversion: 0.1.0\n",
        "templates/a.yaml": "a: {{ .Values.x \n",
        "templates/b.yaml": 'b: {{ required "x!" .Values.x }}\n',  # lint mode: not an error
    })  # fmt: skip
    result = CliRunner().invoke(chart_cli.app, ["lint", str(bad)])
    assert result.exit_code == 1
    assert (
        "[ERROR] templates/: parse error at (bad/templates/a.yaml:2): unclosed action"
        in result.stdout
    )
