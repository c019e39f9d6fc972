"""`shipyard chart template`'s release and output flags against the real helm v3.22.0.

Each flag runs through both with the same arguments: stdout byte-identical (and stderr too
where helm's is not prefixed by its logger), both failing together. ``--output-dir`` also
compares the written trees (paths, bytes and modes) and the ``wrote`` lines, the two output
directories substituted for each other. Charts come from ``chart_fixtures``.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from shipyard.adapters.local import toolchain
from shipyard.cli import chart_fast
from tests.integration import chart_fixtures as fx

V = "{values-files}"


@pytest.fixture(scope="module")
def helm() -> str:
    return str(toolchain.tool_path("helm"))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("flags")


@pytest.fixture(scope="module")
def helm_env(workdir: Path) -> dict[str, str]:
    return {**fx.helm_home_env(workdir / "home"), "NAME_SUFFIX": "from-env"}


@pytest.fixture(scope="module")
def charts(workdir: Path, helm: str, helm_env: dict[str, str]) -> dict[str, Path]:
    out = {
        "full": fx.write_tree(workdir / "full" / "app", fx.full_chart()),
        "schema": fx.write_tree(workdir / "schema" / "schemed", fx.schema_chart()),
        "bad-schema": fx.write_tree(
            workdir / "bad-schema" / "strict",
            {
                "Chart.yaml": fx.chart_yaml("strict"),
                "values.yaml": "replicas: 0\n",
                "values.schema.json": '{"properties": {"replicas": {"minimum": 1}}, "type": 3}',
                "templates/cm.yaml": "kind: ConfigMap\nreplicas: {{ .Values.replicas }}\n",
            },
        ),
    }
    subprocess.run(
        [helm, "create", "web"], cwd=workdir, env=helm_env, check=True, capture_output=True
    )
    out["create"] = workdir / "web"
    archive = workdir / "app-1.0.0.tgz"
    archive.write_bytes(fx.tgz("app", fx.full_chart()))
    out["archive"] = archive
    return out


def _helm(
    helm: str, env: dict[str, str], argv: list[str], *, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [helm, "template", *argv], capture_output=True, env=env, cwd=cwd, timeout=120
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "surrogateescape"),
        done.stderr.decode("utf-8", "surrogateescape"),
    )


def _ours(argv: list[str], *, env: dict[str, str], cwd: Path | None = None) -> tuple[int, str, str]:
    """chart_fast.run in ``cwd`` with ``env``'s variables set (as the render server does)."""
    saved_cwd, saved_env = Path.cwd(), dict(os.environ)
    try:
        if cwd is not None:
            os.chdir(cwd)
        os.environ.update(env)
        return chart_fast.run(argv)
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)


def _argv(chart: Path, args: list[str]) -> list[str]:
    """``args`` with the chart after the first (the NAME), or first when args start with -."""
    if args and not args[0].startswith("-"):
        return [args[0], str(chart), *args[1:]]
    return [str(chart), *args]


# -- stdout: byte-identical ----------------------------------------------------------------

