"""Values as Helm builds them: ``--set`` parsing (pkg/strvals), -f merging, coalescing with chart
defaults and subcharts, globals, null deletion and dependency processing. Expected results were
checked against helm v3.22.0."""

from __future__ import annotations

from typing import Any

import pytest

from shipyard.core.charts import chartyaml, dependencies, setvalues, values
from shipyard.core.charts.chart import Chart, File, load_files
from shipyard.core.charts.functions import govalues


def _set(*exprs: str, as_string: bool = False) -> dict[str, Any]:
    dest: dict[str, Any] = {}
    for expr in exprs:
        setvalues.parse_into(expr, dest, as_string=as_string)
    return dest


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (
            "a=1,b=true,c=null,d=0,e=01,f=1.5,g=-3",
            {"a": 1, "b": True, "c": None, "d": 0, "e": "01", "f": "1.5", "g": -3},
        ),
        (
            "h=9223372036854775807,i=9223372036854775808",
            {"h": 2**63 - 1, "i": "9223372036854775808"},
        ),
        ("t=TRUE,u=False,n=NULL", {"t": True, "u": False, "n": None}),
        ("a.b.c=x", {"a": {"b": {"c": "x"}}}),
        ("a[0].b=1,a[1]=2", {"a": [{"b": 1}, 2]}),
        ("a[2]=1", {"a": [None, None, 1]}),
        ("a[0][1]=x", {"a": [[None, "x"]]}),
        ("a={1,2,x},b=3", {"a": [1, 2, "x"], "b": 3}),
        ("a=x\\,y,name=a\\.b", {"a": "x,y", "name": "a.b"}),
        ("dot\\.key=v", {"dot.key": "v"}),
        ("a=", {"a": ""}),
        ("a=1,", {"a": 1}),
        ("a.", {}),
        ("a[0]", {"a": []}),
        ("a=b=c", {"a": "b=c"}),
    ],
)
def test_set_parses_like_strvals(expr: str, expected: dict[str, Any]) -> None:
    assert _set(expr) == expected


def test_set_numbers_are_int64_not_float() -> None:
    parsed = _set("a=10,b=-5,c=0")
    assert all(type(v) is govalues.GoInt64 for v in parsed.values())
    assert govalues.kind_of(parsed["a"]) == "int64"


def test_set_string_keeps_text() -> None:
    assert _set("a=1,b=true,c=null", as_string=True) == {"a": "1", "b": "true", "c": "null"}


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("a", 'key "a" has no value'),
        ("a,b=1", 'key "a" has no value (cannot end with ,)'),
        ("a.b", 'key "b" has no value'),
        ("a[x]=1", 'error parsing index: strconv.Atoi: parsing "x": invalid syntax'),
        ("a[1", "error parsing index: EOF"),
        ("a[-1]=1", "negative -1 index not allowed"),
        ("a[999999999]=1", "index of 999999999 is greater than maximum supported index of 65536"),
        ("a={1,2", "list must terminate with '}'"),
        ("a[0]x=1", 'unexpected data at end of array index: "x"'),
        (
            ".".join(["k"] * 32) + "=1",
            "value name nested level is greater than maximum supported nested level of 30",
        ),
        (
            "a=1,a.b=2",
            "unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}",
        ),
        (
            "a=1,a[0]=2",
            "unable to parse key: interface conversion: interface {} is int64, not []interface {}",
        ),
    ],
)
def test_set_errors_are_helms(expr: str, message: str) -> None:
    with pytest.raises(setvalues.SetError) as raised:
        _set(expr)
    assert str(raised.value) == message


def test_set_json_and_literal() -> None:
    dest: dict[str, Any] = {}
    setvalues.parse_json_into('j={"k":[1,2,{"z":null}]},n=3,e=', dest)
    assert dest == {"j": {"k": [1.0, 2.0, {"z": None}]}, "n": 3.0, "e": None}
    literal: dict[str, Any] = {}
    setvalues.parse_literal_into("a.b=x,y=z\\n", literal)
    assert literal == {"a": {"b": "x,y=z\\n"}}


