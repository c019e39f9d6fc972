"""Lexing and parsing: Go's parse errors and parse trees.

How the expectations were obtained: each text was parsed by Go 1.26's ``text/template`` (the
Go version helm v3.22.0 is built with) into a set whose function map has the names of ``FUNCS``.
For ``PARSE`` the recorded value is the parse error (``kind == "parse"``) or, for texts that
parse, the execution outcome, which is not checked here. For ``TREES`` it is, for every template
of the set in name order, ``NAME=`` + ``tree.Root.String()`` (Go's canonical printing of the
tree), which pins down what the parser built: pipelines, chains, declarations, ``else if``.
"""

from __future__ import annotations

import pytest

from shipyard.core import gotemplate
from shipyard.core.gotemplate import ANY, Func

FUNCS = {
    name: Func(fn=lambda *a: None, variadic=ANY)
    for name in ("upper", "repeat", "fail", "list", "dict", "ident", "half", "isTrue", "nilval",
                 "strs", "panicky")
}  # fmt: skip

PARSE = [
    ("{{ .a b }}", "parse", 'template: t.yaml:1: function "b" not defined'),
    ("{{ | }}", "parse", 'template: t.yaml:1: unexpected "|" in command'),
    ("{{ 1 | }}", "ok", "1"),
    ("{{ ) }}", "parse", "template: t.yaml:1: unexpected right paren"),
    ("{{ ( }}", "parse", "template: t.yaml:1: unclosed left paren"),
    ("{{ (1 }}", "parse", "template: t.yaml:1: unclosed left paren"),
    ("{{ 1) }}", "parse", "template: t.yaml:1: unexpected right paren"),
    ("{{ $x := }}", "parse", "template: t.yaml:1: missing value for command"),
    ("{{ := 1 }}", "parse", 'template: t.yaml:1: unexpected ":=" in command'),
    ("{{ .a }", "parse", 'template: t.yaml:1: unexpected "}" in operand'),
    ("{{ .a", "parse", "template: t.yaml:1: unclosed action"),
    ('{{ "unterminated }}', "parse", "template: t.yaml:1: unterminated quoted string"),
    ("{{ `raw }}", "parse", "template: t.yaml:1: unterminated raw quoted string"),
    ("{{ 'c }}", "parse", "template: t.yaml:1: unterminated character constant"),
    ("{{ ~ }}", "parse", 'template: t.yaml:1: unexpected "~" in command'),
    ("{{ @ }}", "parse", 'template: t.yaml:1: unexpected "@" in command'),
    ("{{ .a.b.c!d }}", "parse", "template: t.yaml:1: bad character U+0021 '!'"),
    ("{{ $a!b }}", "parse", "template: t.yaml:1: bad character U+0021 '!'"),
    ("{{ 1x }}", "parse", 'template: t.yaml:1: bad number syntax: "1x"'),
    ("{{ 0x1g }}", "parse", 'template: t.yaml:1: bad number syntax: "0x1g"'),
    ("{{ 1.2.3 }}", "parse", 'template: t.yaml:1: unexpected ".3" in operand'),
    ("{{ /* unclosed }}", "parse", 'template: t.yaml:1: unexpected "/" in command'),
    ("{{ /* c */ x }}", "parse", 'template: t.yaml:1: unexpected "/" in command'),
    ("line1\n{{ if true }}\nline3\n", "parse", "template: t.yaml:4: unexpected EOF"),
    (
        "a\n\n{{ .a \n 1 }}",
        "exec",
        'template: t.yaml:3:3: executing "t.yaml" at <.a>: a is not a method but has arguments',
    ),
    (
        "{{ if 1 }}\n{{ else }}\n{{ end }}\n{{ end }}",
        "parse",
        "template: t.yaml:4: unexpected {{end}}",
    ),
    ("{{ else if 1 }}", "parse", "template: t.yaml:1: unexpected {{else}}"),
    ("{{ range }}{{ end }}", "parse", "template: t.yaml:1: missing value for range"),
    ("{{ continue }}", "parse", "template: t.yaml:1: {{continue}} outside {{range}}"),
    ("{{ break }}", "parse", "template: t.yaml:1: {{break}} outside {{range}}"),
    (
        "{{ range .l }}{{ continue 1 }}{{ end }}",
        "parse",
        'template: t.yaml:1: unexpected "1" in {{continue}}',
    ),
    (
        "{{ range .l }}{{ break 1 }}{{ end }}",
        "parse",
        'template: t.yaml:1: unexpected "1" in {{break}}',
    ),
    ("{{ with }}{{ end }}", "parse", "template: t.yaml:1: missing value for with"),
    (
        "{{ 1 2 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <1>: can\'t give argument to non-function 1',
    ),
    (
        "{{ . 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <.>: can\'t give argument to non-function .',
    ),
    (
        "{{ nil 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <nil>: can\'t give argument to non-function nil',
    ),
    (
        '{{ "a" 1 }}',
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <"a">: can\'t give argument to non-function "a"',
    ),
    ("{{ .a\n}}", "ok", "1"),
    (
        "{{\n.a\n.b\n}}",
        "exec",
        'template: t.yaml:2:0: executing "t.yaml" at <.a>: a is not a method but has arguments',
    ),
    ("{{ 1.a }}", "parse", 'template: t.yaml:1: bad number syntax: "1.a"'),
    ('{{ "x".y }}', "parse", 'template: t.yaml:1: unexpected . after term "\\"x\\""'),
    ("{{ true.x }}", "parse", 'template: t.yaml:1: unexpected . after term "true"'),
    ("{{ ..a }}", "parse", 'template: t.yaml:1: unexpected . after term "."'),
    (
        '{{ define "a" }}{{ define "b" }}{{ end }}{{ end }}',
        "parse",
        "template: t.yaml:1: unexpected <define> in command",
    ),
    ('{{ block "x" }}{{ end }}', "parse", "template: t.yaml:1: missing value for block clause"),
    ('{{ block "x" 1 }}', "parse", "template: t.yaml:1: unexpected EOF"),
    (
        '{{ template "x" 1 2 }}',
        "exec",
        'template: t.yaml:1:12: executing "t.yaml" at <{{template "x" 1 2}}>: template "x" not defined',
    ),
    ("{{ if }}{{ end }}", "parse", "template: t.yaml:1: missing value for if"),
    ("{{ if 1 }}", "parse", "template: t.yaml:1: unexpected EOF"),
    ("{{ end }}", "parse", "template: t.yaml:1: unexpected {{end}}"),
    ("{{ else }}", "parse", "template: t.yaml:1: unexpected {{else}}"),
    (
        "{{ if 1 }}{{ else }}{{ else }}{{ end }}",
        "parse",
        "template: t.yaml:1: expected end; found {{else}}",
    ),
    (
        "{{ with 1 }}{{ else if 2 }}{{ end }}",
        "parse",
        "template: t.yaml:1: unexpected <if> in input",
    ),
    ("{{ define }}{{ end }}", "parse", 'template: t.yaml:1: unexpected "}}" in define clause'),
    ('{{ define "a" }}', "parse", "template: t.yaml:1: unexpected EOF"),
    ("{{ template }}", "parse", 'template: t.yaml:1: unexpected "}}" in template clause'),
    ("{{ template .a }}", "parse", 'template: t.yaml:1: unexpected ".a" in template clause'),
    ("{{ define 1 }}{{ end }}", "parse", 'template: t.yaml:1: unexpected "1" in define clause'),
    (
        "{{ range $a, $b, $c := .l }}{{ end }}",
        "parse",
        "template: t.yaml:1: too many declarations in range",
    ),
    (
        "{{ range $a, 1 := .l }}{{ end }}",
        "parse",
        "template: t.yaml:1: range can only initialize variables",
    ),
    ("{{ $x, $y := 1 }}", "parse", "template: t.yaml:1: too many declarations in command"),
    ("{{ range .l }}{{ end }}{{ $i }}", "parse", 'template: t.yaml:1: undefined variable "$i"'),
    ('{{ 1 | "x" }}', "parse", "template: t.yaml:1: non executable command in pipeline stage 2"),
    ("{{ .a | true }}", "parse", "template: t.yaml:1: non executable command in pipeline stage 2"),
    ("{{ .a | nil }}", "parse", "template: t.yaml:1: non executable command in pipeline stage 2"),
    ("{{ .a | . }}", "parse", "template: t.yaml:1: non executable command in pipeline stage 2"),
    ("{{ .a | 1 }}", "parse", "template: t.yaml:1: non executable command in pipeline stage 2"),
    (
        "{{ $x := 1 2 }}",
        "exec",
        'template: t.yaml:1:9: executing "t.yaml" at <1>: can\'t give argument to non-function 1',
    ),
    ("{{ (.a }}", "parse", "template: t.yaml:1: unclosed left paren"),
    ("{{ .a) }}", "parse", "template: t.yaml:1: unexpected right paren"),
    ("{{ .a := 1 }}", "parse", 'template: t.yaml:1: unexpected ":=" in operand'),
    ("{{ $x :- 1 }}", "parse", 'template: t.yaml:1: undefined variable "$x"'),
    ("{{ $x : 1 }}", "parse", 'template: t.yaml:1: undefined variable "$x"'),
    ('{{ "\\z" }}', "parse", "template: t.yaml:1: invalid syntax"),
    ("{{ 'ab' }}", "parse", "template: t.yaml:1: malformed character constant: 'ab'"),
    ("x\n{{/* c */ }}", "parse", "template: t.yaml:2: comment ends before closing delimiter"),
    ("{{- /* c */ -}}{{ 1 }}", "ok", "1"),
    ("{{ 1 }}{{/* unclosed", "parse", "template: t.yaml:1: unclosed comment"),
    ('{{ "a" | printf "%s" }}', "ok", "a"),
    ("{{ - 1 }}", "parse", 'template: t.yaml:1: illegal number syntax: "-"'),
    ("{{ 1 }}\n\n\n{{ .a | }}", "ok", "1\n\n\n1"),
    (
        "{{ .a\n|\nupper\n}}",
        "exec",
        'template: t.yaml:3:0: executing "t.yaml" at <upper>: wrong type for value; expected string; got float64',
    ),
]

