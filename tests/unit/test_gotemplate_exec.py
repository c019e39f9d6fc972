"""Executing templates: outputs and errors exactly as Go's text/template produces them.

How the expectations were obtained: every row was run through Go 1.26 (the Go version helm
v3.22.0 is built with) by a small program that parses the text with ``text/template`` into a set
named "gotpl" with ``Option("missingkey=zero")`` (as Helm does), executes it on ``DATA`` decoded
from JSON (so every number is a float64, as Helm values are) and records the output or the
error string. ``FUNCS`` mirrors that program's function map, Go signatures in the comments.
The Python engine must reproduce each row byte for byte.
"""

from __future__ import annotations

from typing import Any

import pytest

from shipyard.core import gotemplate
from shipyard.core.gotemplate import ANY, Func, FuncError


def _repeat(n: int, s: str) -> str:
    if n < 0:
        raise FuncError("strings: negative Repeat count")  # Go's panic, recovered as an error
    return s * n


def _fail(msg: str) -> str:
    raise FuncError(msg)


def _dict(*v: Any) -> dict[str, Any]:
    return {v[i]: v[i + 1] for i in range(0, len(v) - 1, 2)}


def _panicky() -> str:
    raise FuncError("boom")


FUNCS = {
    "upper": Func(fn=str.upper, params=("string",)),  # strings.ToUpper(string) string
    "repeat": Func(fn=_repeat, params=("int", "string")),  # func(int, string) string
    "fail": Func(fn=_fail, params=("string",)),  # func(string) (string, error)
    "list": Func(fn=lambda *v: list(v), variadic=ANY),  # func(...interface{}) []interface{}
    "dict": Func(fn=_dict, variadic=ANY),  # func(...interface{}) map[string]interface{}
    "ident": Func(fn=lambda v: v, params=(ANY,)),  # func(interface{}) interface{}
    "half": Func(fn=lambda f: f / 2, params=("float64",)),  # func(float64) float64
    "isTrue": Func(fn=lambda b: b, params=("bool",)),  # func(bool) bool
    "nilval": Func(fn=lambda: None),  # func() interface{}
    "strs": Func(fn=lambda: ["a", "b"]),  # func() []string
    "panicky": Func(fn=_panicky),  # func() string { panic("boom") }
}

DATA: dict[str, Any] = {
    "a": 1.0,
    "s": "str",
    "f": 1.5,
    "big": 1000000.0,
    "b": True,
    "n": None,
    "l": ["x", 2.0, None, {"k": "v"}],
    "m": {"b": 2.0, "a": 1.0, "c": {"d": "deep"}},
    "e": [],
    "em": {},
    "es": "",
    "z": 0.0,
    "neg": -3.25,
    "u": "héllo wörld",
    "html": "<a href='x'>&\"</a>",
}

MISC_DATA: dict[str, Any] = {
    "a": 1.0,
    "s": "str",
    "f": 1.5,
    "l": ["x", 2.0, None, {"k": "v"}],
    "m": {"b": 2.0, "a": 1.0, "c": {"d": "deep"}, "é": "acc", "Z": 0.0, "_u": 1.0},
    "nested": {"list": [{"name": "a", "v": 1.0}, {"name": "b", "v": 2.0}]},
    "fl": [1.0, -0.0, 1e-07, 1e21, 0.0025, 123456789012.0],
    "héllo": "uni",
    "crlf": "a\r\nb",
}

EDGE_DATA: dict[str, Any] = {"a": 1.0, "m": {"k": "v"}}


def _run(text: str, data: dict[str, Any] = DATA) -> tuple[str, str]:
    tset = gotemplate.TemplateSet("gotpl", funcs=FUNCS, missing_key="zero")
    try:
        tset.parse("t.yaml", text)
    except gotemplate.ParseError as exc:
        return "parse", str(exc)
    try:
        return "ok", tset.execute("t.yaml", data)
    except gotemplate.ExecError as exc:
        return "exec", str(exc)


TEXT_AND_TRIM = [
    ("a {{- 1 -}} b", "ok", "a1b"),
    ("a  {{- 1}}  b", "ok", "a1  b"),
    ("x\n  {{- 1 }}\n  y", "ok", "x1\n  y"),
    ("{{1 -}}\n\n  z", "ok", "1z"),
    ("{{- /* c */ -}}  x", "ok", "x"),
    ("a {{/* c */}} b", "ok", "a  b"),
    ("a\n{{- /* multi\nline */}}\nb", "ok", "a\nb"),
    ("{{ -1 }}", "ok", "-1"),
    ("{{-1}}", "ok", "-1"),
    ("{{ 3 -}} {{- 4 }}", "ok", "34"),
    ("{{ 1  -}} x", "ok", "1x"),
    ("{{ 1\t-}}\tx", "ok", "1x"),
    ("{{- 1 }}", "ok", "1"),
    ('x {{- " " -}} y', "ok", "x y"),
]

LITERALS = [
    (
        "{{ 1 }} {{ 1.0 }} {{ 1e3 }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 017 }} {{ 1_000 }} {{ 'a' }} {{ '\\n' }} {{ -0 }} {{ +5 }}",
        "ok",
        "1 1 1000 31 15 5 15 1000 97 10 0 5",
    ),
    ('{{ "a\\tb\\u00e9\\x41\\101" }}', "ok", "a\tbéAA"),
    ("{{ `raw\\n` }}", "ok", "raw\\n"),
    ("{{ true }} {{ false }}", "ok", "true false"),
    (
        "{{ 1.5e-7 }} {{ 123456789.0 }} {{ 0.0001 }} {{ 0.00001 }} {{ 1e21 }} {{ 100000.0 }} {{ 1e6 }} {{ 12345678.9 }}",
        "ok",
        "1.5e-07 1.23456789e+08 0.0001 1e-05 1e+21 100000 1e+06 1.23456789e+07",
    ),
    ("{{ 0x1p-2 }} {{ 1i }} {{ 1+2i }}", "ok", "0.25 (0+1i) (1+2i)"),
    ("{{ 9223372036854775807 }}", "ok", "9223372036854775807"),
    (
        "{{ 9223372036854775808 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <9223372036854775808>: 9223372036854775808 overflows int',
    ),
    (
        "{{ 18446744073709551616 }}",
        "parse",
        'template: t.yaml:1: integer overflow: "18446744073709551616"',
    ),
    ("{{ 1e400 }}", "parse", 'template: t.yaml:1: illegal number syntax: "1e400"'),
    ("{{ 08 }}", "parse", 'template: t.yaml:1: integer overflow: "08"'),
    ("{{ 1__0 }}", "parse", 'template: t.yaml:1: illegal number syntax: "1__0"'),
    ("{{ 0x }}", "parse", 'template: t.yaml:1: illegal number syntax: "0x"'),
    ("{{ 'ab' }}", "parse", "template: t.yaml:1: malformed character constant: 'ab'"),
    ("{{ '\\q' }}", "parse", "template: t.yaml:1: invalid syntax"),
    ('{{ "\\q" }}', "parse", "template: t.yaml:1: invalid syntax"),
    ('{{ "\\\'" }}', "parse", "template: t.yaml:1: invalid syntax"),
    (
        "{{ nil }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <nil>: nil is not a command',
    ),
]

