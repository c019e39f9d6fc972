"""Pure parts of the sync engine: parsing with limits, tracking ids, ordering, diffs, masking."""

from __future__ import annotations

from typing import Any

import pytest

from shipyard import errors
from shipyard.core import diff, manifests, ordering, tracking

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata: {{a: b}}\n"


def _cm(name: str, **metadata: Any) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, **metadata}}


def test_parse_multi_document_and_lists() -> None:
    text = (
        CM.format(name="one")
        + "---\n---\n"
        + (
            "apiVersion: v1\nkind: List\nitems:\n"
            "- {apiVersion: v1, kind: Secret, metadata: {name: two}}\n"
        )
    )
    documents = manifests.parse(text, source="app.yaml")
    assert [d.manifest["metadata"]["name"] for d in documents] == ["one", "two"]
    assert [d.line for d in documents] == [1, 8]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kind: ConfigMap\nmetadata: {name: x}\n", "app.yaml:1: apiVersion is missing"),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: []\n", "app.yaml:1: metadata is missing or not a mapping"),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n", "is not a valid Kubernetes name"),
        ("- a\n- b\n", "must be a mapping, not list"),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {a: 1}}\n", "labels must map strings to strings"),
        ("a: [unclosed\n", "app.yaml:2: invalid YAML"),
        ("apiVersion: v1\nkind: X\nmetadata: {name: x, namespace: 3}\n", "metadata.namespace is not a valid"),
    ],
)  # fmt: skip
def test_parse_errors_name_file_and_line(text: str, expected: str) -> None:
    with pytest.raises(errors.UserError) as caught:
        manifests.parse(text, source="app.yaml")
    assert expected in str(caught.value)


def test_parse_reports_every_problem_at_once() -> None:
    text = "kind: A\nmetadata: {name: a}\n---\napiVersion: v1\nkind: B\nmetadata: {}\n"
    with pytest.raises(errors.UserError) as caught:
        manifests.parse(text, source="f.yaml")
    message = str(caught.value)
    assert "f.yaml:1: apiVersion is missing" in message
    assert "f.yaml:4: metadata.name is missing" in message


def test_alias_bomb_is_bounded() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 9):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        lines.append(f"{name}: &{name} [{','.join(['*' + previous] * 10)}]")
    text = "\n".join(lines) + "\n"
    with pytest.raises(errors.UserError, match="alias expansion bomb"):
        manifests.parse(text, source="bomb.yaml")


def test_deep_nesting_is_bounded() -> None:
    text = "a: " + "[" * 150 + "]" * 150 + "\n"
    with pytest.raises(errors.UserError, match="nested"):
        manifests.parse(text, source="deep.yaml")


def test_empty_documents_are_skipped() -> None:
    assert manifests.parse("---\n", source="e.yaml") == []
    assert manifests.parse("", source="e.yaml") == []


def test_tracking_id_round_trip_and_copies_are_not_owned() -> None:
    app = tracking.AppKey(namespace="shipyard", name="web")
    live = _cm("settings", namespace="prod")
    ref = manifests.ref_of(live)
    live["metadata"]["annotations"] = {tracking.ANNOTATION: tracking.tracking_id(app=app, ref=ref)}
    assert tracking.owner_of(live) == app
    copy = _cm("other", namespace="prod", annotations=live["metadata"]["annotations"])
    assert tracking.owner_of(copy) is None
    assert tracking.owner_of(_cm("x", annotations={tracking.ANNOTATION: "garbage"})) is None


@pytest.mark.parametrize(
    ("entry", "api_version", "kind", "namespace", "name"),
    [
        ("apps/v1/Deployment:prod/web", "apps/v1", "Deployment", "prod", "web"),
        ("v1/Namespace:/prod", "v1", "Namespace", "", "prod"),
        ("example.com/v1alpha1/Widget:ns/w", "example.com/v1alpha1", "Widget", "ns", "w"),
    ],
)
def test_inventory_entries(
    entry: str, api_version: str, kind: str, namespace: str, name: str
) -> None:
    parsed = tracking.parse_inventory_entry(entry)
    assert parsed is not None
    assert parsed[0] == api_version
    assert (parsed[1].kind, parsed[1].namespace, parsed[1].name) == (kind, namespace, name)
    assert tracking.inventory_entry(api_version=parsed[0], ref=parsed[1]) == entry