STDOUT_CASES: list[tuple[str, str, list[str]]] = [
    ("no-hooks", "full", ["rel", "--no-hooks"]),
    ("no-hooks-create", "create", ["rel", "--no-hooks"]),
    ("no-hooks-false", "full", ["rel", "--no-hooks=false"]),
    ("no-hooks-crds-tests", "full", ["rel", "--no-hooks", "--include-crds", "--skip-tests"]),
    ("skip-crds", "full", ["rel", "--include-crds", "--skip-crds"]),
    ("skip-crds-alone", "full", ["rel", "--skip-crds"]),
    ("include-crds-false", "full", ["rel", "--include-crds=false", "--is-upgrade=T"]),
    ("skip-schema-validation", "schema", ["r", "--set", "replicas=0", "--skip-schema-validation"]),
    ("skip-schema-invalid-schema", "bad-schema", ["r", "--skip-schema-validation"]),
    ("skip-schema-false", "schema", ["r", "--skip-schema-validation=false"]),
    ("release-name-without-output-dir", "full", ["rel", "--release-name"]),
    ("generate-name", "full", ["-g"]),
    ("generate-name-long", "create", ["--generate-name", "--skip-tests"]),
    ("name-template", "create", ["--name-template", '{{ "Web" | lower }}-{{ add 1 2 }}']),
    (
        "name-template-env",
        "create",
        ["--name-template", '{{ env "NAME_SUFFIX" }}-{{ expandenv "x-$NAME_SUFFIX" }}'],
    ),
    (
        "name-template-sprig",
        "create",
        [
            "--name-template",
            '{{ list "a" "b" | join "-" }}{{ $d := fromJson "{\\"k\\": \\"v\\"}" }}-{{ $d.k }}'
            '-{{ "abc" | sha256sum | trunc 6 }}',
        ],
    ),
    ("name-template-empty", "create", ["--name-template", ""]),
    ("name-template-and-g", "create", ["--name-template", "named", "-g"]),
    ("description", "full", ["rel", "--description", "a release made by hand"]),
    ("labels", "full", ["rel", "--labels", "team=apps,tier=web", "-l", "x=y"]),
    ("labels-quoted", "create", ["rel", "-l", '"a=1,b=2"']),
    ("labels-single-pair-comma", "create", ["rel", "-l", "a=1,novalue"]),
    ("hide-notes", "full", ["rel", "--hide-notes"]),
    ("render-subchart-notes", "full", ["rel", "--render-subchart-notes"]),
    ("disable-openapi-validation", "full", ["rel", "--disable-openapi-validation"]),
    ("validate-false", "full", ["rel", "--validate=false"]),
    (
        "all-no-ops",
        "create",
        [
            "rel",
            "--validate=0",
            "--disable-openapi-validation",
            "--hide-notes",
            "--render-subchart-notes",
            "--description=d",
            "--skip-crds=true",
            "-l",
            "a=b",
            "--release-name",
        ],
    ),
]


@pytest.mark.parametrize(("case", "chart", "args"), STDOUT_CASES, ids=[c[0] for c in STDOUT_CASES])
def test_stdout_identical(
    case: str,
    chart: str,
    args: list[str],
    charts: dict[str, Path],
    helm: str,
    helm_env: dict[str, str],
) -> None:
    argv = _argv(charts[chart], args)
    theirs = _helm(helm, helm_env, argv)
    code, out, err = _ours(argv, env=helm_env)
    assert theirs.returncode == 0, theirs.stderr
    assert code == 0, err
    assert out == theirs.stdout


def test_flags_change_what_they_should(charts: dict[str, Path], helm_env: dict[str, str]) -> None:
    """The cases above are not vacuous: the flags that matter change the output."""
    chart = str(charts["full"])
    _, plain, _ = _ours(["rel", chart], env=helm_env)
    _, no_hooks, _ = _ours(["rel", chart, "--no-hooks"], env=helm_env)
    assert "helm.sh/hook" in plain and "helm.sh/hook:" not in no_hooks
    _, named, _ = _ours([chart, "--name-template", "x{{ add 1 1 }}"], env=helm_env)
    assert "instance: x2" in named
    code, _, err = _ours(["r", str(charts["schema"]), "--set", "replicas=0"], env=helm_env)
    assert code == 1 and "minimum" in err


# -- errors: both fail, with helm's message -------------------------------------------------

