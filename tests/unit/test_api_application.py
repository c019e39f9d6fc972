"""Application and Project models: loading with file and line, validation rules, generated CRDs."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from shipyard import errors
from shipyard.api import application, crds, loading

REPO = Path(__file__).resolve().parents[2]
SOURCE = "apps/x.yaml"


def app_yaml(
    *,
    name: str = "hello",
    repo_url: str = "https://git.example.com/team/hello.git",
    revision: str = "main",
    path: str = "manifests",
    namespace: str = "demo",
    option: str = "CreateNamespace=true",
    duration: str = "5s",
) -> str:
    """An Application whose fields sit on fixed lines (name 4, repoURL 7, ... duration 16)."""
    values = {
        key: json.dumps(value)  # a JSON string is a YAML double-quoted scalar
        for key, value in dict(
            name=name,
            repo_url=repo_url,
            revision=revision,
            path=path,
            namespace=namespace,
            option=option,
            duration=duration,
        ).items()
    }
    return f"""\
apiVersion: shipyard.dev/v1alpha1
kind: Application
metadata:
  name: {values["name"]}
spec:
  source:
    repoURL: {values["repo_url"]}
    targetRevision: {values["revision"]}
    path: {values["path"]}
  destination:
    namespace: {values["namespace"]}
  syncPolicy:
    syncOptions: [{values["option"]}]
    retry:
      backoff:
        duration: {values["duration"]}
"""


def problems_of(text: str, *, project: bool = False) -> list[str]:
    with pytest.raises(loading.InvalidResourceError) as caught:
        if project:
            loading.load_project(text, source=SOURCE)
        else:
            loading.load_application(text, source=SOURCE)
    assert isinstance(caught.value, errors.UserError)
    lines = str(caught.value).splitlines()
    assert lines[0].startswith(f"{SOURCE}: invalid ")
    assert len(lines) == len(caught.value.problems) + 1
    return lines[1:]


def assert_problem(text: str, expected: str) -> None:
    problems = problems_of(text)
    assert any(problem.startswith(expected) for problem in problems), problems


# --- valid documents -------------------------------------------------------------------------


def test_the_template_is_valid() -> None:
    app = loading.load_application(app_yaml(), source=SOURCE)
    assert app.metadata.name == "hello"
    assert app.spec.source.repo_url == "https://git.example.com/team/hello.git"
    assert app.spec.project == "default"
    assert app.spec.destination.name == application.IN_CLUSTER
    assert app.spec.sync_policy.automated is None
    assert app.spec.sync_policy.retry.limit == 5
    assert app.spec.sync_options.create_namespace
    assert app.status is None


def test_the_example_application_loads() -> None:
    path = REPO / "examples" / "hello" / "application.yaml"
    app = loading.load_application(path.read_text(), source=str(path))
    assert app.spec.source.path == "manifests"
    automated = app.spec.sync_policy.automated
    assert automated is not None and automated.prune and automated.self_heal
    assert not automated.allow_empty


def test_every_field_of_a_full_document() -> None:
    text = """\
apiVersion: shipyard.dev/v1alpha1
kind: Application
metadata:
  name: web
  namespace: team-a
  labels: {tier: frontend}
spec:
  project: team-a
  source:
    repoURL: git@github.com:org/web.git
    targetRevision: 0123456789abcdef0123456789abcdef01234567
    path: overlays/prod
    directory: {recurse: true}
  destination:
    namespace: web
    name: prod
    kubeconfigSecret: {name: prod-kubeconfig, key: config}
  syncPolicy:
    automated: {prune: true, selfHeal: false, allowEmpty: true}
    syncOptions: [PruneLast=true, Replace=true, Force=true, CreateNamespace=false]
    retry: {limit: 0, backoff: {duration: 500ms, factor: 3, maxDuration: 1h}}
  dependsOn:
    - name: database
    - {name: cache, namespace: shared}
  ignoreDifferences:
    - group: apps
      kind: Deployment
      jsonPointers: [/spec/replicas, /metadata/annotations/a~1b]
    - kind: ConfigMap
      name: generated
      managedFieldsManagers: [kube-controller-manager]
