"""The public API of the template engine: sets, cloning, context functions, errors, objects.

How the expectations were obtained: the ``HELM_*`` cases were rendered by helm v3.22.0
(``helm template r c`` on a one-template chart ``c`` with the values of ``VALUES``); the texts
quoted are helm's output or its error with the ``Error: `` prefix removed. ``include`` and
``tpl`` below follow Helm's documented behaviour (``ExecuteTemplate`` on the set; ``tpl``
parses into a clone under the set's name and deletes ``<no value>``). The Go cases were run
through Go 1.26's text/template (struct methods declared as in the comments). The remaining
tests check API contracts of our own (cache, clone isolation, error attributes).
"""

from __future__ import annotations

from typing import Any

import pytest

from shipyard.core import gotemplate
from shipyard.core.gotemplate import ANY, Func, FuncError, TemplateSet, quoting

VALUES: dict[str, Any] = {
    "a": 1.0,
    "big": 1000000.0,
    "f": 1.5,
    "nil": None,
    "list": ["a", 1.0, None],
}


def _include(tset: TemplateSet, name: str, data: Any) -> str:
    return tset.execute(name, data)


def _tpl(tset: TemplateSet, text: str, data: Any) -> str:
    clone = tset.clone()
    try:
        out = clone.parse(clone.name, text).execute(data)
    except gotemplate.ExecError as exc:
        raise FuncError(
            f"error during tpl function execution for {quoting.quote(text)}: {exc}"
        ) from exc
    return out.replace("<no value>", "")


HELM_FUNCS = {
    "include": Func(fn=_include, params=("string", ANY), context=True),
    "tpl": Func(fn=_tpl, params=("string", ANY), context=True),
}


def _helm_render(files: dict[str, str], name: str) -> str:
    tset = TemplateSet("gotpl", funcs=HELM_FUNCS, missing_key="zero")
    for file_name, text in files.items():
        tset.parse(file_name, text)
    data = {"Values": VALUES, "Release": {"Name": "r", "Service": "Helm"}}
    return tset.execute(name, data).replace("<no value>", "")


def test_helm_prints_missing_values_as_empty_and_numbers_as_go_does() -> None:
    text = (
        'x: "{{ .Values.q }}|{{ .Release.Foo }}|{{ "<no value>" }}|{{ print .Values.q }}|'
        '{{ .Values.nil }}|{{ .Values.big }}|{{ .Values.f }}|{{ .Values.list }}|{{ .Release.Name }}"\n'
    )
    out = _helm_render({"c/templates/x.yaml": text}, "c/templates/x.yaml")
    assert out == 'x: "|||<nil>||1e+06|1.5|[a 1 <nil>]|r"\n'


def test_helm_tpl_defines_are_visible_to_include_inside_tpl() -> None:
    text = 'x: {{ tpl "{{ define \\"t1\\" }}T1{{ end }}{{ include \\"t1\\" . }}-{{ .Values.a }}" . }}\n'
    files = {"c/templates/x.yaml": text}
    assert _helm_render(files, "c/templates/x.yaml") == "x: T1-1\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"c/templates/x.yaml": "x: {{ .Values.q.b }}\n"},
            'template: c/templates/x.yaml:1:13: executing "c/templates/x.yaml" at <.Values.q.b>: '
            "nil pointer evaluating interface {}.b",
        ),
        (
            {"c/templates/x.yaml": "x: {{ .Values.a.b }}\n"},
            'template: c/templates/x.yaml:1:13: executing "c/templates/x.yaml" at <.Values.a.b>: '
            "can't evaluate field b in type interface {}",
        ),
        (
            {"c/templates/x.yaml": 'x: {{ include "nope" . }}\n'},
            'template: c/templates/x.yaml:1:6: executing "c/templates/x.yaml" at <include "nope" .>: '
            'error calling include: template: no template "nope" associated with template "gotpl"',
        ),
        (
            {
                "c/templates/_helpers.tpl": '{{ define "c.bad" }}{{ .Values.q.b }}{{ end }}',
                "c/templates/x.yaml": 'x: {{ include "c.bad" . }}\n',
            },
            'template: c/templates/x.yaml:1:6: executing "c/templates/x.yaml" at <include "c.bad" .>: '
            'error calling include: template: c/templates/_helpers.tpl:1:30: executing "c.bad" at '
            "<.Values.q.b>: nil pointer evaluating interface {}.b",
        ),
        (
            {
                "c/templates/_helpers.tpl": '{{ define "c.bad" }}{{ .Values.q.b }}{{ end }}',
                "c/templates/x.yaml": 'x: {{ template "c.bad" . }}\n',
            },
            'template: c/templates/_helpers.tpl:1:30: executing "c.bad" at <.Values.q.b>: '
            "nil pointer evaluating interface {}.b",
        ),
        (
            {"c/templates/x.yaml": 'x: {{ tpl "{{ .Values.q.b }}" . }}\n'},
            'template: c/templates/x.yaml:1:6: executing "c/templates/x.yaml" at <tpl "{{ .Values.q.b }}" .>: '
            'error calling tpl: error during tpl function execution for "{{ .Values.q.b }}": '
            'template: gotpl:1:10: executing "gotpl" at <.Values.q.b>: nil pointer evaluating interface {}.b',
        ),
    ],
)
def test_helm_execution_errors(files: dict[str, str], expected: str) -> None:
    with pytest.raises(gotemplate.ExecError) as info:
        _helm_render(files, "c/templates/x.yaml")
    assert str(info.value) == expected