FIELDS = [
    (
        "{{ .a }}|{{ .s }}|{{ .f }}|{{ .big }}|{{ .b }}|{{ .n }}|{{ .l }}|{{ .m }}|{{ .e }}|{{ .em }}|{{ .es }}|{{ .neg }}",
        "ok",
        "1|str|1.5|1e+06|true|<no value>|[x 2 <nil> map[k:v]]|map[a:1 b:2 c:map[d:deep]]|[]|map[]||-3.25",
    ),
    ("{{ .m.c.d }}", "ok", "deep"),
    ("{{ .missing }}", "ok", "<no value>"),
    (
        "{{ .missing.x }}",
        "exec",
        'template: t.yaml:1:11: executing "t.yaml" at <.missing.x>: nil pointer evaluating interface {}.x',
    ),
    (
        "{{ .m.missing.x }}",
        "exec",
        'template: t.yaml:1:5: executing "t.yaml" at <.m.missing.x>: nil pointer evaluating interface {}.x',
    ),
    (
        "{{ .n.x }}",
        "exec",
        'template: t.yaml:1:5: executing "t.yaml" at <.n.x>: nil pointer evaluating interface {}.x',
    ),
    (
        "{{ .s.x }}",
        "exec",
        'template: t.yaml:1:5: executing "t.yaml" at <.s.x>: can\'t evaluate field x in type interface {}',
    ),
    (
        "{{ .a.x }}",
        "exec",
        'template: t.yaml:1:5: executing "t.yaml" at <.a.x>: can\'t evaluate field x in type interface {}',
    ),
    (
        "{{ .l.x }}",
        "exec",
        'template: t.yaml:1:5: executing "t.yaml" at <.l.x>: can\'t evaluate field x in type interface {}',
    ),
    ("{{ $.m.a }}", "ok", "1"),
    (
        "{{ $ }}",
        "ok",
        "map[a:1 b:true big:1e+06 e:[] em:map[] es: f:1.5 html:<a href='x'>&\"</a> l:[x 2 <nil> map[k:v]] m:map[a:1 b:2 c:map[d:deep]] n:<nil> neg:-3.25 s:str u:héllo wörld z:0]",
    ),
    ("{{ .m.c }}", "ok", "map[d:deep]"),
    ("{{ (.m).c.d }}", "ok", "deep"),
    ("{{ (.missing).x }}", "ok", "<no value>"),
    ("{{ $x := .missing }}{{ $x.y }}", "ok", "<no value>"),
    ("{{ $x := .m }}{{ $x.c.d }}", "ok", "deep"),
    (
        "{{ .m.a 1 }}",
        "exec",
        'template: t.yaml:1:5: executing "t.yaml" at <.m.a>: a is not a method but has arguments',
    ),
    (
        "{{ .a 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <.a>: a is not a method but has arguments',
    ),
    (
        "{{ 1 | .m.a }}",
        "exec",
        'template: t.yaml:1:9: executing "t.yaml" at <.m.a>: a is not a method but has arguments',
    ),
    (
        "{{ $x := 1 }}{{ $x 2 }}",
        "exec",
        'template: t.yaml:1:16: executing "t.yaml" at <$x>: can\'t give argument to non-function $x',
    ),
    (
        "{{ $x := 1 }}{{ 2 | $x }}",
        "exec",
        'template: t.yaml:1:20: executing "t.yaml" at <$x>: can\'t give argument to non-function $x',
    ),
    ("{{ nil.x }}", "parse", 'template: t.yaml:1: unexpected . after term "nil"'),
    (
        "{{ (nil).x }}",
        "exec",
        'template: t.yaml:1:4: executing "t.yaml" at <nil>: nil is not a command',
    ),
    (
        "{{ (1).x }}",
        "exec",
        'template: t.yaml:1:4: executing "t.yaml" at <1>: can\'t evaluate field x in type int',
    ),
    (
        "{{ .m.c.d.e }}",
        "exec",
        'template: t.yaml:1:5: executing "t.yaml" at <.m.c.d.e>: can\'t evaluate field e in type interface {}',
    ),
    (
        "{{ $x := 1 }}{{ $x.y.z }}",
        "exec",
        'template: t.yaml:1:18: executing "t.yaml" at <$x.y.z>: can\'t evaluate field y in type int',
    ),
    (
        "{{ .l.x.y }}",
        "exec",
        'template: t.yaml:1:5: executing "t.yaml" at <.l.x.y>: can\'t evaluate field x in type interface {}',
    ),
]

VARIABLES = [
    ("{{ $x := 1 }}{{ $x }}{{ $x = 2 }}{{ $x }}", "ok", "12"),
    ("{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}", "ok", "21"),
    ("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", "ok", "2"),
    ("{{ $y }}", "parse", 'template: t.yaml:1: undefined variable "$y"'),
    (
        "{{ if $x := 1 }}{{ $x }}{{ end }}{{ $x }}",
        "parse",
        'template: t.yaml:1: undefined variable "$x"',
    ),
    ("{{ with $x := .m }}{{ $x.a }}{{ end }}", "ok", "1"),
    ("{{ $x, $y := 1 }}", "parse", "template: t.yaml:1: too many declarations in command"),
    ("{{ $ := 5 }}{{ $ }}", "ok", "5"),
    (
        "{{ $x = 1 }}",
        "exec",
        'template: t.yaml:1:8: executing "t.yaml" at <1>: undefined variable: $x',
    ),
]

