"""Pipeline runs on real Git repositories: needs, failures, timeouts, retries, hostile branch
names, kept files, masking; the example app's pipeline against the local registry and Git
server; run steps as Kubernetes Jobs on the local cluster (KWOK completes them)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

import pytest
from lightkube.resources import batch_v1
from typer.testing import CliRunner

from shipyard.adapters.kube import jobs
from shipyard.adapters.registry import client as registry_client
from shipyard.api import loading as api_loading
from shipyard.cli import app as cli_app
from shipyard.core import oci
from shipyard.core.images import config as image_config
from shipyard.core.images import layers
from shipyard.core.pipeline import results
from shipyard.engine.pipeline import builtin, kubernetes, local, runner, steps
from tests.integration.conftest import Cluster, GitServer, Registry

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "webapp"
IDENTITY = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
Status = results.Status


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={**os.environ, **IDENTITY})  # fmt: skip
    return done.stdout.strip()


def _repo(root: Path, pipeline: str, files: Mapping[str, str] | None = None) -> Path:
    root.mkdir(parents=True)
    (root / "shipyard.yaml").write_text(textwrap.dedent(pipeline))
    for name, text in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    _git("init", "--quiet", "--initial-branch=main", cwd=root)
    _git("add", "--all", cwd=root)
    _git("commit", "--quiet", "--message=init", cwd=root)
    return root


def _open(host: str) -> registry_client.Registry:
    return registry_client.Registry(host=host, insecure=True)


def _env(**extra: str) -> dict[str, str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"
    return {"PATH": path, "HOME": os.environ.get("HOME", "/tmp"), **extra}


def _run(
    path: Path, *, branch: str | None = None, env: Mapping[str, str] | None = None,
    executor: steps.Executor | None = None, cache: Path | None = None,
    events: list[runner.Event] | None = None,
) -> results.RunResult:  # fmt: skip
    request = runner.Request(path=path, env=dict(env or _env()), branch=branch, backoff=0.05)
    return runner.run(
        request,
        executor=executor or local.LocalExecutor(grace=1.0),
        handlers=builtin.handlers(open_registry=_open, cache=cache or path / ".cache"),
        on_event=(events.append if events is not None else lambda event: None),
    )


def _by_name(result: results.RunResult) -> dict[str, results.StepResult]:
    return {step.name: step for step in result}


def _log(result: results.RunResult, step: str) -> str:
    return (Path(result.directory) / f"{step}.log").read_text()


# -- local runs ------------------------------------------------------------------------------


def test_needs_order_outputs_and_reports(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "app", """\
        name: demo
        env: {GREETING: hello}
        steps:
          - name: first
            run: |
              echo "first on $SHIPYARD_BRANCH"
              echo "WORD=$GREETING-world" >> "$SHIPYARD_OUTPUT"
          - name: second
            needs: [first]
            env: {WORD: "${steps.first.WORD}"}
            run: echo "got $WORD"; [ "$WORD" = hello-world ]
          - name: other
            run: echo independent
        """)  # fmt: skip
    events: list[runner.Event] = []
    result = _run(repo, events=events)
    assert result.ok, result
    found = _by_name(result)
    assert [s.status for s in result] == [Status.PASSED] * 3
    assert dict(found["first"].outputs) == {"WORD": "hello-world"}
    assert "got hello-world" in _log(result, "second")
    assert "first on main" in _log(result, "first")
    assert result.branch == "main" and result.commit == _git("rev-parse", "HEAD", cwd=repo)
    run_dir = Path(result.directory)
    assert run_dir.parent == repo / ".shipyard" / "runs"
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["ok"] and [s["name"] for s in summary["steps"]] == ["first", "other", "second"]
    assert 'tests="3" failures="0"' in (run_dir / "junit.xml").read_text()
    # second started only after first passed
    order = [(e.step, e.status) for e in events if e.status in (Status.RUNNING, Status.PASSED)]
    assert order.index(("first", Status.PASSED)) < order.index(("second", Status.RUNNING))


def test_a_failing_step_stops_its_dependents_only(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "app", """\
        steps:
          - {name: build, run: "echo compiling; echo 'error: broken' >&2; exit 3"}
          - {name: test, needs: [build], run: "echo never"}
          - {name: package, needs: [test], run: "echo never"}
          - {name: lint, run: "echo fine"}
        """)  # fmt: skip
    result = _run(repo)
    assert not result.ok
    found = _by_name(result)
    assert found["build"].status is Status.FAILED and found["build"].reason == "exit code 3"
    assert "error: broken" in found["build"].log_tail  # stderr is in the log too
    assert found["test"].status is Status.SKIPPED
    assert found["test"].reason == "needs build, which failed"
    assert found["package"].reason == "needs test, which was skipped"
    assert found["lint"].status is Status.PASSED
    assert not (Path(result.directory) / "test.log").exists()
    report = (Path(result.directory) / "junit.xml").read_text()
    assert '<failure message="exit code 3" type="run">' in report and "error: broken" in report


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie was killed; only its parent has not reaped it yet


def test_a_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "app", """\
        steps:
          - name: hang
            timeout: 1s
            run: |
              sleep 60 &
              echo $! > background.pid
              sleep 60
          - {name: after, needs: [hang], run: "echo never"}
        """)  # fmt: skip
    started = time.monotonic()
    result = _run(repo)
    assert time.monotonic() - started < 15
    hang = _by_name(result)["hang"]
    assert hang.status is Status.FAILED and hang.reason == "timed out after 1s; killed"
    assert 0.9 < hang.seconds < 10
    assert _by_name(result)["after"].status is Status.SKIPPED
    background = int((repo / "background.pid").read_text())
    deadline = time.monotonic() + 5
    while _alive(background) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(background), "the step's background process survived its timeout"


def test_retries_with_backoff(tmp_path: Path) -> None:
    flaky = 'n=$(cat {0} 2>/dev/null || echo 0); echo $((n+1)) > {0}; [ "$((n+1))" -ge 3 ]'
    repo = _repo(tmp_path / "app", f"""\
        steps:
          - {{name: enough, retries: 2, run: '{flaky.format("a.count")}'}}
          - {{name: too-few, retries: 1, run: '{flaky.format("b.count")}'}}
        """)  # fmt: skip
    found = _by_name(_run(repo))
    assert found["enough"].status is Status.PASSED and found["enough"].attempts == 3
    assert found["too-few"].status is Status.FAILED and found["too-few"].attempts == 2
    log = (repo / ".shipyard" / "runs").glob("*/enough.log").__next__().read_text()
    assert "# attempt 1 failed: exit code 1; retrying in 0.1s" in log
    assert "# attempt 2 failed: exit code 1; retrying in 0.1s" in log


@pytest.mark.parametrize(
    "branch",
    [
        "feat/$(touch pwned)",
        "feat/x;touch pwned",
        "feat/`touch pwned`",
        "feat/x'\"$IFS&&touch pwned",
    ],
)
def test_shell_metacharacters_in_a_branch_never_reach_a_shell(tmp_path: Path, branch: str) -> None:
    repo = _repo(tmp_path / "app", """\
        steps:
          - name: show
            when: {branches: ["feat/**"]}
            env: {SUBSTITUTED: "${SHIPYARD_BRANCH}"}
            run: |
              printf '%s' "$SHIPYARD_BRANCH" > branch.txt
              printf '%s' "$SUBSTITUTED" > substituted.txt
          - {name: main-only, when: {branches: [main]}, run: "touch ran"}
          - name: scan
            type: scan
            command: [python3, -c, "import sys; open('argv.txt', 'w').write(sys.argv[1])", "${SHIPYARD_BRANCH}"]
        """)  # fmt: skip
    result = _run(repo, branch=branch)
    found = _by_name(result)
    assert found["show"].status is Status.PASSED, found["show"]
    assert found["main-only"].status is Status.SKIPPED and not (repo / "ran").exists()
    assert found["scan"].status is Status.PASSED, found["scan"]
    assert (repo / "branch.txt").read_text() == branch
    assert (repo / "substituted.txt").read_text() == branch
    assert (repo / "argv.txt").read_text() == branch  # one argv element, no shell
    assert not list(tmp_path.rglob("pwned*")) and not Path("pwned").exists()
    assert result.branch == branch


def test_artifacts_and_junit_are_kept_without_following_links(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("do not copy")
    repo = _repo(tmp_path / "app", f"""\
        steps:
          - name: test
            run: |
              mkdir -p out reports
              echo result > out/a.txt
              ln -s {outside} out/link.txt
              cat > reports/junit.xml <<'EOF'
              <testsuite name="unit" tests="1"><testcase classname="t" name="case"/></testsuite>
              EOF
            junit: [reports/*.xml]
            artifacts: [out]
        """)  # fmt: skip
    result = _run(repo)
    test = _by_name(result)["test"]
    assert test.status is Status.PASSED
    assert test.artifacts == ("artifacts/test/out/a.txt",)
    assert test.junit == ("junit/test/reports/junit.xml",)
    run_dir = Path(result.directory)
    assert (run_dir / "artifacts/test/out/a.txt").read_text() == "result\n"
    assert not (run_dir / "artifacts/test/out/link.txt").exists()
    assert "out/link.txt not kept (a symbolic link" in _log(result, "test")
    assert '<testsuite name="test: unit"' in (run_dir / "junit.xml").read_text()


def test_secrets_are_masked_in_logs_reports_and_reasons(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "app", """\
        secrets: [DEPLOY_KEY_MATERIAL]
        steps:
          - name: leak
            run: |
              echo "token $API_TOKEN key $DEPLOY_KEY_MATERIAL url https://bot:pw123456@git.example/x"
              exit 1
        """)  # fmt: skip
    env = _env(API_TOKEN="tok-1234567890", DEPLOY_KEY_MATERIAL="very-private")
    result = _run(repo, env=env)
    run_dir = Path(result.directory)
    for name in ("leak.log", "junit.xml", "summary.json"):
        text = (run_dir / name).read_text()
        for secret in ("tok-1234567890", "very-private", "pw123456"):
            assert secret not in text, (name, secret)
    assert "token *** key *** url https://***@git.example/x" in _log(result, "leak")


def test_an_invalid_pipeline_is_refused_with_every_problem(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "app", """\
        steps:
          - {name: a, run: x, needs: [b]}
          - {name: b, run: x, needs: [a], timeout: soon}
          - {name: c, type: deploy}
        """)  # fmt: skip
    with pytest.raises(api_loading.InvalidResourceError) as raised:
        _run(repo)
    assert [str(p) for p in raised.value.problems] == [
        "shipyard.yaml:2: steps[0].needs: cycle in needs: a → b → a",
        "shipyard.yaml:3: steps[1].timeout: expected a duration such as 30s, 10m or 1h30m, got 'soon'",
        "shipyard.yaml:4: steps[2].type: unknown step type 'deploy' (known: run, version, image, promote, scan, sign, chart)",
    ]
    assert not (repo / ".shipyard").exists()  # nothing ran


def test_cli_dry_run_prints_the_plan_and_a_failure_exits_1(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "app", """\
        env: {TARGET: "${WHERE:-nowhere}"}
        steps:
          - {name: build, run: "echo building for $TARGET", env: {T: "${TARGET}"}}
          - {name: ship, needs: [build], when: {branches: [main]}, run: "exit 4"}
        """)  # fmt: skip
    cli = CliRunner()
    planned = cli.invoke(
        cli_app.build("ci"), ["ci", "run", str(repo), "--dry-run", "--branch", "dev"]
    )
    assert planned.exit_code == 0, planned.output
    assert "level 0" in planned.output and "build [run] run" in planned.output
    assert "env T=nowhere" in planned.output
    assert "ship [run] skip (branch 'dev' does not match when.branches (main))" in planned.output
    assert not (repo / ".shipyard").exists()
    failed = cli.invoke(cli_app.build("ci"), ["ci", "run", str(repo)])
    assert failed.exit_code == 1
    assert "pipeline pipeline failed" in failed.output and "exit code 4" in failed.output
    bad = cli.invoke(cli_app.build("ci"), ["ci", "run", str(tmp_path)])
    assert bad.exit_code == 1 and "no shipyard.yaml" in bad.output


# -- the example app against the local registry and Git server -------------------------------


def _push_base(registry: Registry, repository: str) -> None:
    """A tiny synthetic base (one layer and a config), as the image-build tests use."""
    layer = layers.layer([layers.Entry(path="etc/os-release", data=b"ID=test\n")], mtime=0)
    config = image_config.canonical({
        "architecture": "amd64", "os": "linux", "config": {"Env": ["PATH=/usr/bin:/bin"]},
        "rootfs": {"type": "layers", "diff_ids": [layer.diff_id]},
    })  # fmt: skip
    manifest = image_config.image_manifest(
        config=config, layer_descriptors=[layer.descriptor()], annotations={}
    )
    with _open(registry.host) as client:
        client.push_blob(repository, layer.blob)
        client.push_blob(repository, config)
        client.put_manifest(repository, "1", manifest, media_type=oci.OCI_MANIFEST)


def test_the_example_pipeline_builds_pushes_and_promotes(
    registry: Registry, git_server: GitServer, tmp_path: Path
) -> None:
    prefix = f"t{uuid.uuid4().hex[:8]}"
    _push_base(registry, f"{prefix}/base")
    app = tmp_path / "webapp"
    shutil.copytree(
        EXAMPLE, app, ignore=shutil.ignore_patterns(".shipyard", "reports", "__pycache__")
    )
    _git("init", "--quiet", "--initial-branch=main", cwd=app)
    _git("add", "--all", cwd=app)
    _git("commit", "--quiet", "--message=webapp", cwd=app)
    env_url = git_server.create_repo(f"{prefix}-env.git")
    env_repo = tmp_path / "env"
    (env_repo / "manifests").mkdir(parents=True)
    original = (EXAMPLE / "manifests" / "deployment.yaml").read_text()
    (env_repo / "manifests" / "deployment.yaml").write_text(original)
    _git("init", "--quiet", "--initial-branch=main", cwd=env_repo)
    _git("add", "--all", cwd=env_repo)
    _git("commit", "--quiet", "--message=env", cwd=env_repo)
    _git("push", "--quiet", env_url, "main", cwd=env_repo)
    env = _env(SHIPYARD_REGISTRY=f"{registry.host}/{prefix}", WEBAPP_BASE="base:1",
               WEBAPP_ENV_REPO=env_url)  # fmt: skip

    result = _run(app, env=env, cache=tmp_path / "cache")
    found = _by_name(result)
    assert result.ok, [(s.name, s.reason, s.log_tail) for s in result]
    version = dict(found["version"].outputs)["FullSemVer"]
    image = dict(found["image"].outputs)
    expected = f"{registry.host}/{prefix}/prod/apps/webapp:{version.replace('+', '_')}"
    assert image["image"] == expected
    with _open(registry.host) as client:
        assert client.head_manifest(f"{prefix}/prod/apps/webapp", image["tag"]) == image["digest"]
        short = f"sha-{result.commit[:7]}"
        assert client.head_manifest(f"{prefix}/prod/apps/webapp", short) == image["digest"]
    assert "2 passed" in _log(result, "test")
    assert '<testsuite name="test: pytest"' in (Path(result.directory) / "junit.xml").read_text()

    clone = tmp_path / "check"
    _git("clone", "--quiet", env_url, str(clone), cwd=tmp_path)
    promoted = (clone / "manifests" / "deployment.yaml").read_text()
    assert promoted == original.replace("127.0.0.1:5000/apps/webapp:0.1.0", expected)
    assert dict(found["promote"].outputs) == {
        "commit": _git("rev-parse", "HEAD", cwd=clone), "changed": "true",
    }  # fmt: skip
    message = _git("log", "-1", "--format=%B", cwd=clone)
    assert message.startswith(f"webapp {version}") and f"Run: {result.run_id}" in message

    # The same commit again: the same digest (reproducible), nothing new to promote.
    again = _by_name(_run(app, env=env, cache=tmp_path / "cache"))
    assert dict(again["image"].outputs)["digest"] == image["digest"]
    assert dict(again["promote"].outputs)["changed"] == "false"

    # A feature branch builds into the dev registry and is not promoted.
    _git("checkout", "--quiet", "-b", "feat/greeting", cwd=app)
    (app / "app" / "note.txt").write_text("feature\n")
    _git("add", "--all", cwd=app)
    _git("commit", "--quiet", "--message=feature", cwd=app)
    feature = _by_name(_run(app, env=env, cache=tmp_path / "cache"))
    assert f"{registry.host}/{prefix}/dev/apps/webapp:" in dict(feature["image"].outputs)["image"]
    assert feature["promote"].status is Status.SKIPPED
    assert "does not match when.branches" in feature["promote"].reason


# -- the Kubernetes executor -----------------------------------------------------------------


def test_run_steps_become_jobs_on_the_cluster(
    cluster: Cluster, namespace: str, tmp_path: Path
) -> None:
    repo = _repo(tmp_path / "app", """\
        env: {GREETING: hello}
        steps:
          - name: hello
            image: registry.invalid/ci/bash:5
            timeout: 2m
            retries: 2
            env: {WHO: "${SHIPYARD_BRANCH}"}
            run: echo "$GREETING $WHO"
          - {name: no-image, run: echo hi}
        """)  # fmt: skip
    executor = kubernetes.KubernetesExecutor(
        jobs_api=jobs.Jobs(cluster.client), namespace=namespace
    )
    result = _run(repo, executor=executor,
                  env=_env(RUNNER_TOKEN="runner-secret", SHIPYARD_REGISTRY="127.0.0.1:1"))  # fmt: skip
    found = _by_name(result)
    assert found["hello"].status is Status.PASSED, found["hello"]
    assert dict(found["hello"].outputs)["job"] == kubernetes.job_name(result.run_id, "hello")
    assert found["no-image"].status is Status.FAILED
    assert "give image: (the container to run the script in)" in found["no-image"].reason

    job = cluster.client.get(batch_v1.Job, kubernetes.job_name(result.run_id, "hello"),
                             namespace=namespace)  # fmt: skip
    assert job.spec is not None and job.status is not None and job.status.succeeded == 1
    assert job.spec.activeDeadlineSeconds == 360 and job.spec.backoffLimit == 2
    (container,) = job.spec.template.spec.containers if job.spec.template.spec else []
    assert container.image == "registry.invalid/ci/bash:5"
    assert container.command == ["bash", "-euo", "pipefail", "-c", 'echo "$GREETING $WHO"']
    env = {item.name: item.value for item in container.env or []}
    assert env["GREETING"] == "hello" and env["WHO"] == "main" and env["SHIPYARD_STEP"] == "hello"
    assert env["SHIPYARD_BRANCH"] == "main" and env["SHIPYARD_COMMIT"] == result.commit
    # Only what the pipeline declares goes to the cluster, never the runner's environment.
    assert "RUNNER_TOKEN" not in env and "SHIPYARD_REGISTRY" not in env and "PATH" not in env
    assert job.metadata is not None and job.metadata.labels is not None
    assert job.metadata.labels["shipyard.dev/step"] == "hello"
    log = _log(result, "hello")
    # KWOK's fake nodes run no containers, so there are no logs to stream: said, not faked.
    assert f"# Job {namespace}/{job.metadata.name} created" in log
    assert "are unavailable" in log and "# no logs streamed from pods" in log
    assert "completed" in log


def test_job_names_are_dns_labels() -> None:
    name = kubernetes.job_name("20250101-000000-abcdef", "a_very_long_step_name_" + "x" * 40)
    assert len(name) <= 63 and name == name.lower() and "_" not in name
    assert name[0].isalnum() and name[-1].isalnum()
    assert kubernetes.job_name("r", "test") == "shipyard-r-test"