ERROR_CASES: list[tuple[str, list[str]]] = [
    ("generate-name-with-name", ["rel", "-g"]),
    ("name-template-with-name", ["rel", "--name-template", "x"]),
    ("name-template-and-g-with-name", ["rel", "--name-template", "x", "-g"]),
    ("name-template-unknown-function", ["--name-template", "{{ nosuch }}"]),
    ("name-template-helm-function", ["--name-template", "{{ toYaml 1 }}"]),
    ("name-template-fail", ["--name-template", '{{ fail "no name today" }}']),
    ("name-template-exec-error", ["--name-template", "{{ index 1 2 }}"]),
    ("name-template-undefined", ["--name-template", '{{ template "x" }}']),
    ("name-template-no-value", ["--name-template", "{{ .x }}"]),
    ("name-template-invalid-name", ["--name-template", "Upper_Case"]),
    ("name-template-renders-empty", ["--name-template", '{{ "" }}']),
    ("labels-system", ["rel", "--labels", "owner=me"]),
    ("labels-system-among-others", ["rel", "-l", "a=1", "-l", "b=2,createdAt=now"]),
    ("labels-no-equals", ["rel", "-l", "novalue"]),
    ("labels-empty", ["rel", "--labels="]),
    ("labels-empty-pair", ["rel", "-l", "a=1,,b=2"]),
    ("labels-bare-quote", ["rel", "-l", 'a=1,b"=2']),
    ("labels-open-quote", ["rel", "-l", 'a=1,"b=2']),
    ("bool-bad-value", ["rel", "--no-hooks=yes"]),
    ("bool-bad-value-short", ["rel", "-g=maybe"]),
    ("validate-bad-value", ["rel", "--validate=on"]),
]