CONTROL = [
    ("{{ if .a }}A{{ end }}{{ if .z }}Z{{ else }}notZ{{ end }}", "ok", "AnotZ"),
    ("{{ if .es }}x{{ else if .e }}y{{ else if .em }}z{{ else }}w{{ end }}", "ok", "w"),
    ("{{ with .m }}{{ .a }}{{ end }}{{ with .missing }}x{{ else }}none{{ end }}", "ok", "1none"),
    ("{{ with .missing }}x{{ else with .m }}{{ .b }}{{ end }}", "ok", "2"),
    ("{{ with .es }}x{{ else with .e }}y{{ else }}z{{ end }}", "ok", "z"),
    ("{{ if .n }}x{{ else }}nil{{ end }}", "ok", "nil"),
    ("{{ range .l }}[{{ . }}]{{ end }}", "ok", "[x][2][<no value>][map[k:v]]"),
    (
        "{{ range $i, $e := .l }}{{ $i }}:{{ $e }},{{ end }}",
        "ok",
        "0:x,1:2,2:<no value>,3:map[k:v],",
    ),
    ("{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}", "ok", "a=1;b=2;c=map[d:deep];"),
    ("{{ range .m }}{{ . }}{{ end }}", "ok", "12map[d:deep]"),
    ("{{ range $v := .m }}{{ $v }}{{ end }}", "ok", "12map[d:deep]"),
    ("{{ range .e }}x{{ else }}empty{{ end }}", "ok", "empty"),
    ("{{ range .missing }}x{{ else }}none{{ end }}", "ok", "none"),
    ("{{ range 3 }}{{ . }}{{ end }}", "ok", "012"),
    ("{{ range $i := 3 }}{{ $i }}{{ end }}", "ok", "012"),
    (
        "{{ range $i, $e := 3 }}{{ end }}",
        "exec",
        'template: t.yaml:1:19: executing "t.yaml" at <3>: can\'t use 3 to iterate over more than one variable',
    ),
    ("{{ range 0 }}x{{ else }}zero{{ end }}", "ok", "zero"),
    (
        "{{ range .s }}{{ end }}",
        "exec",
        'template: t.yaml:1:9: executing "t.yaml" at <.s>: range can\'t iterate over str',
    ),
    (
        "{{ range .f }}{{ end }}",
        "exec",
        'template: t.yaml:1:9: executing "t.yaml" at <.f>: range can\'t iterate over 1.5',
    ),
    (
        "{{ range .b }}{{ end }}",
        "exec",
        'template: t.yaml:1:9: executing "t.yaml" at <.b>: range can\'t iterate over true',
    ),
    (
        "{{ range .l }}{{ if eq . 2.0 }}{{ break }}{{ end }}{{ . }}{{ end }}",
        "exec",
        'template: t.yaml:1:20: executing "t.yaml" at <eq . 2.0>: error calling eq: incompatible types for comparison: string and float64',
    ),
    (
        "{{ range .l }}{{ if eq . 2.0 }}{{ continue }}{{ end }}{{ . }},{{ end }}",
        "exec",
        'template: t.yaml:1:20: executing "t.yaml" at <eq . 2.0>: error calling eq: incompatible types for comparison: string and float64',
    ),
    (
        "{{ range .l }}{{ .x }}{{ end }}",
        "exec",
        'template: t.yaml:1:17: executing "t.yaml" at <.x>: can\'t evaluate field x in type interface {}',
    ),
    ("{{ range .l }}{{ $.a }}{{ end }}", "ok", "1111"),
    (
        "{{ range .l }}{{ .k }}{{ end }}",
        "exec",
        'template: t.yaml:1:17: executing "t.yaml" at <.k>: can\'t evaluate field k in type interface {}',
    ),
    ("{{ $i := 0 }}{{ range $i = .l }}{{ end }}{{ $i }}", "ok", "map[k:v]"),
    (
        "{{ $i := 0 }}{{ $e := 0 }}{{ range $i, $e = .l }}{{ end }}{{ $i }}{{ $e }}",
        "ok",
        "3map[k:v]",
    ),
    ("{{ range .l }}{{ with . }}{{ . }}{{ end }}{{ end }}", "ok", "x2map[k:v]"),
    (
        "{{ range $x := .l }}{{ range $x }}{{ end }}{{ end }}",
        "exec",
        'template: t.yaml:1:29: executing "t.yaml" at <$x>: range can\'t iterate over x',
    ),
]

TEMPLATES = [
    (
        '{{ define "x" }}X{{ . }}{{ end }}{{ template "x" 5 }}|{{ template "x" }}',
        "ok",
        "X5|X<no value>",
    ),
    (
        '{{ template "nope" }}',
        "exec",
        'template: t.yaml:1:12: executing "t.yaml" at <{{template "nope"}}>: template "nope" not defined',
    ),
    ('{{ block "b" .a }}B{{ . }}{{ end }}', "ok", "B1"),
    (
        '{{ define "x" }}1{{ end }}{{ define "x" }}2{{ end }}',
        "parse",
        'template: t.yaml:1: template: multiple definition of template "x"',
    ),
    ('{{ define "x" }}{{ end }}{{ define "x" }}2{{ end }}{{ template "x" }}', "ok", "2"),
    ('{{ template "x" $y := 1 }}{{ $y }}{{ define "x" }}{{ . }}{{ end }}', "ok", "11"),
    (
        '{{ define "x" }}{{ .q.w }}{{ end }}{{ template "x" . }}',
        "exec",
        'template: t.yaml:1:21: executing "x" at <.q.w>: nil pointer evaluating interface {}.w',
    ),
    ('{{ define "x" }}{{ $x := 1 }}{{ end }}{{ $x := 2 }}{{ template "x" }}{{ $x }}', "ok", "2"),
]