"""
    app = loading.load_application(text, source=SOURCE)
    spec = app.spec
    assert app.metadata.labels == {"tier": "frontend"}
    assert spec.source.directory is not None and spec.source.directory.recurse
    assert spec.destination.kubeconfig_secret == application.SecretKeyRef(
        name="prod-kubeconfig", key="config"
    )
    assert spec.sync_options == application.SyncOptions(prune_last=True, replace=True, force=True)
    assert spec.sync_policy.retry.backoff.base_delay == datetime.timedelta(milliseconds=500)
    assert [(d.name, d.namespace) for d in spec.depends_on] == [
        ("database", None),
        ("cache", "shared"),
    ]
    assert spec.ignore_differences[0].json_pointers == (
        "/spec/replicas",
        "/metadata/annotations/a~1b",
    )
    assert spec.ignore_differences[1].group == ""


def test_yaml_anchors_comments_and_a_leading_separator_are_fine() -> None:
    text = "# comment\n---\n" + app_yaml().replace(
        "  destination:\n", "  destination: &dest\n"
    ).replace("  syncPolicy:", "  x-ignored: *dest\n  syncPolicy:")
    problems = problems_of(text)
    # The alias is expanded like any value; only the unknown field is reported.
    assert len(problems) == 1
    assert problems[0].startswith(f"{SOURCE}:14: spec.x-ignored: unknown field")


def test_an_object_read_back_from_the_cluster_validates() -> None:
    app = loading.load_application(app_yaml(), source=SOURCE)
    data: dict[str, Any] = app.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["metadata"] |= {
        "namespace": "default",
        "uid": "0b7c",
        "resourceVersion": "42",
        "generation": 1,
        "creationTimestamp": "2025-01-01T00:00:00Z",
        "managedFields": [{"manager": "kubectl", "operation": "Apply"}],
    }
    data["status"] = {"sync": {"status": "Synced", "revision": "abc"}, "futureField": 1}
    again = loading.validate_application(data, source="cluster:default/hello")
    assert again.spec == app.spec
    assert again.status is not None and again.status.sync.status == "Synced"


def test_model_dump_for_apply_has_no_server_fields() -> None:
    app = loading.load_application(app_yaml(), source=SOURCE)
    metadata = app.model_dump(mode="json", by_alias=True, exclude_none=True)["metadata"]
    assert set(metadata) == {"name", "labels", "annotations"}


# --- invalid documents: one problem, its file, line and field --------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", f"{SOURCE}:1: is empty"),
        ("---\n", f"{SOURCE}:1: is empty"),
        ("# nothing here\n", f"{SOURCE}:1: is empty"),
        ("a: 1\n---\nb: 2\n", f"{SOURCE}:3: holds 2 documents"),
        ("- a\n- b\n", f"{SOURCE}:1: expected a mapping, got a list"),
        ("just text\n", f"{SOURCE}:1: expected a mapping, got a string"),
        ("a: [1, 2\n", f"{SOURCE}:2: is not valid YAML"),
        ("a: b: c\n", f"{SOURCE}:1: is not valid YAML"),
        (
            app_yaml().replace('metadata:\n  name: "hello"', "metadata: []"),
            f"{SOURCE}:3: metadata: expected a mapping, got a list",
        ),
        (
            app_yaml().replace("shipyard.dev/v1alpha1", "shipyard.dev/v1"),
            f"{SOURCE}:1: apiVersion: must be 'shipyard.dev/v1alpha1'",
        ),
        (
            app_yaml().replace("shipyard.dev/v1alpha1", "argoproj.io/v1alpha1"),
            f"{SOURCE}:1: apiVersion: must be 'shipyard.dev/v1alpha1'; shipyard reads Argo CD",
        ),
        (
            app_yaml().replace("kind: Application", "kind: Project"),
            f"{SOURCE}:2: kind: must be 'Application'",
        ),
        (
            app_yaml().replace("apiVersion: shipyard.dev/v1alpha1\n", ""),
            f"{SOURCE}:1: apiVersion: required field is missing",
        ),
        (
            app_yaml().replace("kind: Application\n", ""),
            f"{SOURCE}:1: kind: required field is missing",
        ),
        (
            app_yaml().replace('  destination:\n    namespace: "demo"\n', ""),
            f"{SOURCE}:5: spec.destination: required field is missing",
        ),
        (
            app_yaml().replace('    namespace: "demo"\n', "    name: in-cluster\n"),
            f"{SOURCE}:10: spec.destination.namespace: required field is missing",
        ),
        (
            app_yaml().replace("  syncPolicy:", "  syncPolicy:\n    automatd: {}"),
            f"{SOURCE}:13: spec.syncPolicy.automatd: unknown field; did you mean 'automated'?",
        ),
        (
            app_yaml().replace("repoURL", "repo_url"),
            f"{SOURCE}:7: spec.source.repo_url: unknown field",
        ),
        (
            app_yaml().replace("  syncPolicy:", '  syncPolicy:\n    automated: {prune: "yes"}'),
            f"{SOURCE}:13: spec.syncPolicy.automated.prune: expected true or false, got a string",
        ),
        (
            app_yaml().replace("    retry:\n", '    retry:\n      limit: "5"\n'),
            f"{SOURCE}:15: spec.syncPolicy.retry.limit: expected an integer, got a string",
        ),
        (
            app_yaml().replace("    retry:\n", "    retry:\n      limit: 101\n"),
            f"{SOURCE}:15: spec.syncPolicy.retry.limit: must be at most 100",
        ),
        (
            app_yaml().replace("    retry:\n", "    retry:\n      limit: -1\n"),
            f"{SOURCE}:15: spec.syncPolicy.retry.limit: must be at least 0",
        ),
        (
            app_yaml().replace('duration: "5s"', "duration: 5s\n        factor: 0"),
            f"{SOURCE}:17: spec.syncPolicy.retry.backoff.factor: must be at least 1",
        ),
        (
            app_yaml().replace('duration: "5s"', "duration: 5m\n        maxDuration: 1m"),
            f"{SOURCE}:15: spec.syncPolicy.retry.backoff: maxDuration must not be shorter",
        ),
        (
            app_yaml().replace('["CreateNamespace=true"]', "CreateNamespace=true"),
            f"{SOURCE}:13: spec.syncPolicy.syncOptions: expected a list, got a string",
        ),
        (
            app_yaml().replace(
                '["CreateNamespace=true"]', "[CreateNamespace=true, CreateNamespace=false]"
            ),
            f"{SOURCE}:13: spec.syncPolicy.syncOptions: CreateNamespace is set both to true and to false",
        ),
        (
            app_yaml().replace('  name: "hello"', "  name: a\n  name: b"),
            f"{SOURCE}:5: metadata.name: duplicate key (first at line 4)",
        ),
        (
            app_yaml().replace('  name: "hello"', "  name: !!python/object:os.system hello"),
            f"{SOURCE}:4: metadata.name: unsupported YAML tag",
        ),
        (
            app_yaml().replace('  name: "hello"', "  name: !!binary aGVsbG8="),
            f"{SOURCE}:4: metadata.name: unsupported YAML tag",
        ),
        (
            app_yaml().replace('    path: "manifests"', "    path: 1.5"),
            f"{SOURCE}:9: spec.source.path: expected a string, got a number",
        ),
        (
            app_yaml().replace('  name: "hello"', "  name: no"),
            f"{SOURCE}:4: metadata.name: expected a string, got a boolean",
        ),
        (app_yaml() + "status: []\n", f"{SOURCE}:17: status: expected a mapping, got a list"),
        (
            app_yaml().replace('namespace: "demo"', "namespace: demo\n    name: prod"),
            f"{SOURCE}:10: spec.destination: cluster 'prod' needs a kubeconfigSecret",
        ),
        (
            app_yaml().replace(
                'namespace: "demo"', "namespace: demo\n    kubeconfigSecret: {name: k}"
            ),
            f"{SOURCE}:10: spec.destination: kubeconfigSecret is only for a cluster other than",
        ),
        (
            app_yaml().replace(
                'namespace: "demo"', "namespace: demo\n    name: p\n    kubeconfigSecret: {name: K}"
            ),
            f"{SOURCE}:13: spec.destination.kubeconfigSecret.name: must be a DNS-1123 subdomain",
        ),
        (
            app_yaml() + "  dependsOn:\n    - namespace: db\n",
            f"{SOURCE}:18: spec.dependsOn[0].name: required field is missing",
        ),
        (
            app_yaml() + "  dependsOn:\n    - {name: Db}\n",
            f"{SOURCE}:18: spec.dependsOn[0].name: must be a DNS-1123 label",
        ),
        (
            app_yaml()
            + "  ignoreDifferences:\n    - {kind: Deployment, jsonPointers: [spec/replicas]}\n",
            f"{SOURCE}:18: spec.ignoreDifferences[0].jsonPointers[0]: must be a JSON pointer",
        ),
        (
            app_yaml() + "  ignoreDifferences:\n    - {kind: Deployment, jsonPointers: [/a~2b]}\n",
            f"{SOURCE}:18: spec.ignoreDifferences[0].jsonPointers[0]: must be a JSON pointer",
        ),
        (
            app_yaml() + "  ignoreDifferences:\n    - kind: Deployment\n",
            f"{SOURCE}:18: spec.ignoreDifferences[0]: set jsonPointers or managedFieldsManagers",
        ),
        (
            app_yaml() + "  ignoreDifferences:\n    - {jsonPointers: [/a]}\n",
            f"{SOURCE}:18: spec.ignoreDifferences[0].kind: required field is missing",
        ),
        (
            app_yaml().replace("project", "x") + "  project: Team\n",
            f"{SOURCE}:17: spec.project: must be a DNS-1123 label",
        ),
    ],
)
def test_invalid_documents(text: str, expected: str) -> None:
    assert_problem(text, expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hello", "must be a DNS-1123 label"),
        ("-hello", "must be a DNS-1123 label"),
        ("hello-", "must be a DNS-1123 label"),
        ("hello_world", "must be a DNS-1123 label"),
        ("hello.world", "must be a DNS-1123 label"),
        ("h" * 64, "must be a DNS-1123 label"),
        ("", "must be a DNS-1123 label"),
        ("hello\n", "must be a DNS-1123 label"),
    ],
)
def test_invalid_names(name: str, expected: str) -> None:
    assert_problem(app_yaml(name=name), f"{SOURCE}:4: metadata.name: {expected}")
    assert_problem(app_yaml(namespace=name), f"{SOURCE}:11: spec.destination.namespace: {expected}")


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/org/repo.git",
        "http://127.0.0.1:8080/hello.git",
        "https://git.example.com:8443/team/app",
        "ssh://git@github.com/org/repo.git",
        "ssh://git@host:2222/~user/repo.git",
        "git@github.com:org/repo.git",
        "https://user@git.example.com/x.git",
    ],
)
def test_valid_repo_urls(url: str) -> None:
    app = loading.load_application(app_yaml(repo_url=url), source=SOURCE)
    assert app.spec.source.repo_url == url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file:///etc/passwd", "scheme 'file' is not allowed"),
        ("ftp://host/x.git", "scheme 'ftp' is not allowed"),
        ("ext::sh -c touch% /tmp/pwned", "must not contain whitespace"),
        ("-uhttps://evil/x.git", "must not start with '-'"),
        ("--upload-pack=touch /tmp/x", "must not start with '-'"),
        ("https://host/x.git; rm -rf /", "must not contain whitespace"),
        ("https://host/$(id).git", "must not contain whitespace"),
        ("https://host/`id`.git", "must not contain whitespace"),
        ("https://host/a|b.git", "must not contain whitespace"),
        ("https://host/x.git\n", "must not contain whitespace"),
        ("https://host/x.git?token=abc", "must not contain whitespace"),
        ("/srv/git/x.git", "must be an https://, ssh:// or http:// URL"),
        ("../x.git", "must be an https://, ssh:// or http:// URL"),
        ("ssh://-oProxyCommand=x/y", "has no valid host name"),
        ("git@-oProxyCommand=x:y", "has no valid host name"),
        ("git@host:-x", "has a repository path starting with '-'"),
        ("ssh://-x@host/y", "has a user name starting with '-'"),
        ("https://host", "has no repository path"),
        ("https://host:99999/x", "has an invalid port"),
        ("https://user:s3cr3t@host/x.git", "must not embed credentials"),
        ("https://" + "a" * 2050, "must be at most 2048 characters"),
    ],
)
def test_invalid_repo_urls(url: str, expected: str) -> None:
    problems = problems_of(app_yaml(repo_url=url))
    assert len(problems) == 1
    assert problems[0].startswith(f"{SOURCE}:7: spec.source.repoURL: {expected}")
    assert "s3cr3t" not in "".join(problems)


@pytest.mark.parametrize(
    "revision",
    ["HEAD", "main", "v1.2.3", "release/1.x", "refs/heads/main", "a" * 40, "v1.0.0+build.1"],
)
def test_valid_revisions(revision: str) -> None:
    app = loading.load_application(app_yaml(revision=revision), source=SOURCE)
    assert app.spec.source.target_revision == revision


@pytest.mark.parametrize(
    ("revision", "expected"),
    [
        ("-main", "must not start with '-'"),
        ("--upload-pack=touch", "must not start with '-'"),
        ("main..dev", "must not contain '..'"),
        ("a b", "must be a branch, tag or commit SHA without whitespace"),
        ("main\n", "must be a branch, tag or commit SHA without whitespace"),
        ("main\t", "must be a branch, tag or commit SHA without whitespace"),
        ("x;rm", "must be a branch, tag or commit SHA without whitespace"),
        ("$(id)", "must be a branch, tag or commit SHA without whitespace"),
        ("HEAD~1", "must be a branch, tag or commit SHA without whitespace"),
        ("HEAD@{1}", "must be a branch, tag or commit SHA without whitespace"),
        ("a:b", "must be a branch, tag or commit SHA without whitespace"),
        ("refs/heads/", "is not a valid branch or tag name"),
        ("a//b", "is not a valid branch or tag name"),
        ("x.lock", "is not a valid branch or tag name"),
        ("a/.hidden", "is not a valid branch or tag name"),
        ("main.", "is not a valid branch or tag name"),
        ("", "must be 1-255 characters"),
    ],
)
def test_invalid_revisions(revision: str, expected: str) -> None:
    assert_problem(
        app_yaml(revision=revision), f"{SOURCE}:8: spec.source.targetRevision: {expected}"
    )


@pytest.mark.parametrize("path", [".", "manifests", "apps/hello", "./overlays/prod", "a..b/c"])
def test_valid_paths(path: str) -> None:
    assert loading.load_application(app_yaml(path=path), source=SOURCE).spec.source.path == path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/etc", "must be relative to the repository root"),
        ("C:/x", "must be relative to the repository root"),
        ("../x", "must not contain '..' components"),
        ("a/../../b", "must not contain '..' components"),
        ("a/..", "must not contain '..' components"),
        ("a\\b", "must use '/' as separator"),
        ("-x", "must not start with '-'"),
        ("a\tb", "must not contain control characters"),
        ("", "must be 1-1024 characters"),
    ],
)
def test_invalid_paths(path: str, expected: str) -> None:
    assert_problem(app_yaml(path=path), f"{SOURCE}:9: spec.source.path: {expected}")


@pytest.mark.parametrize(
    "option", ["Prune=true", "CreateNamespace=yes", "createnamespace=true", "CreateNamespace", ""]
)
def test_unknown_sync_options(option: str) -> None:
    assert_problem(
        app_yaml(option=option), f"{SOURCE}:13: spec.syncPolicy.syncOptions[0]: unknown sync option"
    )


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("-1s", "'-1s' must not be negative"),
        ("abc", "'abc' is not a duration like 30s"),
        ("99999h", "'99999h' is longer than the maximum of 24h"),
        ("1d", "'1d' is not a duration like 30s"),
    ],
)
def test_invalid_durations_in_a_document(duration: str, expected: str) -> None:
    # SECURITY-CASES 20: the resource is rejected with a clear message.
    assert_problem(
        app_yaml(duration=duration),
        f"{SOURCE}:16: spec.syncPolicy.retry.backoff.duration: {expected}",
    )


def test_every_problem_is_reported_at_once() -> None:
    text = app_yaml(
        name="Bad", repo_url="file:///x", revision="-x", path="/abs", namespace="NS", duration="-1s"
    )
    problems = problems_of(text)
    assert [problem.split(": ")[0:2] for problem in problems] == [
        [f"{SOURCE}:4", "metadata.name"],
        [f"{SOURCE}:7", "spec.source.repoURL"],
        [f"{SOURCE}:8", "spec.source.targetRevision"],
        [f"{SOURCE}:9", "spec.source.path"],
        [f"{SOURCE}:11", "spec.destination.namespace"],
        [f"{SOURCE}:16", "spec.syncPolicy.retry.backoff.duration"],
    ]


def test_values_are_not_echoed() -> None:
    text = app_yaml(repo_url="https://bot:ghp_s3cr3t@github.com/x.git") + "  token: ghp_s3cr3t\n"
    message = "\n".join(problems_of(text))
    assert "ghp_s3cr3t" not in message
    assert f"{SOURCE}:17: spec.token: unknown field" in message


def test_too_much_history_is_refused() -> None:
    entry = {"id": 1, "revision": "a", "deployedAt": "t", "source": {"repoURL": "git@h:x"}}
    status = yaml.safe_dump({"status": {"history": [entry] * 11}})
    assert_problem(app_yaml() + status, f"{SOURCE}:18: status.history: must have at most 10 items")


def test_a_problem_from_the_cluster_has_no_line() -> None:
    with pytest.raises(loading.InvalidResourceError) as caught:
        loading.validate_application(
            {
                "apiVersion": application.API_VERSION,
                "kind": "Application",
                "metadata": {"name": "a"},
            },
            source="cluster:ns/a",
        )
    assert str(caught.value).splitlines()[1:] == ["cluster:ns/a: spec: required field is missing"]


# --- bounded parsing (SECURITY-CASES 13-15) ----------------------------------------------------


def test_an_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    assert problems_of("\n".join(lines)) == [
        f"{SOURCE}: expands to more than 100000 values or 100 levels (YAML aliases?)"
    ]


def test_a_recursive_alias_is_bounded() -> None:
    assert "expands to more than" in problems_of("a: &a [*a]\n")[0]


def test_deep_nesting_is_refused() -> None:
    assert problems_of("a: " + "[" * 150 + "]" * 150)[0] == (
        f"{SOURCE}:1: is nested deeper than 100 levels"
    )
    assert "nest" in problems_of("[" * 100_000)[0]  # libyaml's own limit may come first


def test_a_huge_file_is_refused_before_parsing() -> None:
    assert problems_of("a: " + "x" * (2 << 20))[0] == f"{SOURCE}: is larger than 1024 KiB"


# --- durations, sync options, backoff ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", datetime.timedelta(0)),
        ("5s", datetime.timedelta(seconds=5)),
        ("1h2m3s", datetime.timedelta(hours=1, minutes=2, seconds=3)),
        ("500ms", datetime.timedelta(milliseconds=500)),
        ("1.5s", datetime.timedelta(seconds=1.5)),
        ("1m30s", datetime.timedelta(seconds=90)),
        ("2h45m", datetime.timedelta(hours=2, minutes=45)),
        ("300us", datetime.timedelta(microseconds=300)),
        ("1µs", datetime.timedelta(microseconds=1)),
        ("1500ns", datetime.timedelta(microseconds=1)),
        ("0.25h", datetime.timedelta(minutes=15)),
        ("24h", datetime.timedelta(hours=24)),
        ("23h59m60s", datetime.timedelta(hours=24)),
    ],
)
def test_durations(text: str, expected: datetime.timedelta) -> None:
    assert application.parse_duration(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "-1s",
        "+1s",
        "abc",
        "99999h",
        "25h",
        "24h1ns",
        "1d",
        "5",
        "1.s",
        ".5s",
        "1h-1m",
        " 5s",
        "5s ",
        "5 s",
        "1e3s",
        "5S",
        "9" * 40 + "s",
        "1h\n",
    ],
)
def test_invalid_durations(text: str) -> None:
    with pytest.raises(errors.UserError, match=r"^duration "):
        application.parse_duration(text)


def test_duration_maximum_is_a_parameter() -> None:
    assert application.parse_duration("48h", maximum=datetime.timedelta(days=7)).days == 2
    with pytest.raises(errors.UserError, match="maximum of 1m"):
        application.parse_duration("2m", maximum=datetime.timedelta(minutes=1))


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], application.SyncOptions()),
        (["CreateNamespace=true"], application.SyncOptions(create_namespace=True)),
        (["CreateNamespace=false"], application.SyncOptions()),
        (
            ["PruneLast=true", "Replace=true"],
            application.SyncOptions(prune_last=True, replace=True),
        ),
        (["Force=true", "Force=true"], application.SyncOptions(force=True)),
        (
            list(application.SYNC_OPTIONS[::2]),
            application.SyncOptions(
                create_namespace=True, prune_last=True, replace=True, force=True
            ),
        ),
    ],
)
def test_sync_options(options: list[str], expected: application.SyncOptions) -> None:
    assert application.parse_sync_options(options) == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["Prune=true"], "unknown sync option 'Prune=true'"),
        (["CreateNamespace=TRUE"], "unknown sync option"),
        (["Replace=true", "Replace=false"], "Replace is set both to true and to false"),
    ],
)
def test_invalid_sync_options(options: list[str], message: str) -> None:
    with pytest.raises(errors.UserError, match=message):
        application.parse_sync_options(options)


@pytest.mark.parametrize(
    ("attempt", "seconds"), [(0, 5), (1, 10), (2, 20), (5, 160), (6, 180), (100, 180)]
)
def test_backoff_delays_grow_up_to_the_maximum(attempt: int, seconds: int) -> None:
    assert application.Backoff().delay(attempt) == datetime.timedelta(seconds=seconds)


# --- projects ---------------------------------------------------------------------------------

PROJECT = """\
apiVersion: shipyard.dev/v1alpha1
kind: Project
metadata:
  name: team-a