@pytest.mark.parametrize(("case", "args"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_errors_identical(
    case: str, args: list[str], charts: dict[str, Path], helm: str, helm_env: dict[str, str]
) -> None:
    argv = _argv(charts["create"], args)
    theirs = _helm(helm, helm_env, argv)
    code, out, err = _ours(argv, env=helm_env)
    assert theirs.returncode != 0, theirs.stdout[:300]
    assert code == 1 and out == ""
    assert err == theirs.stderr


def test_validate_needs_a_cluster(
    charts: dict[str, Path], helm: str, helm_env: dict[str, str]
) -> None:
    """helm --validate asks the cluster (none here: it fails); shipyard refuses the flag."""
    for flag in ("--validate", "--validate=true"):
        argv = ["rel", str(charts["create"]), flag]
        theirs = _helm(helm, helm_env, argv)
        code, out, err = _ours(argv, env=helm_env)
        assert theirs.returncode != 0 and "cluster unreachable" in theirs.stderr
        assert code == 1 and out == ""
        assert err.startswith("Error: --validate ") and "cluster" in err


def test_unknown_and_abbreviated_flags_still_fail(charts: dict[str, Path]) -> None:
    for flag in ("--no-such-flag", "--output", "--dry-run"):
        with pytest.raises(SystemExit) as exited:
            chart_fast.run(["rel", str(charts["create"]), flag])
        assert exited.value.code == 2


# -- --output-dir: the same tree, the same lines ---------------------------------------------


def _tree(root: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every entry below ``root``: relative path -> (bytes of a file or None, permissions)."""
    found: dict[str, tuple[bytes | None, int]] = {}
    for path in sorted(root.rglob("*")):
        mode = stat.S_IMODE(path.lstat().st_mode)
        found[path.relative_to(root).as_posix()] = (
            path.read_bytes() if path.is_file() else None,
            mode,
        )
    return found


OUTPUT_CASES: list[tuple[str, str, list[str]]] = [
    ("full", "full", ["rel"]),
    ("full-crds", "full", ["rel", "--include-crds"]),
    ("full-release-name", "full", ["rel", "--include-crds", "--release-name"]),
    ("full-no-hooks", "full", ["rel", "--no-hooks", "--include-crds"]),
    ("full-skip-tests", "full", ["rel", "--skip-tests", "-n", "prod", "--is-upgrade"]),
    ("full-skip-crds", "full", ["rel", "--include-crds", "--skip-crds", "--release-name=false"]),
    ("create", "create", ["rel", "--set", "ingress.enabled=true"]),
    ("create-release-name", "create", ["--release-name", "--name-template", "web-{{ add 1 2 }}"]),
    ("create-generate-name", "create", ["-g", "--release-name"]),
    ("archive", "archive", ["rel", "--include-crds", "--release-name"]),
]
DIR_SPELLINGS = ["{out}", "{out}/", "{out}/./", "./{rel}"]


@pytest.mark.parametrize("spelling", DIR_SPELLINGS)
@pytest.mark.parametrize(("case", "chart", "args"), OUTPUT_CASES, ids=[c[0] for c in OUTPUT_CASES])
def test_output_dir_identical(
    case: str,
    chart: str,
    args: list[str],
    spelling: str,
    charts: dict[str, Path],
    helm: str,
    helm_env: dict[str, str],
    tmp_path: Path,
) -> None:
    trees: dict[str, dict[str, tuple[bytes | None, int]]] = {}
    printed: dict[str, str] = {}
    for who in ("helm", "ours"):
        base = tmp_path / who
        base.mkdir()
        out_dir = spelling.format(out=base / "out", rel="out")
        argv = [*_argv(charts[chart], args), "--output-dir", out_dir]
        if who == "helm":
            done = _helm(helm, helm_env, argv, cwd=base)
            code, out, err = done.returncode, done.stdout, done.stderr
        else:
            code, out, err = _ours(argv, env=helm_env, cwd=base)
        assert code == 0, err
        trees[who] = _tree(base / "out")
        printed[who] = out.replace(str(base), "BASE")
    assert printed["ours"] == printed["helm"]
    assert printed["ours"].startswith("wrote ") and printed["ours"].endswith("\n\n")
    assert trees["ours"] == trees["helm"]


def test_output_dir_errors_identical(
    charts: dict[str, Path], helm: str, helm_env: dict[str, str], tmp_path: Path
) -> None:
    """A file where a directory goes; --show-only with --output-dir (helm writes, then finds
    nothing to show): the same lines, message and exit code."""
    for args in (["--output-dir", "{out}"], ["--output-dir", "{out}", "-s", "templates/hpa.yaml"]):
        results = []
        for who in ("helm", "ours"):
            base = tmp_path / f"{who}-{len(args)}"
            (base / "out").mkdir(parents=True)
            (base / "out" / "web").write_text("in the way\n")
            if len(args) > 2:
                (base / "out" / "web").unlink()
            argv = ["rel", str(charts["create"]), *(a.format(out=base / "out") for a in args)]
            if who == "helm":
                done = _helm(helm, helm_env, argv)
                code, out, err = done.returncode, done.stdout, done.stderr
            else:
                code, out, err = _ours(argv, env=helm_env)
            results.append((code != 0, out.replace(str(base), "B"), err.replace(str(base), "B")))
        assert results[0] == results[1]
        assert results[0][0]


def test_output_dir_overwrites_and_reruns_are_stable(
    charts: dict[str, Path], helm: str, helm_env: dict[str, str], tmp_path: Path
) -> None:
    """A file from an older run is replaced, not appended to. Helm appends hook documents to
    a hook file of an earlier run (helm/helm#12988); shipyard writes the same tree each time."""
    chart = str(charts["full"])
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    for root in (ours, theirs):
        (root / "app" / "templates").mkdir(parents=True)
        (root / "app" / "templates" / "configmap.yaml").write_text("stale\n" * 100)
    for _ in range(2):
        assert _ours(["rel", chart, "--output-dir", str(ours)], env=helm_env)[0] == 0
        assert _helm(helm, helm_env, ["rel", chart, "--output-dir", str(theirs)]).returncode == 0
    once = tmp_path / "once"
    assert _ours(["rel", chart, "--output-dir", str(once)], env=helm_env)[0] == 0
    assert _tree(ours) == _tree(once)
    hooks = "app/templates/hooks.yaml"
    ours_tree, theirs_tree = _tree(ours), _tree(theirs)
    assert set(ours_tree) == set(theirs_tree)
    differing = {name for name in ours_tree if ours_tree[name] != theirs_tree[name]}
    assert hooks in differing  # helm's doubled hooks
    assert all(name.endswith(("hooks.yaml", "test-connection.yaml")) for name in differing)
    theirs_hooks = theirs_tree[hooks][0] or b""
    assert theirs_hooks == (ours_tree[hooks][0] or b"") * 2


def test_output_dir_never_leaves_the_directory(
    charts: dict[str, Path], helm: str, helm_env: dict[str, str], tmp_path: Path
) -> None:
    """A chart file named with ``..`` is refused by the loader (as helm refuses it) before
    anything is written; a symbolic link inside the output directory is not followed."""
    evil = tmp_path / "evil"
    evil.mkdir()
    archive = tmp_path / "c.tgz"
    archive.write_bytes(
        fx.tgz(
            "c",
            {
                "Chart.yaml": fx.chart_yaml("c"),
                "templates/ok.yaml": "kind: ConfigMap\n",
                "templates/../../../evil/escaped.yaml": "kind: ConfigMap\n",
            },
        )
    )
    out = tmp_path / "deep" / "er" / "out"
    theirs = _helm(helm, helm_env, ["r", str(archive), "--output-dir", str(out)])
    code, printed, err = _ours(["r", str(archive), "--output-dir", str(out)], env=helm_env)
    assert theirs.returncode != 0 and code == 1 and printed == ""
    assert "illegally references parent directory" in err
    assert not list(evil.iterdir()) and not out.exists()

    target = tmp_path / "outside"
    target.mkdir()
    linked = tmp_path / "linked"
    (linked / "web").mkdir(parents=True)
    (linked / "web" / "templates").symlink_to(target)
    code, printed, err = _ours(
        ["rel", str(charts["create"]), "--output-dir", str(linked)], env=helm_env
    )
    assert code == 1 and printed == ""
    assert f"symbolic link {linked}/web/templates" in err
    assert not list(target.iterdir())
    (linked / "web" / "templates").unlink()
    (linked / "web" / "templates").mkdir()
    secret = target / "secret.txt"
    secret.write_text("keep me\n")
    (linked / "web" / "templates" / "service.yaml").symlink_to(secret)
    code, printed, err = _ours(
        ["rel", str(charts["create"]), "--output-dir", str(linked)], env=helm_env
    )
    assert code == 1 and f"symbolic link {linked}/web/templates/service.yaml" in err
    assert secret.read_text() == "keep me\n"


# -- the warm render server runs the same code ------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Path]:
    from tests.integration import test_chart_render_server as render_server

    sock = tmp_path / "run" / "render.sock"
    server = render_server.start_server(sock)
    yield sock
    server.stop()


def test_output_dir_through_the_render_server(
    served: Path, charts: dict[str, Path], tmp_path: Path
) -> None:
    """Relative --output-dir in the client's directory, the same lines and tree as in-process."""
    shipyard = Path(sys.executable).parent / "shipyard"
    results = []
    for mode in ("served", "local"):
        work = tmp_path / mode
        work.mkdir()
        env = {**os.environ, "SHIPYARD_RENDER_SOCKET": str(served)}
        if mode == "local":
            env["SHIPYARD_RENDER_SERVER"] = "0"
        done = subprocess.run(
            [shipyard, "chart", "template", "rel", str(charts["full"]), "--output-dir", "o",
             "--include-crds", "--release-name", "--no-hooks=false"],
            cwd=work, env=env, capture_output=True, check=True,
        )  # fmt: skip
        results.append((done.stdout, _tree(work / "o")))
    assert results[0] == results[1]
    assert results[0][0].startswith(b"wrote o/app/crds/")


def test_the_render_server_writes_with_the_clients_umask(
    charts: dict[str, Path], tmp_path: Path
) -> None:
    from tests.integration import test_chart_render_server as render_server

    sock = tmp_path / "run" / "render.sock"
    server = render_server.start_server(sock)  # its own umask is the test process's (022)
    shipyard = Path(sys.executable).parent / "shipyard"
    env = {**os.environ, "SHIPYARD_RENDER_SOCKET": str(sock)}
    subprocess.run(
        [shipyard, "chart", "template", "rel", str(charts["full"]), "--output-dir", "o"],
        cwd=tmp_path, env=env, capture_output=True, check=True,
        preexec_fn=lambda: os.umask(0o077),
    )  # fmt: skip
    assert server.stop().count("rendered: exit 0") == 1
    written = [p for p in (tmp_path / "o").rglob("*") if p.is_file()]
    assert written
    assert {p.stat().st_mode & 0o777 for p in written} == {0o600}