def test_helm_parse_error_location_and_detail() -> None:
    with pytest.raises(gotemplate.ParseError) as info:
        _helm_render({"c/templates/x.yaml": "a\nx: {{ .Values.q.b }\n"}, "c/templates/x.yaml")
    # helm: Error: parse error at (c/templates/x.yaml:2): unexpected "}" in operand
    assert info.value.location == "c/templates/x.yaml:2"
    assert info.value.detail == 'unexpected "}" in operand'
    assert info.value.line == 2


def test_exec_error_attributes() -> None:
    tset = TemplateSet("gotpl", missing_key="zero")
    tset.parse("f.yaml", "line1\n  é {{ .a.b }}")
    with pytest.raises(gotemplate.ExecError) as info:
        tset.execute("f.yaml", {})
    error = info.value
    assert (error.name, error.location, error.line, error.column) == (
        "f.yaml",
        "f.yaml:2:10",
        2,
        10,
    )  # byte column, as Go
    assert error.detail == "nil pointer evaluating interface {}.b"
    assert isinstance(error, gotemplate.TemplateError)


def test_unknown_template_is_reported_as_go_does() -> None:
    tset = TemplateSet("root")
    with pytest.raises(gotemplate.TemplateNotFound) as info:
        tset.execute("x", None)
    assert str(info.value) == 'template: no template "x" associated with template "root"'


def test_later_parse_replaces_definitions_unless_empty() -> None:
    tset = TemplateSet("gotpl")
    tset.parse("a.tpl", '{{ define "x" }}first{{ end }}')
    tset.parse("b.tpl", '{{ define "x" }}second{{ end }}')
    assert tset.execute("x", None) == "second"
    tset.parse("c.tpl", '{{ define "x" }}  {{ end }}')
    assert tset.execute("x", None) == "second"
    assert sorted(tset.names()) == ["a.tpl", "b.tpl", "c.tpl", "x"]
    assert "x" in tset
    assert tset.lookup("missing") is None


def test_empty_parse_returns_its_own_template_without_replacing() -> None:
    tset = TemplateSet("gotpl")
    tset.parse("gotpl", "outer")
    inner = tset.parse("gotpl", "{{/* only a comment */}}")
    assert inner.execute(None) == ""
    assert tset.execute("gotpl", None) == "outer"


def test_clone_isolates_new_definitions() -> None:
    tset = TemplateSet("gotpl")
    tset.parse("base", '{{ define "x" }}base{{ end }}')
    clone = tset.clone(funcs={"shout": Func(fn=str.upper, params=("string",))})
    clone.parse("extra", '{{ define "x" }}clone{{ end }}{{ shout "hi" }}')
    assert clone.execute("x", None) == "clone"
    assert clone.execute("extra", None) == "HI"
    assert tset.execute("x", None) == "base"
    with pytest.raises(gotemplate.ParseError, match='function "shout" not defined'):
        tset.parse("y", '{{ shout "hi" }}')


def test_parse_results_are_cached_per_text_and_function_names() -> None:
    one, two = TemplateSet("gotpl"), TemplateSet("gotpl")
    one.parse("a", "{{ 1 }}")
    two.parse("a", "{{ 1 }}")
    assert one.lookup_tree("a") is two.lookup_tree("a")
    other = TemplateSet("gotpl", funcs={"f": Func(fn=lambda: 1)})
    other.parse("a", "{{ 1 }}")
    assert other.lookup_tree("a") is not one.lookup_tree("a")


@pytest.mark.parametrize("mode", ["default", "invalid", "zero", "error"])
def test_missing_key_modes_are_accepted(mode: str) -> None:
    assert TemplateSet("gotpl", missing_key=mode).missing_key == mode