spec:
  sourceRepos: ["https://git.example.com/team-a/*"]
  destinations:
    - namespace: team-a-*
  clusterResourceWhitelist:
    - {group: "", kind: Namespace}
  namespaceResourceBlacklist:
    - {group: "", kind: ResourceQuota}
"""


def test_a_project_restricts_sources_destinations_and_kinds() -> None:
    spec = loading.load_project(PROJECT, source=SOURCE).spec
    assert spec.permits_source("https://git.example.com/team-a/web.git")
    assert spec.permits_source("https://git.example.com/team-a/web")
    assert not spec.permits_source("https://git.example.com/team-b/web.git")
    assert spec.permits_destination(namespace="team-a-prod", cluster="in-cluster")
    assert not spec.permits_destination(namespace="kube-system", cluster="in-cluster")
    assert spec.permits_cluster_resource(group="", kind="Namespace")
    assert not spec.permits_cluster_resource(group="rbac.authorization.k8s.io", kind="ClusterRole")
    assert not spec.permits_namespaced_resource(group="", kind="ResourceQuota")
    assert spec.permits_namespaced_resource(group="apps", kind="Deployment")


def test_an_empty_project_denies_everything() -> None:
    spec = loading.load_project(PROJECT.split("spec:")[0] + "spec: {}\n", source=SOURCE).spec
    assert not spec.permits_source("https://git.example.com/team-a/web.git")
    assert not spec.permits_destination(namespace="a", cluster="in-cluster")
    assert not spec.permits_cluster_resource(group="", kind="Namespace")


def test_the_default_project_allows_everything() -> None:
    project = application.default_project()
    assert project.metadata.name == "default"
    assert project.spec.permits_source("git@anywhere:x.git")
    assert project.spec.permits_destination(namespace="kube-system", cluster="prod")
    assert project.spec.permits_cluster_resource(
        group="rbac.authorization.k8s.io", kind="ClusterRole"
    )
    dumped = project.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert loading.validate_project(dumped, source="default") == project


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("kind: Project", "kind: Application", f"{SOURCE}:2: kind: must be 'Project'"),
        (
            "  name: team-a",
            "  name: Team A",
            f"{SOURCE}:4: metadata.name: must be a DNS-1123 label",
        ),
        (
            "    - namespace: team-a-*",
            "    - namespace: team a",
            f"{SOURCE}:8: spec.destinations[0].namespace: must be 1-2048 characters",
        ),
        (
            "    - namespace: team-a-*",
            "    - name: x",
            f"{SOURCE}:8: spec.destinations[0].namespace: required field is missing",
        ),
        (
            '{group: "", kind: Namespace}',
            '{group: ""}',
            f"{SOURCE}:10: spec.clusterResourceWhitelist[0].kind: required field is missing",
        ),
        (
            "sourceRepos",
            "sourceRepo",
            f"{SOURCE}:6: spec.sourceRepo: unknown field; did you mean 'sourceRepos'?",
        ),
    ],
)
def test_invalid_projects(old: str, new: str, expected: str) -> None:
    assert old in PROJECT
    problems = problems_of(PROJECT.replace(old, new), project=True)
    assert any(problem.startswith(expected) for problem in problems), problems


# --- generated CRDs ---------------------------------------------------------------------------


def test_the_shipped_crds_are_up_to_date() -> None:
    shipped = (REPO / "deploy" / "crds" / "shipyard.dev.yaml").read_text()
    assert shipped == crds.render_crds(), (
        "regenerate with: python -m shipyard.api.crds > deploy/crds/shipyard.dev.yaml"
    )


def test_rendering_is_deterministic() -> None:
    assert crds.render_crds() == crds.render_crds()


def _walk(schema: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    found = [(path, schema)]
    for name, sub in schema.get("properties", {}).items():
        found += _walk(sub, f"{path}.{name}")
    if "items" in schema:
        found += _walk(schema["items"], f"{path}[]")
    return found


def test_the_crds_are_structural() -> None:
    documents = list(yaml.safe_load_all(crds.render_crds()))
    assert [d["metadata"]["name"] for d in documents] == [
        "applications.shipyard.dev",
        "projects.shipyard.dev",
    ]
    for document in documents:
        schema = document["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
        for path, node in _walk(schema, "root"):
            assert "type" in node, path
            assert not {"$ref", "$defs", "anyOf", "allOf", "oneOf", "title", "const"} & set(node), (
                path
            )
            assert node.get("additionalProperties", True) is not False, path
            assert "default" not in node or node["default"] is not None, path


def test_application_crd_names_columns_and_status() -> None:
    app = yaml.safe_load(crds.render_crds().split("\n---\n")[1])
    assert app["spec"]["names"]["shortNames"] == ["app", "apps"]
    version = app["spec"]["versions"][0]
    assert version["subresources"] == {"status": {}}
    columns = [(c["name"], c["jsonPath"]) for c in version["additionalPrinterColumns"]]
    assert columns == [
        ("Sync", ".status.sync.status"),
        ("Health", ".status.health.status"),
        ("Revision", ".status.sync.revision"),
        ("Age", ".metadata.creationTimestamp"),
    ]
    spec = version["schema"]["openAPIV3Schema"]["properties"]["spec"]
    source = spec["properties"]["source"]
    assert source["required"] == ["repoURL"]
    assert source["properties"]["targetRevision"]["default"] == "HEAD"
    assert spec["properties"]["syncPolicy"]["properties"]["automated"]["nullable"] is True


def test_an_unsupported_schema_fails_generation() -> None:
    class Union(application.ApplicationSpec):
        choice: int | str = 0

    with pytest.raises(ValueError, match="anyOf of 2 types"):
        crds.structural_schema(Union)