FUNCTIONS = [
    (
        "{{ eq 1 1 }} {{ eq 1 2 }} {{ eq .a 1.0 }} {{ eq .a 1 }}",
        "exec",
        'template: t.yaml:1:45: executing "t.yaml" at <eq .a 1>: error calling eq: incompatible types for comparison: float64 and int',
    ),
    ('{{ eq .s "str" }} {{ eq .s "x" "str" }} {{ eq .b true }}', "ok", "true true true"),
    (
        "{{ eq }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <eq>: wrong number of args for eq: want at least 1 got 0',
    ),
    (
        "{{ eq 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <eq 1>: error calling eq: missing argument for comparison',
    ),
    ("{{ eq .n nil }} {{ eq .missing nil }} {{ eq nil nil }}", "ok", "true true true"),
    (
        "{{ eq .m .m }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <eq .m .m>: error calling eq: non-comparable type map[a:%!s(float64=1) b:%!s(float64=2) c:map[d:deep]]: map[string]interface {}',
    ),
    (
        "{{ eq .l .l }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <eq .l .l>: error calling eq: non-comparable type [x %!s(float64=2) <nil> map[k:v]]: []interface {}',
    ),
    ("{{ eq .m nil }}", "ok", "false"),
    (
        "{{ eq .l 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <eq .l 1>: error calling eq: incompatible types for comparison: []interface {} and int',
    ),
    ('{{ eq "a" .missing }}', "ok", "false"),
    ('{{ ne 1 2 }} {{ ne .s "str" }}', "ok", "true false"),
    (
        "{{ ne 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <ne>: wrong number of args for ne: want 2 got 1',
    ),
    (
        "{{ lt 1 2 }} {{ lt 2 1 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 2 3 }}",
        "ok",
        "true false true true false",
    ),
    (
        "{{ lt .a 2 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <lt .a 2>: error calling lt: incompatible types for comparison: float64 and int',
    ),
    ("{{ lt .a 2.0 }}", "ok", "true"),
    ('{{ lt "a" "b" }}', "ok", "true"),
    (
        "{{ lt true false }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <lt true false>: error calling lt: invalid type for comparison',
    ),
    (
        "{{ lt .n 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <lt .n 1>: error calling lt: invalid type for comparison',
    ),
    (
        "{{ lt .m 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <lt .m 1>: error calling lt: invalid type for comparison',
    ),
    (
        "{{ gt .missing 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <gt .missing 1>: error calling gt: invalid type for comparison',
    ),
    (
        '{{ le 1 "a" }}',
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <le 1 "a">: error calling le: incompatible types for comparison: int and string',
    ),
    ("{{ ge 1.5 1.5 }}", "ok", "true"),
    ("{{ eq 'a' 97 }}", "ok", "true"),
    ("{{ eq 0x10 16 }}", "ok", "true"),
    (
        "{{ eq 1.0 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <eq 1.0 1>: error calling eq: incompatible types for comparison: float64 and int',
    ),
    (
        "{{ eq 1e2 100 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <eq 1e2 100>: error calling eq: incompatible types for comparison: float64 and int',
    ),
    ('{{ and 1 0 }} {{ and 1 2 }} {{ or 0 "" }} {{ or 0 3 }}', "ok", "0 2  3"),
    (
        "{{ and }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <and>: wrong number of args for and: want at least 1 got 0',
    ),
    ("{{ and 0 .missing.x }}", "ok", "0"),
    (
        "{{ and .missing.x 1 }}",
        "exec",
        'template: t.yaml:1:15: executing "t.yaml" at <.missing.x>: nil pointer evaluating interface {}.x',
    ),
    ("{{ or 1 .missing.x }}", "ok", "1"),
    (
        "{{ not 0 }} {{ not 1 }} {{ not .e }} {{ not .missing }} {{ not .m }}",
        "ok",
        "true false true true false",
    ),
    (
        "{{ not }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <not>: wrong number of args for not: want 1 got 0',
    ),
    ("{{ 1 | and 2 }} {{ 0 | or 0 }}", "ok", "1 0"),
    (
        "{{ and .n 1 }}|{{ or .n .missing }}|{{ or .missing .n }}",
        "ok",
        "<no value>|<no value>|<no value>",
    ),
    ("{{ len .l }} {{ len .m }} {{ len .s }} {{ len .u }} {{ len .es }}", "ok", "4 3 3 13 0"),
    (
        "{{ len .a }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <len .a>: error calling len: len of type float64',
    ),
    (
        "{{ len .missing }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <len .missing>: error calling len: len of nil pointer',
    ),
    (
        "{{ len nil }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <len nil>: error calling len: reflect: call of reflect.Value.Type on zero Value',
    ),
    (
        "{{ $x := .missing }}{{ len $x }}",
        "exec",
        'template: t.yaml:1:23: executing "t.yaml" at <len $x>: error calling len: reflect: call of reflect.Value.Type on zero Value',
    ),
    (
        '{{ index .l 0 }} {{ index .l 3 "k" }} {{ index .m "a" }} {{ index .m "zz" }} {{ index .m "c" "d" }} {{ index .s 1 }} {{ index .u 1 }}',
        "ok",
        "x v 1 <no value> deep 116 195",
    ),
    (
        "{{ index .l 4 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .l 4>: error calling index: reflect: slice index out of range',
    ),
    (
        "{{ index .l 5 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .l 5>: error calling index: index out of range: 5',
    ),
    (
        "{{ index .l -1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .l -1>: error calling index: index out of range: -1',
    ),
    (
        '{{ index .l "a" }}',
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .l "a">: error calling index: cannot index slice/array with type string',
    ),
    (
        "{{ index .m 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .m 1>: error calling index: value has type int; should be string',
    ),
    (
        "{{ index .missing 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .missing 1>: error calling index: index of untyped nil',
    ),
    (
        "{{ index nil 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index nil 1>: error calling index: index of untyped nil',
    ),
    (
        '{{ index .l 2 "x" }}',
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .l 2 "x">: error calling index: index of nil pointer',
    ),
    (
        "{{ index .a 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .a 1>: error calling index: can\'t index item of type float64',
    ),
    (
        "{{ index .l 1.0 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .l 1.0>: error calling index: cannot index slice/array with type float64',
    ),
    (
        "{{ index .l nil }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .l nil>: error calling index: cannot index slice/array with nil',
    ),
    (
        "{{ index .m nil }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .m nil>: error calling index: value is nil; should be of type string',
    ),
    ("{{ index .l }}", "ok", "[x 2 <nil> map[k:v]]"),
    (
        "{{ index .s 3 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .s 3>: error calling index: reflect: string index out of range',
    ),
    (
        "{{ index .l true }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <index .l true>: error calling index: cannot index slice/array with type bool',
    ),
    (
        "{{ slice .l 1 }} {{ slice .l 1 2 }} {{ slice .l }} {{ slice .s 1 2 }} {{ slice .u 1 3 }} {{ slice .l 0 1 2 }}",
        "ok",
        "[2 <nil> map[k:v]] [2] [x 2 <nil> map[k:v]] t é [x]",
    ),
    (
        "{{ slice .l 2 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <slice .l 2 1>: error calling slice: invalid slice index: 2 > 1',
    ),
    (
        "{{ slice .l 0 5 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <slice .l 0 5>: error calling slice: index out of range: 5',
    ),
    (
        "{{ slice .s 0 1 2 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <slice .s 0 1 2>: error calling slice: cannot 3-index slice a string',
    ),
    (
        "{{ slice .a }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <slice .a>: error calling slice: can\'t slice item of type float64',
    ),
    (
        "{{ slice .missing }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <slice .missing>: error calling slice: slice of untyped nil',
    ),
    (
        "{{ slice .l 1 2 3 4 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <slice .l 1 2 3 4>: error calling slice: too many slice indexes: 4',
    ),
    (
        "{{ slice .l 0 2 1 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <slice .l 0 2 1>: error calling slice: invalid slice index: 2 > 1',
    ),
    ('{{ print 1 2 "a" "b" 3 .n .missing nil }}', "ok", "1 2ab3 <nil> <nil> <nil>"),
    ("{{ print }}", "ok", ""),
    ('{{ println 1 "a" }}', "ok", "1 a\n"),
    ("{{ print .m .l }}", "ok", "map[a:1 b:2 c:map[d:deep]] [x 2 <nil> map[k:v]]"),
    ('{{ printf "%d %s %v" 1 "x" .l }}', "ok", "1 x [x 2 <nil> map[k:v]]"),
    ('{{ printf "%d" }}', "ok", "%!d(MISSING)"),
    ('{{ printf "%d" 1 2 }}', "ok", "1%!(EXTRA int=2)"),
    (
        "{{ printf }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <printf>: wrong number of args for printf: want at least 1 got 0',
    ),
    (
        "{{ printf 1 }}",
        "exec",
        'template: t.yaml:1:10: executing "t.yaml" at <1>: expected string; found 1',
    ),
    ('{{ printf "%s" .missing }}', "ok", "%!s(<nil>)"),
    (
        '{{ printf "%v|%T|%T|%T|%T|%T|%T" .missing .a .s .m .l .b .missing }}',
        "ok",
        "<nil>|float64|string|map[string]interface {}|[]interface {}|bool|<nil>",
    ),
    (
        '{{ html .html }} {{ html 1 .n }} {{ html .missing }} {{ js .html }} {{ js "\\u2028é\\x01" }} {{ urlquery "a b&c=d/é" }} {{ urlquery 1 2 }}',
        "ok",
        "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt; 1&lt;no value&gt; &lt;no value&gt; \\u003Ca href\\u003D\\'x\\'\\u003E\\u0026\\\"\\u003C/a\\u003E \\u2028é\\u0001 a+b%26c%3Dd%2F%C3%A9 1+2",
    ),
    ('{{ upper "a" }} {{ "b" | upper }} {{ upper .s }}', "ok", "A B STR"),
    (
        "{{ upper 1 }}",
        "exec",
        'template: t.yaml:1:9: executing "t.yaml" at <1>: expected string; found 1',
    ),
    (
        "{{ upper .a }}",
        "exec",
        'template: t.yaml:1:9: executing "t.yaml" at <.a>: wrong type for value; expected string; got float64',
    ),
    (
        "{{ upper .missing }}",
        "exec",
        'template: t.yaml:1:9: executing "t.yaml" at <.missing>: wrong type for value; expected string; got interface {}',
    ),
    (
        "{{ upper nil }}",
        "exec",
        'template: t.yaml:1:9: executing "t.yaml" at <nil>: cannot assign nil to string',
    ),
    (
        "{{ upper }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <upper>: wrong number of args for upper: want 1 got 0',
    ),
    (
        "{{ upper 1 2 }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <upper>: wrong number of args for upper: want 1 got 2',
    ),
    (
        "{{ $x := .missing }}{{ upper $x }}",
        "exec",
        'template: t.yaml:1:29: executing "t.yaml" at <$x>: invalid value; expected string',
    ),
    (
        "{{ .missing | upper }}",
        "exec",
        'template: t.yaml:1:14: executing "t.yaml" at <upper>: invalid value; expected string',
    ),
    (
        "{{ nilval | upper }}",
        "exec",
        'template: t.yaml:1:12: executing "t.yaml" at <upper>: invalid value; expected string',
    ),
    ('{{ repeat 3 "ab" }} {{ "cd" | repeat 2 }}', "ok", "ababab cdcd"),
    (
        '{{ repeat 1.5 "a" }}',
        "exec",
        'template: t.yaml:1:10: executing "t.yaml" at <1.5>: expected integer; found 1.5',
    ),
    (
        '{{ repeat .a "a" }}',
        "exec",
        'template: t.yaml:1:10: executing "t.yaml" at <.a>: wrong type for value; expected int; got float64',
    ),
    (
        '{{ repeat -1 "a" }}',
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <repeat -1 "a">: error calling repeat: strings: negative Repeat count',
    ),
    (
        '{{ 2 | repeat "a" }}',
        "exec",
        'template: t.yaml:1:14: executing "t.yaml" at <"a">: expected integer; found "a"',
    ),
    (
        '{{ fail "boom" }}',
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <fail "boom">: error calling fail: boom',
    ),
    (
        "{{ panicky }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <panicky>: error calling panicky: boom',
    ),
    ("{{ half 3 }} {{ half 3.0 }} {{ half .a }} {{ half 'a' }}", "ok", "1.5 1.5 0.5 48.5"),
    (
        '{{ half "x" }}',
        "exec",
        'template: t.yaml:1:8: executing "t.yaml" at <"x">: expected float; found "x"',
    ),
    (
        "{{ half .s }}",
        "exec",
        'template: t.yaml:1:8: executing "t.yaml" at <.s>: wrong type for value; expected float64; got string',
    ),
    (
        "{{ isTrue true }} {{ isTrue 1 }}",
        "exec",
        'template: t.yaml:1:28: executing "t.yaml" at <1>: expected bool; found 1',
    ),
    ("{{ isTrue .b }}", "ok", "true"),
    (
        "{{ ident 1 }} {{ ident 1.5 }} {{ ident 0x10 }} {{ ident 'a' }} {{ ident nil }} {{ ident .missing }} {{ ident 1e2 }}",
        "ok",
        "1 1.5 16 97 <no value> <no value> 100",
    ),
    (
        '{{ list 1 "a" nil .m }} {{ dict "a" 1 "b" (list 1 2) }}',
        "ok",
        "[1 a <nil> map[a:1 b:2 c:map[d:deep]]] map[a:1 b:[1 2]]",
    ),
    (
        '{{ (dict "a" 1).a }} {{ (dict "a" 1).b }} {{ (dict "a" 1).b.c }}',
        "exec",
        'template: t.yaml:1:55: executing "t.yaml" at <1>: nil pointer evaluating interface {}.c',
    ),
    (
        "{{ (list 1).x }}",
        "exec",
        'template: t.yaml:1:9: executing "t.yaml" at <1>: can\'t evaluate field x in type []interface {}',
    ),
    ("{{ nope }}", "parse", 'template: t.yaml:1: function "nope" not defined'),
    ("{{ .a | nope }}", "parse", 'template: t.yaml:1: function "nope" not defined'),
    (
        "{{ ident }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <ident>: wrong number of args for ident: want 1 got 0',
    ),
    ("{{ 1 | 2 }}", "parse", "template: t.yaml:1: non executable command in pipeline stage 2"),
    ("{{ .a | 2 }}", "parse", "template: t.yaml:1: non executable command in pipeline stage 2"),
    ("{{ 1 | . }}", "parse", "template: t.yaml:1: non executable command in pipeline stage 2"),
    (
        "{{ (1) | (2) }}",
        "exec",
        'template: t.yaml:1:4: executing "t.yaml" at <1>: can\'t give argument to non-function 2',
    ),
    (
        "{{ 1 | (upper) }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <1>: can\'t give argument to non-function upper',
    ),
    ("{{ strs }}", "ok", "[a b]"),
    ("{{ index strs 1 }}", "ok", "b"),
    ("{{ range strs }}{{ . }}{{ end }}", "ok", "ab"),
    ('{{ .a | printf "%v-%v" 2 }}', "ok", "2-1"),
    ('{{ "x" | printf }}', "ok", "x"),
    (
        "{{ call .a }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <call .a>: error calling call: non-function .a of type float64',
    ),
    (
        "{{ call nil }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <call nil>: error calling call: call of nil',
    ),
    (
        "{{ call }}",
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <call>: wrong number of args for call: want at least 1 got 0',
    ),
    ("{{ print (1) }}", "ok", "1"),
    ("{{ print (.m).a }}", "ok", "1"),
    ('{{ print (index .m "c").d }}', "ok", "deep"),
]

