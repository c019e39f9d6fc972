"""The pure pieces around chart rendering: glob dialects, .helmignore, version ranges, manifest
splitting and ordering, hooks, kube versions, .Files and values.schema.json reports. Expected
results were checked against helm v3.22.0 (and Go's filepath.Match, gobwas/glob)."""

from __future__ import annotations

import pytest

from shipyard.core.charts import (
    capabilities,
    chartfiles,
    constraints,
    globbing,
    goformat,
    ignoring,
    output,
    schemas,
)
from shipyard.core.charts.rendering import RenderError, template_order
from shipyard.core.gotemplate import executing


@pytest.mark.parametrize(
    ("pattern", "name", "matched"),
    [
        ("templates/*.yaml", "templates/a.yaml", True),
        ("templates/*.yaml", "templates/sub/a.yaml", False),
        ("templates/?.yaml", "templates/a.yaml", True),
        ("templates/[a-c].yaml", "templates/b.yaml", True),
        ("templates/[^a-c].yaml", "templates/d.yaml", True),
        ("charts/*/templates/x.yaml", "charts/sub/templates/x.yaml", True),
        ("a\\*b", "a*b", True),
    ],
)
def test_filepath_match(pattern: str, name: str, matched: bool) -> None:
    assert globbing.match_path(pattern, name) is matched


@pytest.mark.parametrize("pattern", ["[", "a[", "[]a]", "a\\"])
def test_filepath_match_bad_patterns(pattern: str) -> None:
    with pytest.raises(globbing.BadPattern):
        globbing.check_path_pattern(pattern)


@pytest.mark.parametrize(
    ("pattern", "name", "matched"),
    [
        ("files/**", "files/a/b.txt", True),
        ("files/*", "files/a/b.txt", False),
        ("files/*.{txt,md}", "files/a.md", True),
        ("files/[!a]*", "files/b.txt", True),
        ("files/[!a]*", "files/a.txt", False),
        ("[", "anything/at/all", True),  # does not compile: Helm falls back to **
    ],
)
def test_files_glob(pattern: str, name: str, matched: bool) -> None:
    assert (globbing.compile_files_glob(pattern).fullmatch(name) is not None) is matched


@pytest.mark.parametrize(
    ("rules", "path", "is_dir", "ignored"),
    [
        ("*.key\n", "files/a.key", False, True),
        ("*.key\n", "files/a.txt", False, False),
        ("ignored/\n", "ignored", True, True),
        ("ignored/\n", "ignored", False, False),
        ("/top.txt\n", "top.txt", False, True),
        ("/top.txt\n", "sub/top.txt", False, False),
        ("files/*.txt\n", "files/a.txt", False, True),
        ("!keep.txt\n", "other.txt", False, True),  # Helm's negation ignores what it misses
        ("# comment\n\n", "a.txt", False, False),
        ("", "templates/.hidden.yaml", False, True),  # Helm's default rule
    ],
)
def test_helmignore(rules: str, path: str, is_dir: bool, ignored: bool) -> None:
    assert ignoring.parse_rules(rules).ignores(path, is_dir=is_dir) is ignored


def test_helmignore_refuses_double_star() -> None:
    with pytest.raises(ignoring.IgnoreError, match=r"double-star \(\*\*\) syntax is not supported"):
        ignoring.parse_rules("a/**/b\n")


@pytest.mark.parametrize(
    ("constraint", "version", "ok"),
    [
        ("^1.2.0", "1.5.0", True),
        ("^1.2.0", "2.0.0", False),
        ("~1.2", "1.2.9", True),
        ("~1.2", "1.3.0", False),
        (">=1.0 <2.0", "1.9.9", True),
        (">=1.0, <2.0", "2.0.0", False),
        ("1.x", "1.4.0", True),
        ("*", "1.0.0-rc1", False),  # pre-releases need a pre-release in the range
        (">=1.0.0-0", "1.0.0-rc1", True),
        ("1.2 - 1.4", "1.4.5", True),
        ("1.0.0 || 2.0.0", "2.0.0", True),
        ("", "1.0.0", False),
        ("1.0.0", "not-a-version", False),
        (">=1.20.0-0", "v1.37.0", True),
    ],
)
def test_version_ranges(constraint: str, version: str, ok: bool) -> None:
    assert constraints.is_compatible(constraint, version) is ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.29", ("v1.29", "1", "29")),
        ("v1.29.3-gke.100", ("v1.29.3", "1", "29")),
        ("1.30.2", ("v1.30.2", "1", "30")),
    ],
)
def test_kube_versions(text: str, expected: tuple[str, str, str]) -> None:
    kube = capabilities.parse_kube_version(text)
    assert (kube.Version, kube.Major, kube.Minor) == expected
    assert goformat.format_value(kube) == f"{{{expected[0]} {expected[1]} {expected[2]}}}"
    printed: list[str] = []
    executing.print_value(printed, kube)  # {{ .Capabilities.KubeVersion }}: String()
    assert printed == [expected[0]]


@pytest.mark.parametrize("text", ["1", "x1.2", "01.2"])
def test_bad_kube_versions(text: str) -> None:
    with pytest.raises(capabilities.InvalidKubeVersion):
        capabilities.parse_kube_version(text)