TREES = [
    (
        "a {{ if .x }}{{ $y := 1 }}{{ else if .z }}b{{ end }}",
        "t.yaml=a {{if .x}}{{$y := 1}}{{else}}{{if .z}}b{{end}}{{end}}\n",
    ),
    (
        '{{ define "q" }}{{ range $i, $e := .l }}{{ (.a).b | printf "%d" 1 }}{{ end }}{{ end }}',
        'q={{range $i, $e := .l}}{{(.a).b | printf "%d" 1}}{{end}}\nt.yaml=\n',
    ),
    (
        "{{ with $x := .a }}{{ $x }}{{ else with .b }}c{{ else }}d{{ end }}",
        "t.yaml={{with $x := .a}}{{$x}}{{else}}{{with .b}}c{{else}}d{{end}}{{end}}\n",
    ),
    (
        '{{- /* comment */ -}}\n{{ block "blk" . }}{{ .x }}{{ end }}{{ template "blk" .y }}',
        'blk={{.x}}\nt.yaml={{template "blk" .}}{{template "blk" .y}}\n',
    ),
    (
        "{{ 1 }} {{ 1.5 }} {{ 0x10 }} {{ 'a' }} {{ \"s\\n\" }} {{ `r` }} {{ true }} {{ nil | print }}",
        "t.yaml={{1}} {{1.5}} {{0x10}} {{'a'}} {{\"s\\n\"}} {{`r`}} {{true}} {{nil | print}}\n",
    ),
    (
        "{{ range .l }}{{ break }}{{ continue }}{{ end }}{{ $a := 1 }}{{ $a = 2 }}{{ $.x.y }}{{ $a.b }}",
        "t.yaml={{range .l}}{{break}}{{continue}}{{end}}{{$a := 1}}{{$a = 2}}{{$.x.y}}{{$a.b}}\n",
    ),
    (
        '{{ (index . "a").b.c }} {{ (1) }} {{ ((.a)) }} {{ print (print 1) (.x | print) }}',
        't.yaml={{(index . "a").b.c}} {{(1)}} {{((.a))}} {{print (print 1) (.x | print)}}\n',
    ),
]