MISC = [  # run on MISC_DATA: unicode, CRLF, nesting, scoping, number syntax
    ("{{\n.a\n}}", "ok", "1"),
    ('{{ .a\n| printf "%v"\n}}', "ok", "1"),
    ("a\r\n{{- .a -}}\r\nb", "ok", "a1b"),
    ("x\t{{- .a }}", "ok", "x1"),
    ("{{ .a -}}\t\n\t y", "ok", "1y"),
    ("{{- /* c */}} a", "ok", " a"),
    ("a {{/* c */ -}} \n b", "ok", "a b"),
    ("{{- /* c */ -}}", "ok", ""),
    ("{{ .héllo }}", "ok", "uni"),
    ("{{ .m.é }}", "ok", "acc"),
    ("{{ $é := 1 }}{{ $é }}", "ok", "1"),
    ("{{ .m._u }}", "ok", "1"),
    ("{{ .m.Z }}", "ok", "0"),
    ("{{ range $k, $v := .m }}{{ $k }};{{ end }}", "ok", "Z;_u;a;b;c;é;"),
    ("{{ printf \"%T %T %T %T %T\" 1.0 1e3 0x10 'a' 1 }}", "ok", "float64 float64 int int int"),
    ('{{ .a | printf "%v" | len }}', "ok", "1"),
    ('{{ .a | printf "%v" | printf "%q" }}', "ok", '"1"'),
    ("{{ $x := 1 }}{{ range .l }}{{ $x = . }}{{ end }}{{ $x }}", "ok", "map[k:v]"),
    ("{{ range $i, $x := .l }}{{ $x := 5 }}{{ $x }}{{ end }}", "ok", "5555"),
    ("{{ if $x := .m.a }}{{ $x }}{{ else if $y := .m.b }}{{ $y }}{{ end }}", "ok", "1"),
    (
        "{{ if $x := .m.zz }}{{ $x }}{{ else if $y := .m.b }}{{ $x }}{{ $y }}{{ end }}",
        "ok",
        "<no value>2",
    ),
    ("{{ with $x := .m }}{{ else }}{{ $x }}{{ end }}", "ok", ""),
    ("{{ with $x := .m.zz }}x{{ else }}[{{ $x }}]{{ end }}", "ok", "[<no value>]"),
    ('{{ "\\u00e9\\U0001F600\\x41\\101\\a" | printf "%q" }}', "ok", '"é😀AA\\a"'),
    ('{{ `a\r\nb` | printf "%q" }}', "ok", '"a\\nb"'),
    ('{{ .crlf | printf "%q" }}', "ok", '"a\\r\\nb"'),
    (
        '{{ define "x" }}{{ $ }}|{{ $.a }}{{ end }}{{ template "x" .m }}',
        "ok",
        "map[Z:0 _u:1 a:1 b:2 c:map[d:deep] é:acc]|1",
    ),
    (
        '{{ define "y" }}{{ range . }}{{ $.c.d }}{{ end }}{{ end }}{{ template "y" .m }}',
        "ok",
        "deepdeepdeepdeepdeepdeep",
    ),
    (
        '{{ block "b" . }}default{{ end }}{{ define "b" }}override{{ end }}',
        "parse",
        'template: t.yaml:1: template: multiple definition of template "b"',
    ),
    ("{{ with .zz }}a{{ else with .yy }}b{{ else with .m }}{{ .b }}{{ end }}", "ok", "2"),
    ("{{ range .nested.list }}{{ .name }}={{ .v }},{{ end }}", "ok", "a=1,b=2,"),
    (
        "{{ range $i, $e := .nested.list }}{{ if eq $i 1 }}{{ break }}{{ end }}{{ with $e }}{{ .name }}{{ end }}{{ end }}",
        "ok",
        "a",
    ),
    (
        "{{ range .l }}{{ with . }}{{ if eq . 2.0 }}{{ continue }}{{ end }}{{ end }}[{{ . }}]{{ end }}",
        "exec",
        'template: t.yaml:1:32: executing "t.yaml" at <eq . 2.0>: error calling eq: incompatible types for comparison: string and float64',
    ),
    ("{{ range .fl }}{{ . }} {{ end }}", "ok", "1 -0 1e-07 1e+21 0.0025 1.23456789012e+11 "),
    ("{{ .fl }}", "ok", "[1 -0 1e-07 1e+21 0.0025 1.23456789012e+11]"),
    ('{{ printf "%v" .fl }}', "ok", "[1 -0 1e-07 1e+21 0.0025 1.23456789012e+11]"),
    ('{{ printf "%.2f|%5.1f|%e" 3.14159 2.0 1234.5 }}', "ok", "3.14|  2.0|1.234500e+03"),
    ("{{ true | not }}", "ok", "false"),
    ("{{ not true | not }}", "ok", "true"),
    ("{{ and 1 2 | or 0 }}", "ok", "2"),
    ('{{ index . "a" }}', "ok", "1"),
    ('{{ index $ "m" "c" "d" }}', "ok", "deep"),
    ("{{ .l.0 }}", "parse", 'template: t.yaml:1: unexpected ".0" in operand'),
    ("{{ len . }}", "ok", "9"),
    ("{{ slice .l 1 3 | len }}", "ok", "2"),
    ("{{ print .m }}", "ok", "map[Z:0 _u:1 a:1 b:2 c:map[d:deep] é:acc]"),
    ("{{ println .l }}", "ok", "[x 2 <nil> map[k:v]]\n"),
    ("{{ js .m }}", "ok", "map[Z:0 _u:1 a:1 b:2 c:map[d:deep] é:acc]"),
    ("{{ html .l }}", "ok", "[x 2 &lt;nil&gt; map[k:v]]"),
    ("{{ $x := .m }}{{ with $x.c }}{{ .d }}{{ end }}", "ok", "deep"),
    ("{{ range $k, $v := .m.c }}{{ $k }}:{{ $v }}{{ end }}", "ok", "d:deep"),
    ("{{ range .m.c }}{{ . }}{{ end }}", "ok", "deep"),
    ("{{ if and .a (not .zz) }}ok{{ end }}", "ok", "ok"),
    ('{{ if or .zz (eq .s "str") }}ok{{ end }}', "ok", "ok"),
    ("{{ if not (and .a .zz) }}ok{{ end }}", "ok", "ok"),
    ("{{ eq .l nil }}", "ok", "false"),
    ("{{ ne .m.c nil }}", "ok", "true"),
    ("{{ eq (index .l 2) nil }}", "ok", "true"),
    ("{{ range $i, $e := .l }}{{ if eq $e nil }}N{{ end }}{{ end }}", "ok", "N"),
    ("{{ range .l }}{{ if . }}T{{ else }}F{{ end }}{{ end }}", "ok", "TTFT"),
    ("{{ (index .nested.list 0).name }}", "ok", "a"),
    (
        "{{ (index .nested.list 5).name }}",
        "exec",
        'template: t.yaml:1:4: executing "t.yaml" at <index .nested.list 5>: error calling index: index out of range: 5',
    ),
    ("{{ with index .nested.list 1 }}{{ .v }}{{ end }}", "ok", "2"),
    ("{{ $l := .nested.list }}{{ range $l }}{{ .name }}{{ end }}{{ len $l }}", "ok", "ab2"),
    ("{{- range $i, $e := .l -}}\n  {{ $i }}\n{{- end }}", "ok", "0123"),
    ('{{ template "t" }}{{ define "t" }}T{{ end }}', "ok", "T"),
    ('{{ $v := "" }}{{ if $v }}x{{ else }}empty{{ end }}', "ok", "empty"),
    ('{{ printf "%s" (print 1 2) }}', "ok", "1 2"),
    ('{{ print "a" 1 2 "b" }}', "ok", "a1 2b"),
    ('{{ printf "%v %v" .a }}', "ok", "1 %!v(MISSING)"),
    ('{{ printf "%!" }}', "ok", "%!!(MISSING)"),
    ('{{ printf "%[2]v %[1]v" "a" "b" }}', "ok", "b a"),
    ('{{ printf "%*d" 5 3 }}', "ok", "    3"),
    ('{{ 1.5 | printf "%v" }}', "ok", "1.5"),
    ("{{ -1.5 }} {{ +1.5 }} {{ .5 }} {{ 5. }}", "ok", "-1.5 1.5 0.5 5"),
    ("{{ 1e-7 }} {{ 0.000001 }} {{ 1e20 }}", "ok", "1e-07 1e-06 1e+20"),
    ("{{ 0x1.8p1 }} {{ 0X10 }} {{ 0B11 }} {{ 0O7 }}", "ok", "3 16 3 7"),
    ("{{ 1_000.5 }}", "ok", "1000.5"),
    ("{{ 0_1 }}", "ok", "1"),
    ("{{ 0x_1 }}", "ok", "1"),
    ("{{ 1e+3 }}", "ok", "1000"),
    ("{{ '\\x41' }} {{ '\\u00e9' }} {{ '\\'' }} {{ 'é' }}", "ok", "65 233 39 233"),
    ("{{ '\\\"' }}", "parse", "template: t.yaml:1: invalid syntax"),
]