@pytest.mark.parametrize("entry", ["", "nonsense", "v1/ConfigMap", "v1/ConfigMap:a/b/c"])
def test_malformed_inventory_entries(entry: str) -> None:
    assert tracking.parse_inventory_entry(entry) is None


def _obj(kind: str, name: str, wave: str | None = None) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name}
    if wave is not None:
        metadata["annotations"] = {ordering.WAVE_ANNOTATION: wave}
    group = {"Deployment": "apps/v1", "CustomResourceDefinition": "apiextensions.k8s.io/v1"}
    return {"apiVersion": group.get(kind, "v1"), "kind": kind, "metadata": metadata}


def test_stages_put_prerequisites_first_then_waves_then_install_order() -> None:
    objects = [
        _obj("Deployment", "web"),
        _obj("Service", "web"),
        _obj("Widget", "w"),
        _obj("ConfigMap", "late", wave="5"),
        _obj("Namespace", "prod"),
        _obj("CustomResourceDefinition", "widgets.example.com"),
        _obj("ConfigMap", "early", wave="-1"),
    ]
    stages = [
        (name, [o["metadata"]["name"] for o in objs]) for name, objs in ordering.stages(objects)
    ]
    assert stages == [
        ("prerequisites", ["prod", "widgets.example.com"]),
        ("wave -1", ["early"]),
        ("wave 0", ["web", "web", "w"]),
        ("wave 5", ["late"]),
    ]


def test_malformed_wave_is_an_error() -> None:
    with pytest.raises(ValueError, match="is not an integer"):
        ordering.wave_of(_obj("ConfigMap", "x", wave="soon"))


def test_prune_order_deletes_workloads_before_namespaces() -> None:
    refs = [manifests.ref_of(_obj(kind, "x")) for kind in ("Namespace", "Deployment", "ConfigMap")]
    assert [r.kind for r in ordering.prune_order(refs)] == ["Deployment", "ConfigMap", "Namespace"]


def test_compare_ignores_bookkeeping_and_status() -> None:
    live = _cm("a", resourceVersion="7", uid="u", managedFields=[{"manager": "x"}])
    live["status"] = {"phase": "whatever"}
    live["data"] = {"k": "v"}
    desired = _cm("a", resourceVersion="8")
    desired["data"] = {"k": "v"}
    assert diff.compare(desired=desired, live=live).equal


def test_compare_shows_changes_as_unified_yaml() -> None:
    live = {**_cm("a"), "data": {"k": "old"}}
    desired = {**_cm("a"), "data": {"k": "new"}}
    result = diff.compare(desired=desired, live=live)
    assert not result.equal
    assert "-  k: old" in result.text and "+  k: new" in result.text


def test_ignore_differences_by_json_pointer_and_manager() -> None:
    live: dict[str, Any] = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "managedFields": [
            {"manager": "hpa", "fieldsV1": {"f:spec": {"f:replicas": {}}}}]},
        "spec": {"replicas": 5, "paused": False},
    }  # fmt: skip
    desired: dict[str, Any] = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": 2, "paused": True},
    }  # fmt: skip
    by_pointer = diff.Ignore(group="apps", kind="Deployment", json_pointers=("/spec/replicas",))
    assert not diff.compare(desired=desired, live=live, ignores=[by_pointer]).equal
    both = diff.Ignore(
        group="apps", kind="Deployment", json_pointers=("/spec/paused",), managers=("hpa",)
    )
    assert diff.compare(desired=desired, live=live, ignores=[both]).equal
    other_kind = diff.Ignore(group="apps", kind="StatefulSet", json_pointers=("/spec",))
    assert not diff.compare(desired=desired, live=live, ignores=[other_kind]).equal


def test_secret_values_are_masked_consistently() -> None:
    def secret(**data: str) -> dict[str, Any]:
        return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "annotations": {
            diff.LAST_APPLIED: '{"data":{"password":"c2VjcmV0"}}'}}, "data": data}  # fmt: skip

    result = diff.compare(
        desired=secret(password="bmV3", user="YWRtaW4="),
        live=secret(password="b2xk", user="YWRtaW4="),
    )
    assert not result.equal
    for value in ("bmV3", "b2xk", "YWRtaW4=", "c2VjcmV0"):
        assert value not in result.text
    assert "password: ++++++++" in result.text
    masked = diff.masked(secret(password="c2VjcmV0"))
    assert masked["data"]["password"].startswith("+") and "c2VjcmV0" not in str(masked)