@pytest.mark.parametrize(("text", "kind", "expected"), PARSE)
def test_parse_errors_are_worded_as_go(text: str, kind: str, expected: str) -> None:
    tset = gotemplate.TemplateSet("gotpl", funcs=FUNCS)
    if kind != "parse":
        tset.parse("t.yaml", text)
        return
    with pytest.raises(gotemplate.ParseError) as info:
        tset.parse("t.yaml", text)
    assert str(info.value) == expected
    assert expected == f"template: {info.value.location}: {info.value.detail}"


@pytest.mark.parametrize(("text", "expected"), TREES)
def test_parse_trees_print_as_go(text: str, expected: str) -> None:
    tset = gotemplate.TemplateSet("gotpl", funcs=FUNCS)
    tset.parse("t.yaml", text)
    got = ""
    for name in sorted(tset.names()):
        tree = tset.lookup_tree(name)
        assert tree is not None
        got += f"{name}={tree.root}\n"
    assert got == expected


def test_trees_pickle_without_compiled_code() -> None:
    import pickle

    tset = gotemplate.TemplateSet("gotpl", funcs=FUNCS)
    tset.parse("t.yaml", '{{ define "x" }}{{ .a }}{{ end }}{{ template "x" . }}')
    assert tset.execute("t.yaml", {"a": 1}) == "1"
    tree = tset.lookup_tree("x")
    assert tree is not None and tree.compiled is not None
    copy = pickle.loads(pickle.dumps(tree))
    assert (copy.name, copy.parse_name, str(copy.root), copy.compiled) == (
        "x",
        "t.yaml",
        "{{.a}}",
        None,
    )