EDGE = [  # run on EDGE_DATA: spacing, trim markers, comments, escapes, malformed numbers
    ("{{-}}", "parse", 'template: t.yaml:1: illegal number syntax: "-"'),
    ("{{ - }}", "parse", 'template: t.yaml:1: illegal number syntax: "-"'),
    ("{{ + }}", "parse", 'template: t.yaml:1: illegal number syntax: "+"'),
    ("{{.}}", "ok", "map[a:1 m:map[k:v]]"),
    ("{{..}}", "parse", "template: t.yaml:1: unexpected <.> in operand"),
    ("{{ $.}}", "parse", "template: t.yaml:1: unexpected <.> in operand"),
    ("{{ $x := 1 }}{{ $x.}}", "parse", "template: t.yaml:1: unexpected <.> in operand"),
    ('{{ "a" /* x */ }}', "parse", 'template: t.yaml:1: unexpected "/" in operand'),
    ("{{ /* a */ }}", "parse", 'template: t.yaml:1: unexpected "/" in command'),
    ("{{/*a*/}}", "ok", ""),
    ("{{/*a*/-}}", "parse", "template: t.yaml:1: comment ends before closing delimiter"),
    ("{{- /*a*/ }}", "parse", "template: t.yaml:1: comment ends before closing delimiter"),
    ("{{ .a}}{{.a }}", "ok", "11"),
    ("{{.m.k}}", "ok", "v"),
    ("{{ .m.k.}}", "parse", "template: t.yaml:1: unexpected <.> in operand"),
    ("{{ 1.}}", "ok", "1"),
    ("{{ .1 }}", "ok", "0.1"),
    ("{{ 1.e5 }}", "ok", "100000"),
    ("{{ 0x1.p1 }}", "ok", "2"),
    ("{{ 1e }}", "parse", 'template: t.yaml:1: illegal number syntax: "1e"'),
    ("{{ 0b }}", "parse", 'template: t.yaml:1: illegal number syntax: "0b"'),
    ("{{ 0o8 }}", "parse", 'template: t.yaml:1: bad number syntax: "0o8"'),
    ("{{ 00 }}", "ok", "0"),
    ("{{ 0.0 }}", "ok", "0"),
    ("{{ -0.0 }}", "ok", "-0"),
    ("{{ 1i }}", "ok", "(0+1i)"),
    ("{{ 0i }}", "ok", "(0+0i)"),
    ("{{ 1+1i }}", "ok", "(1+1i)"),
    ("{{ 1-1 }}", "parse", 'template: t.yaml:1: bad number syntax: "1-1"'),
    ("{{ 'a'b }}", "parse", 'template: t.yaml:1: unexpected "b" in operand'),
    ('{{ "a""b" }}', "parse", 'template: t.yaml:1: unexpected "\\"b\\"" in operand'),
    ("{{ `a``b` }}", "parse", 'template: t.yaml:1: unexpected "`b`" in operand'),
    ('{{ .a|printf "%v" }}', "ok", "1"),
    ('{{ .a|printf "%v"|printf "%v" }}', "ok", "1"),
    ("{{(.a)}}", "ok", "1"),
    ("{{ ( .a ) }}", "ok", "1"),
    ('{{ ( .a | printf "%d" ) }}', "ok", "%!d(float64=1)"),
    ("{{ (\n.a\n) }}", "ok", "1"),
    ("{{ $x:=1 }}{{$x}}", "ok", "1"),
    ("{{ $x :=1 }}{{ $x }}", "ok", "1"),
    ("{{ $x= 1 }}", "parse", "template: t.yaml:1: bad character U+003D '='"),
    ("{{ range $i,$e := .m }}{{$i}}{{end}}", "ok", "k"),
    ("{{range $i ,$e:=.m}}{{$e}}{{end}}", "ok", "v"),
    ("{{ if.a }}x{{ end }}", "ok", "x"),
    ("{{ range.m }}x{{ end }}", "ok", "x"),
    ("{{ with.m }}{{.k}}{{ end }}", "ok", "v"),
    (
        '{{ template"x" }}{{ define"x" }}X{{ end }}',
        "parse",
        "template: t.yaml:1: bad character U+0022 '\"'",
    ),
    ("{{ end}}", "parse", "template: t.yaml:1: unexpected {{end}}"),
    ("{{else}}", "parse", "template: t.yaml:1: unexpected {{else}}"),
    ("{{ if 1 }}{{else if 0}}{{else}}e{{ end }}", "ok", ""),
    ("{{ if 0 }}{{else if 1}}y{{else}}e{{ end }}", "ok", "y"),
    (
        '{{ nil | printf "%v" }}',
        "exec",
        'template: t.yaml:1:3: executing "t.yaml" at <nil>: nil is not a command',
    ),
    ('{{ printf "%v" nil }}', "ok", "<nil>"),
    (
        "{{ .a.b.c.d }}",
        "exec",
        'template: t.yaml:1:5: executing "t.yaml" at <.a.b.c.d>: can\'t evaluate field b in type interface {}',
    ),
    ("{{ $ := .m }}{{ $.k }}", "ok", "v"),
    ("{{- 1 -}}{{- 2 -}}", "ok", "12"),
    ("a{{- -}}b", "parse", 'template: t.yaml:1: illegal number syntax: "-"'),
    ('a{{- "" -}}b', "ok", "ab"),
    ('{{ "\\\\" }}', "ok", "\\"),
    ("{{ '\\\\' }}", "ok", "92"),
    ('{{ "\\x" }}', "parse", "template: t.yaml:1: invalid syntax"),
    ('{{ "\\u12" }}', "parse", "template: t.yaml:1: invalid syntax"),
    ('{{ "\\ud800" }}', "parse", "template: t.yaml:1: invalid syntax"),
    ("{{ '\\400' }}", "parse", "template: t.yaml:1: invalid syntax"),
    ('{{ "\\400" }}', "parse", "template: t.yaml:1: invalid syntax"),
    ('{{ "\\377" | len }}', "ok", "1"),
    ('{{ "\\xff" | printf "%q" }}', "ok", '"\\xff"'),
    ('{{ "\\xff" | printf "%x" }}', "ok", "ff"),
    ('{{ slice "\\xffa" 1 }}', "ok", "a"),
    ("{{ $x := 1 }}{{ $x.a := 2 }}", "parse", 'template: t.yaml:1: unexpected ":=" in operand'),
    ("{{ $.a := 1 }}", "parse", 'template: t.yaml:1: unexpected ":=" in operand'),
    ("{{ range $x.a, $y := . }}{{ end }}", "parse", 'template: t.yaml:1: undefined variable "$x"'),
    (
        "{{ $x := .m }}{{ $x.k }}{{ $x.k.z }}",
        "exec",
        'template: t.yaml:1:29: executing "t.yaml" at <$x.k.z>: can\'t evaluate field z in type interface {}',
    ),
]