def test_set_file_reads_through_the_caller() -> None:
    dest: dict[str, Any] = {}
    setvalues.parse_file_into("cfg=path/a.txt", dest, read=lambda p: f"<{p}>")
    assert dest == {"cfg": "<path/a.txt>"}


def test_values_files_merge_tables_and_replace_lists() -> None:
    merged = values.merge_maps(
        {"a": {"b": 1, "c": [1]}, "d": 1}, {"a": {"c": [2], "e": 3}, "d": None}
    )
    assert merged == {"a": {"b": 1, "c": [2], "e": 3}, "d": None}


def _chart(
    name: str, vals: dict[str, Any], *subs: Chart, deps: str = "", version: str = "1.0.0"
) -> Chart:
    metadata = chartyaml.decode_metadata(
        f"apiVersion: v2\nname: {name}\nversion: {version}\n{deps}"
    )
    return Chart(metadata=chartyaml.validate(metadata), values=vals, dependencies=subs)


def test_coalesce_user_wins_and_null_deletes_defaults() -> None:
    chart = _chart("app", {"a": 1, "b": {"c": 2, "d": 3}, "e": "x", "keep": {"n": None}})
    result = values.coalesce_values(chart, {"a": 5, "b": {"c": None}, "e": None, "new": None})
    assert result == {"a": 5, "b": {"d": 3}, "new": None, "keep": {"n": None}}


def test_coalesce_merge_keeps_nulls() -> None:
    chart = _chart("app", {"a": 1, "b": {"c": 2}})
    assert values.coalesce_values(chart, {"a": None, "b": {"c": None}}, merge=True) == {
        "a": None,
        "b": {"c": None},
    }


def test_subchart_values_and_globals() -> None:
    sub = _chart("sub", {"x": 1, "y": 2, "global": {"g": "sub", "only": "sub"}})
    parent = _chart("app", {"sub": {"x": 10}, "global": {"g": "parent", "t": {"a": 1}}}, sub)
    result = values.coalesce_values(parent, {"sub": {"y": 20}, "global": {"t": {"b": 2}}})
    assert result["sub"] == {
        "x": 10,
        "y": 20,
        "global": {"g": "parent", "only": "sub", "t": {"a": 1, "b": 2}},
    }
    assert result["global"] == {"g": "parent", "t": {"a": 1, "b": 2}}


def test_type_mismatch_on_subchart_values() -> None:
    parent = _chart("app", {}, _chart("sub", {}))
    with pytest.raises(values.ValuesError, match=r"type mismatch on sub: %!t\(string=oops\)"):
        values.coalesce_values(parent, {"sub": "oops"})


def test_values_table_methods() -> None:
    vals = values.Values({"a": {"b": {"c": 1}}, "x": 2})
    assert vals.Table("a.b") == {"c": 1}
    assert vals.PathValue("a.b.c") == 1
    assert vals.YAML() == "a:\n  b:\n    c: 1\nx: 2\n"
    assert govalues.type_of(vals) == "chartutil.Values"


DEPS = """dependencies:
  - {name: db, version: ~1.0.0, repository: x, condition: db.enabled}
  - {name: cache, version: 1.x, repository: x, tags: [speed]}
  - {name: db, version: 1.0.0, repository: x, alias: replica, import-values: [conn]}
  - {name: lib, version: 2.0.0, repository: x, import-values: [{child: defaults, parent: imported}]}
"""


def _tree() -> Chart:
    db = _chart("db", {"enabled": True, "port": 5432, "exports": {"conn": {"dbPort": 5432}}})
    cache = _chart("cache", {"size": 1})
    lib = _chart("lib", {"defaults": {"a": 1, "b": 2}}, version="2.0.0")
    return _chart("app", {"dbPort": 1}, db, cache, lib, deps=DEPS)