def test_api_versions() -> None:
    caps = capabilities.build(extra_api_versions=["example.com/v1"])
    assert caps.APIVersions.Has("apps/v1") and caps.APIVersions.Has("example.com/v1")
    assert not caps.APIVersions.Has("apps/v1/Deployment")
    assert caps.KubeVersion.Version == "v1.37.0"


@pytest.mark.parametrize(
    ("text", "documents"),
    [
        ("a: 1\n---\nb: 2\n", ["a: 1", "b: 2"]),
        ("---\na: 1\n--- \n# c\n", ["a: 1", "# c"]),
        ("a: 1\n---\n---\nb: 2", ["a: 1", "---\nb: 2"]),
        ("  \n", []),
        ("a: |\n  x\n  ---\n  y\n", ["a: |\n  x\n  ---\n  y"]),  # indented: not a separator
    ],
)
def test_split_manifests(text: str, documents: list[str]) -> None:
    assert output.split_manifests(text) == documents


def test_sorting_kinds_and_hooks() -> None:
    files = {
        "c/templates/b.yaml": "kind: Service\n---\nkind: Zed\n---\nkind: Alpha\n---\nkind: Namespace\n",
        "c/templates/a.yaml": "kind: Deployment\n---\nkind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install\n",
        "c/templates/_p.tpl": "kind: Pod\n",
        "c/templates/h.yaml": "kind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: nope\n",
    }
    ordered = output.sort_manifests(files)
    assert [d.kind for d in ordered.manifests] == [
        "Namespace",
        "Service",
        "Deployment",
        "Alpha",
        "Zed",
    ]
    assert [d.kind for d in ordered.hooks] == ["Job"]
    assert ordered.skipped == ('info: skipping unknown hook: "nope"',)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("just text", "json: cannot unmarshal string into Go value of type releaseutil.SimpleHead"),
        (
            "metadata:\n  name: [x]",
            "json: cannot unmarshal array into Go struct field .metadata.name of type string",
        ),
        ("metadata: []", "Go struct field SimpleHead.metadata of type struct"),
        (
            "metadata:\n  annotations: 3",
            "Go struct field .metadata.annotations of type map[string]string",
        ),
    ],
)
def test_manifest_head_errors(document: str, message: str) -> None:
    with pytest.raises(RenderError) as raised:
        output.sort_manifests({"c/templates/a.yaml": document})
    assert str(raised.value).startswith(
        "YAML parse error on c/templates/a.yaml: error unmarshaling JSON"
    )
    assert message in str(raised.value)


def test_template_parse_order() -> None:
    names = ["c/templates/a.yaml", "c/charts/s/templates/b.yaml", "c/templates/b.yaml", "c/x.yaml"]
    assert template_order(names) == [
        "c/charts/s/templates/b.yaml",
        "c/templates/b.yaml",
        "c/templates/a.yaml",
        "c/x.yaml",
    ]


def test_files_object() -> None:
    files = chartfiles.Files({"conf/a.txt": b"x\ny\n", "conf/b.bin": b"\x00\x01", "other.txt": b""})
    assert files.Get("conf/a.txt") == "x\ny\n" and files.Get("missing") == ""
    assert files.Lines("conf/a.txt") == ["x", "y"] and files.Lines("other.txt") == []
    assert sorted(files.Glob("conf/*")) == ["conf/a.txt", "conf/b.bin"]
    assert files.Glob("conf/*.txt").AsConfig() == "a.txt: |\n  x\n  y"
    assert files.Glob("conf/*").AsSecrets() == "a.txt: eAp5Cg==\nb.bin: AAE="


SCHEMA = b"""{
  "type": "object",
  "required": ["replicas", "missing"],
  "properties": {
    "replicas": {"type": "integer", "minimum": 2},
    "name": {"enum": ["a", "b"]},
    "image": {"type": "object", "additionalProperties": false, "properties": {"repo": {"$ref": "#/$defs/text"}}},
    "ports": {"type": "array", "items": {"type": "string"}, "minItems": 3}
  },
  "$defs": {"text": {"type": "string"}}
}"""


def test_schema_report_like_helm() -> None:
    report = schemas.validate(
        SCHEMA, {"replicas": 1, "name": "abc", "image": {"tag": "1", "repo": 3.0}, "ports": [80.0]}
    )
    assert report == (
        "- at '': missing property 'missing'\n"
        "- at '/image': validation failed\n"
        "  - at '/image/repo': got number, want string\n"
        "  - at '/image': additional properties 'tag' not allowed\n"
        "- at '/name': value must be one of 'a', 'b'\n"
        "- at '/ports': validation failed\n"
        "  - at '/ports': minItems: got 1, want 3\n"
        "  - at '/ports/0': got number, want string\n"
        "- at '/replicas': minimum: got 1, want 2"
    )
    assert schemas.validate(SCHEMA, {"replicas": 3, "missing": 1}) is None


def test_schema_cycles_and_remote_refs_are_bounded() -> None:
    assert schemas.validate(b'{"$ref": "#"}', {}) == (
        "- at '': both /$ref and  resolve to \"file:///values.schema.json#\" causing reference cycle"
    )
    with pytest.raises(schemas.SchemaError, match="reads no schema from the network"):
        schemas.validate(b'{"$ref": "http://169.254.169.254/schema.json"}', {})