@pytest.mark.parametrize(("text", "kind", "expected"), TEXT_AND_TRIM + LITERALS)
def test_text_trim_and_literals(text: str, kind: str, expected: str) -> None:
    assert _run(text) == (kind, expected)


@pytest.mark.parametrize(("text", "kind", "expected"), FIELDS + VARIABLES)
def test_fields_and_variables(text: str, kind: str, expected: str) -> None:
    assert _run(text) == (kind, expected)


@pytest.mark.parametrize(("text", "kind", "expected"), CONTROL + TEMPLATES)
def test_control_structures_and_templates(text: str, kind: str, expected: str) -> None:
    assert _run(text) == (kind, expected)


@pytest.mark.parametrize(("text", "kind", "expected"), FUNCTIONS)
def test_builtin_and_mapped_functions(text: str, kind: str, expected: str) -> None:
    assert _run(text) == (kind, expected)


@pytest.mark.parametrize(("text", "kind", "expected"), MISC)
def test_miscellaneous_cases(text: str, kind: str, expected: str) -> None:
    assert _run(text, MISC_DATA) == (kind, expected)


@pytest.mark.parametrize(("text", "kind", "expected"), EDGE)
def test_lexical_edge_cases(text: str, kind: str, expected: str) -> None:
    assert _run(text, EDGE_DATA) == (kind, expected)