def test_unknown_missing_key_mode_is_rejected() -> None:
    with pytest.raises(ValueError, match="missingkey=bogus"):
        TemplateSet("gotpl", missing_key="bogus")


def test_plain_callables_take_any_arguments() -> None:
    tset = TemplateSet("gotpl", funcs={"join": lambda *a: "-".join(map(str, a))})
    tset.parse("t", '{{ join 1 "b" 2.5 }}')
    assert tset.execute("t", None) == "1-b-2.5"


def test_deep_recursion_is_reported_as_go_depth_error() -> None:
    tset = TemplateSet("gotpl")
    tset.parse("d1", '{{ define "a" }}{{ template "a" }}{{ end }}')
    tset.parse("t.yaml", '{{ template "a" }}')
    with pytest.raises(gotemplate.ExecError) as info:
        tset.execute("t.yaml", None)
    # Go 1.26: same message, reached at depth 100000
    assert str(info.value) == (
        'template: d1:1:28: executing "a" at <{{template "a"}}>: exceeded maximum template depth (100000)'
    )


class _Inner:
    __go_type__ = "*main.Inner"

    def __init__(self, value: str) -> None:
        self.V = value

    def String(self) -> str:
        return f"Inner({self.V})"


class _Obj:
    """Go: type Obj struct { Name string; Port int; Tags []string; Inner *Inner }."""

    __go_type__ = "*main.Obj"

    def __init__(self) -> None:
        self.Name = "web"
        self.Port = 80
        self.Tags = ["a", "b"]
        self.Inner = _Inner("v")

    @gotemplate.method("string")
    def Get(self, key: str) -> str:
        return "got:" + key

    @gotemplate.method("int", "int")
    def Sum(self, a: int, b: int) -> int:
        return a + b

    @gotemplate.method("string", variadic="string")
    def Join(self, sep: str, *parts: str) -> str:
        return sep.join(parts)

    @gotemplate.method()
    def Fail(self) -> str:
        raise FuncError("method failed")


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # Go 1.26 text/template on &Obj{...} with the methods above
        (
            "{{ .obj.Name }} {{ .obj.Port }} {{ .obj.Tags }} {{ .obj.Inner }} {{ .obj.Inner.V }}",
            "web 80 [a b] Inner(v) v",
        ),
        (
            '{{ .obj.Get "x" }} {{ "y" | .obj.Get }} {{ .obj.Sum 1 2 }} {{ 2 | .obj.Sum 1 }}',
            "got:x got:y 3 3",
        ),
        ('{{ .obj.Join "-" "a" "b" }} {{ .obj.Join "," }}', "a-b "),
        ("{{ with .obj }}{{ .Name }}{{ end }} {{ $o := .obj }}{{ $o.Inner.V }}", "web v"),
        (
            "{{ .obj.Get }}",
            'template: t.yaml:1:7: executing "t.yaml" at <.obj.Get>: wrong number of args for Get: want 1 got 0',
        ),
        (
            "{{ .obj.Get 1 }}",
            'template: t.yaml:1:12: executing "t.yaml" at <1>: expected string; found 1',
        ),
        (
            "{{ .obj.Fail }}",
            'template: t.yaml:1:7: executing "t.yaml" at <.obj.Fail>: error calling Fail: method failed',
        ),
        (
            "{{ .obj.Name 1 }}",
            'template: t.yaml:1:7: executing "t.yaml" at <.obj.Name>: Name has arguments but cannot be invoked as function',
        ),
        (
            "{{ .obj.Nope }}",
            'template: t.yaml:1:7: executing "t.yaml" at <.obj.Nope>: can\'t evaluate field Nope in type interface {}',
        ),
    ],
)
def test_struct_fields_and_methods(text: str, expected: str) -> None:
    tset = TemplateSet("gotpl", missing_key="zero")
    tset.parse("t.yaml", text)
    try:
        out = tset.execute("t.yaml", {"obj": _Obj()})
    except gotemplate.ExecError as exc:
        out = str(exc)
    assert out == expected


class _Values(dict[str, Any]):
    """Like chartutil.Values: a map type whose methods win over its keys."""

    __go_methods__ = ("AsMap",)

    def AsMap(self) -> dict[str, Any]:
        return dict(self)


def test_map_type_methods_win_over_keys() -> None:
    tset = TemplateSet("gotpl", missing_key="zero")
    tset.parse("t", "{{ .v.AsMap }} {{ .v.k }} {{ .v.missing }}")
    assert tset.execute("t", {"v": _Values(k="x", AsMap="shadowed")}) == (
        "map[AsMap:shadowed k:x] x <no value>"
    )