@pytest.mark.parametrize(
    ("user", "enabled"),
    [
        ({}, ["db", "cache", "replica", "lib"]),
        ({"db": {"enabled": False}}, ["cache", "replica", "lib"]),
        ({"tags": {"speed": False}}, ["db", "replica", "lib"]),
        (
            {"tags": {"speed": True}, "replica": {"enabled": False}},
            ["db", "cache", "replica", "lib"],
        ),
    ],
)
def test_dependencies_enabled_by_conditions_and_tags(
    user: dict[str, Any], enabled: list[str]
) -> None:
    processed = dependencies.process(_tree(), user, warn=lambda _m: None)
    assert [sub.name for sub in processed.dependencies] == enabled


def test_import_values_both_forms_parent_wins() -> None:
    processed = dependencies.process(_tree(), {}, warn=lambda _m: None)
    assert processed.values["dbPort"] == 1  # the parent's own value beats the import
    assert processed.values["imported"] == {"a": 1, "b": 2}
    replica = processed.values["replica"]
    assert isinstance(replica, dict) and replica["port"] == 5432  # subchart defaults merged in


def test_missing_dependency_named() -> None:
    chart = _chart(
        "app", {}, deps="dependencies:\n  - {name: nope, version: 1.0.0, repository: x}\n"
    )
    with pytest.raises(
        dependencies.MissingDependencies, match="missing in charts/ directory: nope"
    ):
        dependencies.check_present(chart)


def test_load_files_sorts_files_as_helm() -> None:
    files = [
        File(name="Chart.yaml", data=b"apiVersion: v2\nname: app\nversion: 1.0.0\n"),
        File(name="values.yaml", data=b"a: 1\n"),
        File(name="templates/a.yaml", data=b"x"),
        File(name="charts/sub/Chart.yaml", data=b"name: sub\nversion: 0.1.0\n"),
        File(name="charts/_skip/Chart.yaml", data=b"broken"),
        File(name="README.md", data=b"hi"),
    ]
    chart = load_files(files, unpack=lambda _label, _data: [])
    assert chart.values == {"a": 1.0}
    assert [t.name for t in chart.templates] == ["templates/a.yaml"]
    assert [f.name for f in chart.files] == ["README.md"]
    assert chart.dependencies[0].metadata.APIVersion == "v1"


@pytest.mark.parametrize(
    ("chart_yaml", "message"),
    [
        ("apiVersion: v2\nversion: 1.0.0\n", "validation: chart.metadata.name is required"),
        (
            "apiVersion: v2\nname: ..\nversion: 1.0.0\n",
            'validation: chart.metadata.name ".." is not allowed',
        ),
        (
            "apiVersion: v2\nname: a/b\nversion: 1.0.0\n",
            'validation: chart.metadata.name "a/b" is invalid',
        ),
        (
            "apiVersion: v2\nname: a\nversion: one\n",
            'validation: chart.metadata.version "one" is invalid',
        ),
        (
            "apiVersion: v2\nname: a\nversion: 1.0.0\ntype: app\n",
            "validation: chart.metadata.type must be application or library",
        ),
        (
            "apiVersion: v2\nname: a\nversion: 1.0.0\nkeywords: x\n",
            "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Metadata.keywords of type []string",
        ),
        (
            "apiVersion: v2\nname: a\nversion: 1.0.0\nmaintainers:\n- name: [1]\n",
            "json: cannot unmarshal array into Go struct field Maintainer.maintainers.name of type string",
        ),
        (
            "apiVersion: v2\nname: a\nversion: 1.0.0\ndependencies:\n- {name: x, alias: a.b}\n",
            'validation: dependency "x" has disallowed characters in the alias',
        ),
    ],
)
def test_chart_yaml_errors_are_helms(chart_yaml: str, message: str) -> None:
    from shipyard.core.charts.chart import ChartLoadError

    with pytest.raises(ChartLoadError) as raised:
        load_files([File(name="Chart.yaml", data=chart_yaml.encode())], unpack=lambda _l, _d: [])
    assert message in str(raised.value)


def test_chart_yaml_scalars_become_strings() -> None:
    md = chartyaml.decode_metadata(
        'name: 3\nversion: 1.0\nappVersion: 1.10\ndescription: "a\\tb\\x01"\n'
    )
    assert (md.Name, md.Version, md.AppVersion) == ("3", "1", "1.1")
    assert chartyaml.sanitize(md.Description) == "a b"
