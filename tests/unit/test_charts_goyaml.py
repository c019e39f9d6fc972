"""go-yaml v2 / sigs.k8s.io/yaml behaviour of ``goyaml`` against `helm template` (v3.22.0).

Each expected text was produced by the real helm v3.22.0 engine: the YAML document was loaded
as a chart's values (chartutil.ReadValues) and rendered with `{{ toYaml .Values }}` (first
table) or `{{ toJson .Values }}` (second table, showing the decoded types); an expected error
is Helm's message for values it refuses. Tables regenerate from a throwaway oracle program.
"""

from __future__ import annotations

import pytest

from shipyard.core.charts import gojson, goyaml

TO_YAML = [
    (
        'a: 1\nb: yes\nc: 0755\nd: 1e6\ne: 2024-01-01\nf: !!str 12\ng: "x"\n1.5: k\nyes: y\nbase: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nlst: [1, y, n, ~, .5, 0x1F, 1_000, +1, 08]',
        '"1.5": k\na: 1\nb: true\nbase:\n  "true": 2\n  x: 1\nc: 493\nd: 1000000\ne: "2024-01-01"\nf: "12"\ng: x\nlst:\n- 1\n- true\n- false\n- null\n- 0.5\n- 31\n- 1000\n- 1\n- 8\nm:\n  "true": 3\n  x: 1\n"true": true',
        "",
    ),
    (
        'e: [2024-01-01, "yes", "", "a: b", " x", "multi\\nline\\n", {}, [], null, 1.5, 1e21, 1e-7, 0.1, 100000000000000000000, 12345678901234567890, 9007199254740993, -0, -0.0, 1.0, 2.50]',
        'e:\n- "2024-01-01"\n- "yes"\n- ""\n- \'a: b\'\n- \' x\'\n- |\n  multi\n  line\n- {}\n- []\n- null\n- 1.5\n- 1e+21\n- 1e-07\n- 0.1\n- 1e+20\n- 12345678901234567000\n- 9007199254740992\n- 0\n- 0\n- 1\n- 2.5',
        "",
    ),
    (
        "f: {g: [1, [2, 3], {h: i, j: k}]}",
        "f:\n  g:\n  - 1\n  - - 2\n    - 3\n  - h: i\n    j: k",
        "",
    ),
    (
        'long: word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word \nlonger: "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "\nq: "\'word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "\ndq: "\\tword word word word word word word word word word word word word word word word word word word word word word word word word word word word word word "\n',
        "dq: \"\\tword word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word word \"\nlong: word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word\nlonger: 'word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word '\nq: '''word word word word word word word word word word word word word word word word\n  word word word word word word word word word word word word word word '",
        "",
    ),
    (
        's1: "a\\nb"\ns2: "a\\nb\\n"\ns3: "a\\nb\\n\\n"\ns4: " a\\nb"\ns5: "a \\nb"\ns6: "a\\n b"\ns7: "\\n"\ns8: "a\\tb\\nc"\ns9: "trail "\ns10: "x\\r\\ny"\n',
        's1: |-\n  a\n  b\ns2: |\n  a\n  b\ns3: |+\n  a\n  b\n\ns4: |2-\n   a\n  b\ns5: "a \\nb"\ns6: |-\n  a\n   b\ns7: |2+\n\ns8: "a\\tb\\nc"\ns9: \'trail \'\ns10: "x\\r\\ny"',
        "",
    ),
    (
        'k: ["on", "off", "y", "n", "Y", "NO", "true", "null", "~", "1", "1.0", "0x1F", "1e3", ".5", "-1", "+1", "1:30", "12:30:45", "0o17", "0b11", ".inf", "-.inf", ".nan", "2024-01-01T10:00:00Z", "2001-12-14 21:59:43.10", "2024-13-01", "1_000", "<<", "=", "---", "...", "- a", "-a", "?", "? a", ":a", "a:", "a#b", "a #b", "#a", "@a", "`a", "!a", "&a", "*a", "|a", ">a", "%a", "\'a", "\\"a", "[a", "a]", "{a", "a,b", "a, b", "é", "日本語", "😀", "\\u00a0x", "\\u0085", "\\u2028", "\\ufeffa", "\\x7f", "\\x01"]',
        "",
        "",
    ),
    (
        'keys:\n  b: 1\n  a: 2\n  B: 3\n  _x: 4\n  a1: 5\n  a10: 6\n  a2: 7\n  a02: 8\n  "1": 9\n  "10": 10\n  "2": 11\n  x-y: 12\n  x.y: 13\n  xy: 14\n  "": 15\n  Ä: 16\n  z0: 17\n  z00: 18\n  z000: 19\n  z01: 20\n',
        'keys:\n  "": 15\n  _x: 4\n  "1": 9\n  "2": 11\n  "10": 10\n  B: 3\n  a: 2\n  a1: 5\n  a2: 7\n  a02: 8\n  a10: 6\n  b: 1\n  x-y: 12\n  x.y: 13\n  xy: 14\n  z0: 17\n  z00: 18\n  z000: 19\n  z01: 20\n  Ä: 16',
        "",
    ),
    (
        "nested:\n- - - a\n    - b\n  - c\n- d: [e, f]\n  g: {}\n- []\n- {}\n",
        "nested:\n- - - a\n    - b\n  - c\n- d:\n  - e\n  - f\n  g: {}\n- []\n- {}",
        "",
    ),
    (
        'kxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: v\n"multi\\nkey": v\n',
        "? kxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n: v\n? |-\n  multi\n  key\n: v",
        "",
    ),
    (
        "big: 18446744073709551615\nbigger: 18446744073709551616\nneg: -9223372036854775808\nfl: 3.14159265358979\nsmall: 0.000001\nsmaller: 0.0000001\nint32: 2147483648\nexp: 1.5e300\n",
        "big: 1.8446744073709552e+19\nbigger: 1.8446744073709552e+19\nexp: 1.5e+300\nfl: 3.14159265358979\nint32: 2147483648\nneg: -9.223372036854776e+18\nsmall: 1e-06\nsmaller: 1e-07",
        "",
    ),
    (
        'url: http://example.com:8080/path?q=1#frag\nimage: nginx:1.19\ncmd: ["sh", "-c", "echo hello && exit 0"]\nempty:\nnull_: null\ntilde: ~\n',
        "cmd:\n- sh\n- -c\n- echo hello && exit 0\nempty: null\nimage: nginx:1.19\nnull_: null\ntilde: null\nurl: http://example.com:8080/path?q=1#frag",
        "",
    ),
    (
        "deep:\n  deeper:\n    deepest:\n      text: abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc \n      list:\n      - def def def def def def def def def def def def def def def def def def def def def def def def def \n",
        "deep:\n  deeper:\n    deepest:\n      list:\n      - def def def def def def def def def def def def def def def def def def def\n        def def def def def def\n      text: abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc\n        abc abc abc abc abc abc abc",
        "",
    ),
    ("---\na: 1\n---\nb: 2\n", "a: 1", ""),
    ("", "{}", ""),
    ("# just a comment\n", "{}", ""),
    (
        'a: &x 1\nb: *x\nc: !!float 1\nd: !!int "7"\ne: !custom foo\nf: !!binary aGVsbG8=\n',
        "a: 1\nb: 1\nc: 1\nd: 7\ne: foo\nf: hello",
        "",
    ),
    (
        "merge:\n  - &A {a: 1, b: 2}\n  - &B {b: 3, c: 4}\nm1:\n  <<: [*A, *B]\n  d: 5\nm2:\n  a: 0\n  <<: *A\n",
        "m1:\n  a: 1\n  b: 2\n  c: 4\n  d: 5\nm2:\n  a: 1\n  b: 2\nmerge:\n- a: 1\n  b: 2\n- b: 3\n  c: 4",
        "",
    ),
    ("dup: 1\ndup: 2\n", "dup: 2", ""),
    (
        't: "\\t"\ncr: "a\\rb"\nbs: "a\\\\b"\nquote: "a\\"b"\nsq: "it\'s"\n',
        'bs: a\\b\ncr: "a\\rb"\nquote: a"b\nsq: it\'s\nt: "\\t"',
        "",
    ),
    (
        '{"v": "on", "l": ["on"], "m": {"k": "on"}, "n": {"a": {"b": [{"c": "on"}]}}}',
        'l:\n- "on"\nm:\n  k: "on"\n"n":\n  a:\n    b:\n    - c: "on"\nv: "on"',
        "",
    ),
    (
        '{"v": "off", "l": ["off"], "m": {"k": "off"}, "n": {"a": {"b": [{"c": "off"}]}}}',
        'l:\n- "off"\nm:\n  k: "off"\n"n":\n  a:\n    b:\n    - c: "off"\nv: "off"',
        "",
    ),
    (
        '{"v": "y", "l": ["y"], "m": {"k": "y"}, "n": {"a": {"b": [{"c": "y"}]}}}',
        'l:\n- "y"\nm:\n  k: "y"\n"n":\n  a:\n    b:\n    - c: "y"\nv: "y"',
        "",
    ),
    (
        '{"v": "n", "l": ["n"], "m": {"k": "n"}, "n": {"a": {"b": [{"c": "n"}]}}}',
        'l:\n- "n"\nm:\n  k: "n"\n"n":\n  a:\n    b:\n    - c: "n"\nv: "n"',
        "",
    ),
    (
        '{"v": "Y", "l": ["Y"], "m": {"k": "Y"}, "n": {"a": {"b": [{"c": "Y"}]}}}',
        'l:\n- "Y"\nm:\n  k: "Y"\n"n":\n  a:\n    b:\n    - c: "Y"\nv: "Y"',
        "",
    ),
    (
        '{"v": "NO", "l": ["NO"], "m": {"k": "NO"}, "n": {"a": {"b": [{"c": "NO"}]}}}',
        'l:\n- "NO"\nm:\n  k: "NO"\n"n":\n  a:\n    b:\n    - c: "NO"\nv: "NO"',
        "",
    ),
    (
        '{"v": "true", "l": ["true"], "m": {"k": "true"}, "n": {"a": {"b": [{"c": "true"}]}}}',
        'l:\n- "true"\nm:\n  k: "true"\n"n":\n  a:\n    b:\n    - c: "true"\nv: "true"',
        "",
    ),
    (
        '{"v": "null", "l": ["null"], "m": {"k": "null"}, "n": {"a": {"b": [{"c": "null"}]}}}',
        'l:\n- "null"\nm:\n  k: "null"\n"n":\n  a:\n    b:\n    - c: "null"\nv: "null"',
        "",
    ),
    (
        '{"v": "~", "l": ["~"], "m": {"k": "~"}, "n": {"a": {"b": [{"c": "~"}]}}}',
        'l:\n- "~"\nm:\n  k: "~"\n"n":\n  a:\n    b:\n    - c: "~"\nv: "~"',
        "",
    ),
    (
        '{"v": "1", "l": ["1"], "m": {"k": "1"}, "n": {"a": {"b": [{"c": "1"}]}}}',
        'l:\n- "1"\nm:\n  k: "1"\n"n":\n  a:\n    b:\n    - c: "1"\nv: "1"',
        "",
    ),
    (
        '{"v": "1.0", "l": ["1.0"], "m": {"k": "1.0"}, "n": {"a": {"b": [{"c": "1.0"}]}}}',
        'l:\n- "1.0"\nm:\n  k: "1.0"\n"n":\n  a:\n    b:\n    - c: "1.0"\nv: "1.0"',
        "",
    ),
    (
        '{"v": "0x1F", "l": ["0x1F"], "m": {"k": "0x1F"}, "n": {"a": {"b": [{"c": "0x1F"}]}}}',
        'l:\n- "0x1F"\nm:\n  k: "0x1F"\n"n":\n  a:\n    b:\n    - c: "0x1F"\nv: "0x1F"',
        "",
    ),
    (
        '{"v": "1e3", "l": ["1e3"], "m": {"k": "1e3"}, "n": {"a": {"b": [{"c": "1e3"}]}}}',
        'l:\n- "1e3"\nm:\n  k: "1e3"\n"n":\n  a:\n    b:\n    - c: "1e3"\nv: "1e3"',
        "",
    ),
    (
        '{"v": ".5", "l": [".5"], "m": {"k": ".5"}, "n": {"a": {"b": [{"c": ".5"}]}}}',
        'l:\n- ".5"\nm:\n  k: ".5"\n"n":\n  a:\n    b:\n    - c: ".5"\nv: ".5"',
        "",
    ),
    (
        '{"v": "-1", "l": ["-1"], "m": {"k": "-1"}, "n": {"a": {"b": [{"c": "-1"}]}}}',
        'l:\n- "-1"\nm:\n  k: "-1"\n"n":\n  a:\n    b:\n    - c: "-1"\nv: "-1"',
        "",
    ),
    (
        '{"v": "+1", "l": ["+1"], "m": {"k": "+1"}, "n": {"a": {"b": [{"c": "+1"}]}}}',
        'l:\n- "+1"\nm:\n  k: "+1"\n"n":\n  a:\n    b:\n    - c: "+1"\nv: "+1"',
        "",
    ),
    (
        '{"v": "1:30", "l": ["1:30"], "m": {"k": "1:30"}, "n": {"a": {"b": [{"c": "1:30"}]}}}',
        'l:\n- "1:30"\nm:\n  k: "1:30"\n"n":\n  a:\n    b:\n    - c: "1:30"\nv: "1:30"',
        "",
    ),
    (
        '{"v": "12:30:45", "l": ["12:30:45"], "m": {"k": "12:30:45"}, "n": {"a": {"b": [{"c": "12:30:45"}]}}}',
        'l:\n- "12:30:45"\nm:\n  k: "12:30:45"\n"n":\n  a:\n    b:\n    - c: "12:30:45"\nv: "12:30:45"',
        "",
    ),
    (
        '{"v": "0o17", "l": ["0o17"], "m": {"k": "0o17"}, "n": {"a": {"b": [{"c": "0o17"}]}}}',
        'l:\n- "0o17"\nm:\n  k: "0o17"\n"n":\n  a:\n    b:\n    - c: "0o17"\nv: "0o17"',
        "",
    ),
    (
        '{"v": "0b11", "l": ["0b11"], "m": {"k": "0b11"}, "n": {"a": {"b": [{"c": "0b11"}]}}}',
        'l:\n- "0b11"\nm:\n  k: "0b11"\n"n":\n  a:\n    b:\n    - c: "0b11"\nv: "0b11"',
        "",
    ),
    (
        '{"v": ".inf", "l": [".inf"], "m": {"k": ".inf"}, "n": {"a": {"b": [{"c": ".inf"}]}}}',
        'l:\n- ".inf"\nm:\n  k: ".inf"\n"n":\n  a:\n    b:\n    - c: ".inf"\nv: ".inf"',
        "",
    ),
    (
        '{"v": "-.inf", "l": ["-.inf"], "m": {"k": "-.inf"}, "n": {"a": {"b": [{"c": "-.inf"}]}}}',
        'l:\n- "-.inf"\nm:\n  k: "-.inf"\n"n":\n  a:\n    b:\n    - c: "-.inf"\nv: "-.inf"',
        "",
    ),
    (
        '{"v": ".nan", "l": [".nan"], "m": {"k": ".nan"}, "n": {"a": {"b": [{"c": ".nan"}]}}}',
        'l:\n- ".nan"\nm:\n  k: ".nan"\n"n":\n  a:\n    b:\n    - c: ".nan"\nv: ".nan"',
        "",
    ),
    (
        '{"v": "2024-01-01T10:00:00Z", "l": ["2024-01-01T10:00:00Z"], "m": {"k": "2024-01-01T10:00:00Z"}, "n": {"a": {"b": [{"c": "2024-01-01T10:00:00Z"}]}}}',
        'l:\n- "2024-01-01T10:00:00Z"\nm:\n  k: "2024-01-01T10:00:00Z"\n"n":\n  a:\n    b:\n    - c: "2024-01-01T10:00:00Z"\nv: "2024-01-01T10:00:00Z"',
        "",
    ),
    (
        '{"v": "2001-12-14 21:59:43.10", "l": ["2001-12-14 21:59:43.10"], "m": {"k": "2001-12-14 21:59:43.10"}, "n": {"a": {"b": [{"c": "2001-12-14 21:59:43.10"}]}}}',
        'l:\n- "2001-12-14 21:59:43.10"\nm:\n  k: "2001-12-14 21:59:43.10"\n"n":\n  a:\n    b:\n    - c: "2001-12-14 21:59:43.10"\nv: "2001-12-14 21:59:43.10"',
        "",
    ),
    (
        '{"v": "2024-13-01", "l": ["2024-13-01"], "m": {"k": "2024-13-01"}, "n": {"a": {"b": [{"c": "2024-13-01"}]}}}',
        'l:\n- 2024-13-01\nm:\n  k: 2024-13-01\n"n":\n  a:\n    b:\n    - c: 2024-13-01\nv: 2024-13-01',
        "",
    ),
    (
        '{"v": "2024-02-30", "l": ["2024-02-30"], "m": {"k": "2024-02-30"}, "n": {"a": {"b": [{"c": "2024-02-30"}]}}}',
        'l:\n- 2024-02-30\nm:\n  k: 2024-02-30\n"n":\n  a:\n    b:\n    - c: 2024-02-30\nv: 2024-02-30',
        "",
    ),
    (
        '{"v": "2024-1-2", "l": ["2024-1-2"], "m": {"k": "2024-1-2"}, "n": {"a": {"b": [{"c": "2024-1-2"}]}}}',
        'l:\n- "2024-1-2"\nm:\n  k: "2024-1-2"\n"n":\n  a:\n    b:\n    - c: "2024-1-2"\nv: "2024-1-2"',
        "",
    ),
    (
        '{"v": "2024-01-01T25:00:00Z", "l": ["2024-01-01T25:00:00Z"], "m": {"k": "2024-01-01T25:00:00Z"}, "n": {"a": {"b": [{"c": "2024-01-01T25:00:00Z"}]}}}',
        'l:\n- 2024-01-01T25:00:00Z\nm:\n  k: 2024-01-01T25:00:00Z\n"n":\n  a:\n    b:\n    - c: 2024-01-01T25:00:00Z\nv: 2024-01-01T25:00:00Z',
        "",
    ),
    (
        '{"v": "1_000", "l": ["1_000"], "m": {"k": "1_000"}, "n": {"a": {"b": [{"c": "1_000"}]}}}',
        'l:\n- "1_000"\nm:\n  k: "1_000"\n"n":\n  a:\n    b:\n    - c: "1_000"\nv: "1_000"',
        "",
    ),
    (
        '{"v": "<<", "l": ["<<"], "m": {"k": "<<"}, "n": {"a": {"b": [{"c": "<<"}]}}}',
        'l:\n- <<\nm:\n  k: <<\n"n":\n  a:\n    b:\n    - c: <<\nv: <<',
        "",
    ),
    (
        '{"v": "=", "l": ["="], "m": {"k": "="}, "n": {"a": {"b": [{"c": "="}]}}}',
        'l:\n- =\nm:\n  k: =\n"n":\n  a:\n    b:\n    - c: =\nv: =',
        "",
    ),
    (
        '{"v": "---", "l": ["---"], "m": {"k": "---"}, "n": {"a": {"b": [{"c": "---"}]}}}',
        "l:\n- '---'\nm:\n  k: '---'\n\"n\":\n  a:\n    b:\n    - c: '---'\nv: '---'",
        "",
    ),
    (
        '{"v": "...", "l": ["..."], "m": {"k": "..."}, "n": {"a": {"b": [{"c": "..."}]}}}',
        "l:\n- '...'\nm:\n  k: '...'\n\"n\":\n  a:\n    b:\n    - c: '...'\nv: '...'",
        "",
    ),
    (
        '{"v": "- a", "l": ["- a"], "m": {"k": "- a"}, "n": {"a": {"b": [{"c": "- a"}]}}}',
        "l:\n- '- a'\nm:\n  k: '- a'\n\"n\":\n  a:\n    b:\n    - c: '- a'\nv: '- a'",
        "",
    ),
    (
        '{"v": "-a", "l": ["-a"], "m": {"k": "-a"}, "n": {"a": {"b": [{"c": "-a"}]}}}',
        'l:\n- -a\nm:\n  k: -a\n"n":\n  a:\n    b:\n    - c: -a\nv: -a',
        "",
    ),
    (
        '{"v": "?", "l": ["?"], "m": {"k": "?"}, "n": {"a": {"b": [{"c": "?"}]}}}',
        "l:\n- '?'\nm:\n  k: '?'\n\"n\":\n  a:\n    b:\n    - c: '?'\nv: '?'",
        "",
    ),
    (
        '{"v": "? a", "l": ["? a"], "m": {"k": "? a"}, "n": {"a": {"b": [{"c": "? a"}]}}}',
        "l:\n- '? a'\nm:\n  k: '? a'\n\"n\":\n  a:\n    b:\n    - c: '? a'\nv: '? a'",
        "",
    ),
    (
        '{"v": ":a", "l": [":a"], "m": {"k": ":a"}, "n": {"a": {"b": [{"c": ":a"}]}}}',
        'l:\n- :a\nm:\n  k: :a\n"n":\n  a:\n    b:\n    - c: :a\nv: :a',
        "",
    ),
    (
        '{"v": "a:", "l": ["a:"], "m": {"k": "a:"}, "n": {"a": {"b": [{"c": "a:"}]}}}',
        "l:\n- 'a:'\nm:\n  k: 'a:'\n\"n\":\n  a:\n    b:\n    - c: 'a:'\nv: 'a:'",
        "",
    ),
    (
        '{"v": "a#b", "l": ["a#b"], "m": {"k": "a#b"}, "n": {"a": {"b": [{"c": "a#b"}]}}}',
        'l:\n- a#b\nm:\n  k: a#b\n"n":\n  a:\n    b:\n    - c: a#b\nv: a#b',
        "",
    ),
    (
        '{"v": "a #b", "l": ["a #b"], "m": {"k": "a #b"}, "n": {"a": {"b": [{"c": "a #b"}]}}}',
        "l:\n- 'a #b'\nm:\n  k: 'a #b'\n\"n\":\n  a:\n    b:\n    - c: 'a #b'\nv: 'a #b'",
        "",
    ),
    (
        '{"v": "#a", "l": ["#a"], "m": {"k": "#a"}, "n": {"a": {"b": [{"c": "#a"}]}}}',
        "l:\n- '#a'\nm:\n  k: '#a'\n\"n\":\n  a:\n    b:\n    - c: '#a'\nv: '#a'",
        "",
    ),
    (
        '{"v": "@a", "l": ["@a"], "m": {"k": "@a"}, "n": {"a": {"b": [{"c": "@a"}]}}}',
        "l:\n- '@a'\nm:\n  k: '@a'\n\"n\":\n  a:\n    b:\n    - c: '@a'\nv: '@a'",
        "",
    ),
    (
        '{"v": "`a", "l": ["`a"], "m": {"k": "`a"}, "n": {"a": {"b": [{"c": "`a"}]}}}',
        "l:\n- '`a'\nm:\n  k: '`a'\n\"n\":\n  a:\n    b:\n    - c: '`a'\nv: '`a'",
        "",
    ),
    (
        '{"v": "!a", "l": ["!a"], "m": {"k": "!a"}, "n": {"a": {"b": [{"c": "!a"}]}}}',
        "l:\n- '!a'\nm:\n  k: '!a'\n\"n\":\n  a:\n    b:\n    - c: '!a'\nv: '!a'",
        "",
    ),
    (
        '{"v": "&a", "l": ["&a"], "m": {"k": "&a"}, "n": {"a": {"b": [{"c": "&a"}]}}}',
        "l:\n- '&a'\nm:\n  k: '&a'\n\"n\":\n  a:\n    b:\n    - c: '&a'\nv: '&a'",
        "",
    ),
    (
        '{"v": "*a", "l": ["*a"], "m": {"k": "*a"}, "n": {"a": {"b": [{"c": "*a"}]}}}',
        "l:\n- '*a'\nm:\n  k: '*a'\n\"n\":\n  a:\n    b:\n    - c: '*a'\nv: '*a'",
        "",
    ),
    (
        '{"v": "|a", "l": ["|a"], "m": {"k": "|a"}, "n": {"a": {"b": [{"c": "|a"}]}}}',
        "l:\n- '|a'\nm:\n  k: '|a'\n\"n\":\n  a:\n    b:\n    - c: '|a'\nv: '|a'",
        "",
    ),
    (
        '{"v": ">a", "l": [">a"], "m": {"k": ">a"}, "n": {"a": {"b": [{"c": ">a"}]}}}',
        "l:\n- '>a'\nm:\n  k: '>a'\n\"n\":\n  a:\n    b:\n    - c: '>a'\nv: '>a'",
        "",
    ),
    (
        '{"v": "%a", "l": ["%a"], "m": {"k": "%a"}, "n": {"a": {"b": [{"c": "%a"}]}}}',
        "l:\n- '%a'\nm:\n  k: '%a'\n\"n\":\n  a:\n    b:\n    - c: '%a'\nv: '%a'",
        "",
    ),
    (
        '{"v": "\'a", "l": ["\'a"], "m": {"k": "\'a"}, "n": {"a": {"b": [{"c": "\'a"}]}}}',
        "l:\n- '''a'\nm:\n  k: '''a'\n\"n\":\n  a:\n    b:\n    - c: '''a'\nv: '''a'",
        "",
    ),
    (
        '{"v": "\\"a", "l": ["\\"a"], "m": {"k": "\\"a"}, "n": {"a": {"b": [{"c": "\\"a"}]}}}',
        "l:\n- '\"a'\nm:\n  k: '\"a'\n\"n\":\n  a:\n    b:\n    - c: '\"a'\nv: '\"a'",
        "",
    ),
    (
        '{"v": "[a", "l": ["[a"], "m": {"k": "[a"}, "n": {"a": {"b": [{"c": "[a"}]}}}',
        "l:\n- '[a'\nm:\n  k: '[a'\n\"n\":\n  a:\n    b:\n    - c: '[a'\nv: '[a'",
        "",
    ),
    (
        '{"v": "a]", "l": ["a]"], "m": {"k": "a]"}, "n": {"a": {"b": [{"c": "a]"}]}}}',
        'l:\n- a]\nm:\n  k: a]\n"n":\n  a:\n    b:\n    - c: a]\nv: a]',
        "",
    ),
    (
        '{"v": "{a", "l": ["{a"], "m": {"k": "{a"}, "n": {"a": {"b": [{"c": "{a"}]}}}',
        "l:\n- '{a'\nm:\n  k: '{a'\n\"n\":\n  a:\n    b:\n    - c: '{a'\nv: '{a'",
        "",
    ),
    (
        '{"v": "a,b", "l": ["a,b"], "m": {"k": "a,b"}, "n": {"a": {"b": [{"c": "a,b"}]}}}',
        'l:\n- a,b\nm:\n  k: a,b\n"n":\n  a:\n    b:\n    - c: a,b\nv: a,b',
        "",
    ),
    (
        '{"v": "a, b", "l": ["a, b"], "m": {"k": "a, b"}, "n": {"a": {"b": [{"c": "a, b"}]}}}',
        'l:\n- a, b\nm:\n  k: a, b\n"n":\n  a:\n    b:\n    - c: a, b\nv: a, b',
        "",
    ),
    (
        '{"v": "é", "l": ["é"], "m": {"k": "é"}, "n": {"a": {"b": [{"c": "é"}]}}}',
        'l:\n- é\nm:\n  k: é\n"n":\n  a:\n    b:\n    - c: é\nv: é',
        "",
    ),
    (
        '{"v": "日本語", "l": ["日本語"], "m": {"k": "日本語"}, "n": {"a": {"b": [{"c": "日本語"}]}}}',
        'l:\n- 日本語\nm:\n  k: 日本語\n"n":\n  a:\n    b:\n    - c: 日本語\nv: 日本語',
        "",
    ),
    (
        '{"v": "😀", "l": ["😀"], "m": {"k": "😀"}, "n": {"a": {"b": [{"c": "😀"}]}}}',
        'l:\n- "\\U0001F600"\nm:\n  k: "\\U0001F600"\n"n":\n  a:\n    b:\n    - c: "\\U0001F600"\nv: "\\U0001F600"',
        "",
    ),
    (
        '{"v": "\xa0x", "l": ["\xa0x"], "m": {"k": "\xa0x"}, "n": {"a": {"b": [{"c": "\xa0x"}]}}}',
        'l:\n- \xa0x\nm:\n  k: \xa0x\n"n":\n  a:\n    b:\n    - c: \xa0x\nv: \xa0x',
        "",
    ),
    (
        '{"v": "\x85", "l": ["\x85"], "m": {"k": "\x85"}, "n": {"a": {"b": [{"c": "\x85"}]}}}',
        "l:\n- ' '\nm:\n  k: ' '\n\"n\":\n  a:\n    b:\n    - c: ' '\nv: ' '",
        "",
    ),
    (
        '{"v": "\u2028", "l": ["\u2028"], "m": {"k": "\u2028"}, "n": {"a": {"b": [{"c": "\u2028"}]}}}',
        "l:\n- '\u2028'\nm:\n  k: '\u2028'\n\"n\":\n  a:\n    b:\n    - c: '\u2028'\nv: '\u2028'",
        "",
    ),
    (
        '{"v": "a\u2028b", "l": ["a\u2028b"], "m": {"k": "a\u2028b"}, "n": {"a": {"b": [{"c": "a\u2028b"}]}}}',
        "l:\n- 'a\u2028  b'\nm:\n  k: 'a\u2028    b'\n\"n\":\n  a:\n    b:\n    - c: 'a\u2028        b'\nv: 'a\u2028  b'",
        "",
    ),
    (
        '{"v": "\ufeffa", "l": ["\ufeffa"], "m": {"k": "\ufeffa"}, "n": {"a": {"b": [{"c": "\ufeffa"}]}}}',
        'l:\n- "\\uFEFF\\x61"\nm:\n  k: "\\uFEFF\\x61"\n"n":\n  a:\n    b:\n    - c: "\\uFEFF\\x61"\nv: "\\uFEFF\\x61"',
        "",
    ),
    (
        '{"v": "\x7f", "l": ["\x7f"], "m": {"k": "\x7f"}, "n": {"a": {"b": [{"c": "\x7f"}]}}}',
        "",
        "error converting YAML to JSON: yaml: control characters are not allowed",
    ),
    (
        '{"v": "\\u0001", "l": ["\\u0001"], "m": {"k": "\\u0001"}, "n": {"a": {"b": [{"c": "\\u0001"}]}}}',
        'l:\n- "\\x01"\nm:\n  k: "\\x01"\n"n":\n  a:\n    b:\n    - c: "\\x01"\nv: "\\x01"',
        "",
    ),
    (
        '{"v": "a\\tb", "l": ["a\\tb"], "m": {"k": "a\\tb"}, "n": {"a": {"b": [{"c": "a\\tb"}]}}}',
        'l:\n- "a\\tb"\nm:\n  k: "a\\tb"\n"n":\n  a:\n    b:\n    - c: "a\\tb"\nv: "a\\tb"',
        "",
    ),
    (
        '{"v": "\\t", "l": ["\\t"], "m": {"k": "\\t"}, "n": {"a": {"b": [{"c": "\\t"}]}}}',
        'l:\n- "\\t"\nm:\n  k: "\\t"\n"n":\n  a:\n    b:\n    - c: "\\t"\nv: "\\t"',
        "",
    ),
    (
        '{"v": "a\x85b", "l": ["a\x85b"], "m": {"k": "a\x85b"}, "n": {"a": {"b": [{"c": "a\x85b"}]}}}',
        'l:\n- a b\nm:\n  k: a b\n"n":\n  a:\n    b:\n    - c: a b\nv: a b',
        "",
    ),
    (
        '{"v": " ", "l": [" "], "m": {"k": " "}, "n": {"a": {"b": [{"c": " "}]}}}',
        "l:\n- ' '\nm:\n  k: ' '\n\"n\":\n  a:\n    b:\n    - c: ' '\nv: ' '",
        "",
    ),
    (
        '{"v": "  ", "l": ["  "], "m": {"k": "  "}, "n": {"a": {"b": [{"c": "  "}]}}}',
        "l:\n- '  '\nm:\n  k: '  '\n\"n\":\n  a:\n    b:\n    - c: '  '\nv: '  '",
        "",
    ),
    (
        '{"v": "a  b", "l": ["a  b"], "m": {"k": "a  b"}, "n": {"a": {"b": [{"c": "a  b"}]}}}',
        'l:\n- a  b\nm:\n  k: a  b\n"n":\n  a:\n    b:\n    - c: a  b\nv: a  b',
        "",
    ),
    (
        '{"v": "-", "l": ["-"], "m": {"k": "-"}, "n": {"a": {"b": [{"c": "-"}]}}}',
        "l:\n- '-'\nm:\n  k: '-'\n\"n\":\n  a:\n    b:\n    - c: '-'\nv: '-'",
        "",
    ),
    (
        '{"v": "--", "l": ["--"], "m": {"k": "--"}, "n": {"a": {"b": [{"c": "--"}]}}}',
        'l:\n- --\nm:\n  k: --\n"n":\n  a:\n    b:\n    - c: --\nv: --',
        "",
    ),
    (
        '{"v": "-.5", "l": ["-.5"], "m": {"k": "-.5"}, "n": {"a": {"b": [{"c": "-.5"}]}}}',
        'l:\n- "-.5"\nm:\n  k: "-.5"\n"n":\n  a:\n    b:\n    - c: "-.5"\nv: "-.5"',
        "",
    ),
    (
        '{"v": "+.5", "l": ["+.5"], "m": {"k": "+.5"}, "n": {"a": {"b": [{"c": "+.5"}]}}}',
        'l:\n- "+.5"\nm:\n  k: "+.5"\n"n":\n  a:\n    b:\n    - c: "+.5"\nv: "+.5"',
        "",
    ),
    (
        '{"v": "1.", "l": ["1."], "m": {"k": "1."}, "n": {"a": {"b": [{"c": "1."}]}}}',
        'l:\n- "1."\nm:\n  k: "1."\n"n":\n  a:\n    b:\n    - c: "1."\nv: "1."',
        "",
    ),
    (
        '{"v": "1e", "l": ["1e"], "m": {"k": "1e"}, "n": {"a": {"b": [{"c": "1e"}]}}}',
        'l:\n- 1e\nm:\n  k: 1e\n"n":\n  a:\n    b:\n    - c: 1e\nv: 1e',
        "",
    ),
    (
        '{"v": "0x", "l": ["0x"], "m": {"k": "0x"}, "n": {"a": {"b": [{"c": "0x"}]}}}',
        'l:\n- 0x\nm:\n  k: 0x\n"n":\n  a:\n    b:\n    - c: 0x\nv: 0x',
        "",
    ),
    (
        '{"v": "0o", "l": ["0o"], "m": {"k": "0o"}, "n": {"a": {"b": [{"c": "0o"}]}}}',
        'l:\n- 0o\nm:\n  k: 0o\n"n":\n  a:\n    b:\n    - c: 0o\nv: 0o',
        "",
    ),
    (
        '{"v": "0b2", "l": ["0b2"], "m": {"k": "0b2"}, "n": {"a": {"b": [{"c": "0b2"}]}}}',
        'l:\n- 0b2\nm:\n  k: 0b2\n"n":\n  a:\n    b:\n    - c: 0b2\nv: 0b2',
        "",
    ),
    (
        '{"v": "00", "l": ["00"], "m": {"k": "00"}, "n": {"a": {"b": [{"c": "00"}]}}}',
        'l:\n- "00"\nm:\n  k: "00"\n"n":\n  a:\n    b:\n    - c: "00"\nv: "00"',
        "",
    ),
    (
        '{"v": "-0", "l": ["-0"], "m": {"k": "-0"}, "n": {"a": {"b": [{"c": "-0"}]}}}',
        'l:\n- "-0"\nm:\n  k: "-0"\n"n":\n  a:\n    b:\n    - c: "-0"\nv: "-0"',
        "",
    ),
    (
        '{"v": "1__0", "l": ["1__0"], "m": {"k": "1__0"}, "n": {"a": {"b": [{"c": "1__0"}]}}}',
        'l:\n- "1__0"\nm:\n  k: "1__0"\n"n":\n  a:\n    b:\n    - c: "1__0"\nv: "1__0"',
        "",
    ),
    (
        '{"v": "1,000", "l": ["1,000"], "m": {"k": "1,000"}, "n": {"a": {"b": [{"c": "1,000"}]}}}',
        'l:\n- 1,000\nm:\n  k: 1,000\n"n":\n  a:\n    b:\n    - c: 1,000\nv: 1,000',
        "",
    ),
    (
        '{"v": "1 000", "l": ["1 000"], "m": {"k": "1 000"}, "n": {"a": {"b": [{"c": "1 000"}]}}}',
        'l:\n- 1 000\nm:\n  k: 1 000\n"n":\n  a:\n    b:\n    - c: 1 000\nv: 1 000',
        "",
    ),
    (
        '{"v": "+", "l": ["+"], "m": {"k": "+"}, "n": {"a": {"b": [{"c": "+"}]}}}',
        'l:\n- +\nm:\n  k: +\n"n":\n  a:\n    b:\n    - c: +\nv: +',
        "",
    ),
    (
        '{"v": ".", "l": ["."], "m": {"k": "."}, "n": {"a": {"b": [{"c": "."}]}}}',
        'l:\n- .\nm:\n  k: .\n"n":\n  a:\n    b:\n    - c: .\nv: .',
        "",
    ),
    (
        '{"v": "..", "l": [".."], "m": {"k": ".."}, "n": {"a": {"b": [{"c": ".."}]}}}',
        'l:\n- ..\nm:\n  k: ..\n"n":\n  a:\n    b:\n    - c: ..\nv: ..',
        "",
    ),
    (
        '{"v": "0.0.1", "l": ["0.0.1"], "m": {"k": "0.0.1"}, "n": {"a": {"b": [{"c": "0.0.1"}]}}}',
        'l:\n- 0.0.1\nm:\n  k: 0.0.1\n"n":\n  a:\n    b:\n    - c: 0.0.1\nv: 0.0.1',
        "",
    ),
    (
        '{"v": "v1.2.3", "l": ["v1.2.3"], "m": {"k": "v1.2.3"}, "n": {"a": {"b": [{"c": "v1.2.3"}]}}}',
        'l:\n- v1.2.3\nm:\n  k: v1.2.3\n"n":\n  a:\n    b:\n    - c: v1.2.3\nv: v1.2.3',
        "",
    ),
    (
        '{"v": "1.2.3", "l": ["1.2.3"], "m": {"k": "1.2.3"}, "n": {"a": {"b": [{"c": "1.2.3"}]}}}',
        'l:\n- 1.2.3\nm:\n  k: 1.2.3\n"n":\n  a:\n    b:\n    - c: 1.2.3\nv: 1.2.3',
        "",
    ),
    (
        '{"v": "true1", "l": ["true1"], "m": {"k": "true1"}, "n": {"a": {"b": [{"c": "true1"}]}}}',
        'l:\n- true1\nm:\n  k: true1\n"n":\n  a:\n    b:\n    - c: true1\nv: true1',
        "",
    ),
    (
        '{"v": "nullx", "l": ["nullx"], "m": {"k": "nullx"}, "n": {"a": {"b": [{"c": "nullx"}]}}}',
        'l:\n- nullx\nm:\n  k: nullx\n"n":\n  a:\n    b:\n    - c: nullx\nv: nullx',
        "",
    ),
    (
        '{"v": "Yes", "l": ["Yes"], "m": {"k": "Yes"}, "n": {"a": {"b": [{"c": "Yes"}]}}}',
        'l:\n- "Yes"\nm:\n  k: "Yes"\n"n":\n  a:\n    b:\n    - c: "Yes"\nv: "Yes"',
        "",
    ),
    (
        '{"v": "yES", "l": ["yES"], "m": {"k": "yES"}, "n": {"a": {"b": [{"c": "yES"}]}}}',
        'l:\n- yES\nm:\n  k: yES\n"n":\n  a:\n    b:\n    - c: yES\nv: yES',
        "",
    ),
    (
        '{"v": "ON", "l": ["ON"], "m": {"k": "ON"}, "n": {"a": {"b": [{"c": "ON"}]}}}',
        'l:\n- "ON"\nm:\n  k: "ON"\n"n":\n  a:\n    b:\n    - c: "ON"\nv: "ON"',
        "",
    ),
    (
        '{"v": "oN", "l": ["oN"], "m": {"k": "oN"}, "n": {"a": {"b": [{"c": "oN"}]}}}',
        'l:\n- oN\nm:\n  k: oN\n"n":\n  a:\n    b:\n    - c: oN\nv: oN',
        "",
    ),
    (
        '{"v": "NaN", "l": ["NaN"], "m": {"k": "NaN"}, "n": {"a": {"b": [{"c": "NaN"}]}}}',
        'l:\n- NaN\nm:\n  k: NaN\n"n":\n  a:\n    b:\n    - c: NaN\nv: NaN',
        "",
    ),
    (
        '{"v": "nan", "l": ["nan"], "m": {"k": "nan"}, "n": {"a": {"b": [{"c": "nan"}]}}}',
        'l:\n- nan\nm:\n  k: nan\n"n":\n  a:\n    b:\n    - c: nan\nv: nan',
        "",
    ),
    (
        '{"v": "inf", "l": ["inf"], "m": {"k": "inf"}, "n": {"a": {"b": [{"c": "inf"}]}}}',
        'l:\n- inf\nm:\n  k: inf\n"n":\n  a:\n    b:\n    - c: inf\nv: inf',
        "",
    ),
    (
        '{"v": "Inf", "l": ["Inf"], "m": {"k": "Inf"}, "n": {"a": {"b": [{"c": "Inf"}]}}}',
        'l:\n- Inf\nm:\n  k: Inf\n"n":\n  a:\n    b:\n    - c: Inf\nv: Inf',
        "",
    ),
    (
        '{"v": "infinity", "l": ["infinity"], "m": {"k": "infinity"}, "n": {"a": {"b": [{"c": "infinity"}]}}}',
        'l:\n- infinity\nm:\n  k: infinity\n"n":\n  a:\n    b:\n    - c: infinity\nv: infinity',
        "",
    ),
    (
        '{"v": "0755", "l": ["0755"], "m": {"k": "0755"}, "n": {"a": {"b": [{"c": "0755"}]}}}',
        'l:\n- "0755"\nm:\n  k: "0755"\n"n":\n  a:\n    b:\n    - c: "0755"\nv: "0755"',
        "",
    ),
    (
        '{"v": "0789", "l": ["0789"], "m": {"k": "0789"}, "n": {"a": {"b": [{"c": "0789"}]}}}',
        'l:\n- "0789"\nm:\n  k: "0789"\n"n":\n  a:\n    b:\n    - c: "0789"\nv: "0789"',
        "",
    ),
    (
        '{"v": "08.5", "l": ["08.5"], "m": {"k": "08.5"}, "n": {"a": {"b": [{"c": "08.5"}]}}}',
        'l:\n- "08.5"\nm:\n  k: "08.5"\n"n":\n  a:\n    b:\n    - c: "08.5"\nv: "08.5"',
        "",
    ),
    (
        '{"v": "1e+3", "l": ["1e+3"], "m": {"k": "1e+3"}, "n": {"a": {"b": [{"c": "1e+3"}]}}}',
        'l:\n- "1e+3"\nm:\n  k: "1e+3"\n"n":\n  a:\n    b:\n    - c: "1e+3"\nv: "1e+3"',
        "",
    ),
    (
        '{"v": "1E3", "l": ["1E3"], "m": {"k": "1E3"}, "n": {"a": {"b": [{"c": "1E3"}]}}}',
        'l:\n- "1E3"\nm:\n  k: "1E3"\n"n":\n  a:\n    b:\n    - c: "1E3"\nv: "1E3"',
        "",
    ),
    (
        '{"v": "-1e-3", "l": ["-1e-3"], "m": {"k": "-1e-3"}, "n": {"a": {"b": [{"c": "-1e-3"}]}}}',
        'l:\n- "-1e-3"\nm:\n  k: "-1e-3"\n"n":\n  a:\n    b:\n    - c: "-1e-3"\nv: "-1e-3"',
        "",
    ),
    (
        '{"v": "1_0.5", "l": ["1_0.5"], "m": {"k": "1_0.5"}, "n": {"a": {"b": [{"c": "1_0.5"}]}}}',
        'l:\n- "1_0.5"\nm:\n  k: "1_0.5"\n"n":\n  a:\n    b:\n    - c: "1_0.5"\nv: "1_0.5"',
        "",
    ),
    (
        '{"v": "._5", "l": ["._5"], "m": {"k": "._5"}, "n": {"a": {"b": [{"c": "._5"}]}}}',
        'l:\n- ._5\nm:\n  k: ._5\n"n":\n  a:\n    b:\n    - c: ._5\nv: ._5',
        "",
    ),
    (
        '{"v": ".5_0", "l": [".5_0"], "m": {"k": ".5_0"}, "n": {"a": {"b": [{"c": ".5_0"}]}}}',
        'l:\n- ".5_0"\nm:\n  k: ".5_0"\n"n":\n  a:\n    b:\n    - c: ".5_0"\nv: ".5_0"',
        "",
    ),
    (
        '{"v": "190:20:30", "l": ["190:20:30"], "m": {"k": "190:20:30"}, "n": {"a": {"b": [{"c": "190:20:30"}]}}}',
        'l:\n- "190:20:30"\nm:\n  k: "190:20:30"\n"n":\n  a:\n    b:\n    - c: "190:20:30"\nv: "190:20:30"',
        "",
    ),
    (
        '{"v": "+1:30", "l": ["+1:30"], "m": {"k": "+1:30"}, "n": {"a": {"b": [{"c": "+1:30"}]}}}',
        'l:\n- "+1:30"\nm:\n  k: "+1:30"\n"n":\n  a:\n    b:\n    - c: "+1:30"\nv: "+1:30"',
        "",
    ),
    (
        '{"v": "1:60", "l": ["1:60"], "m": {"k": "1:60"}, "n": {"a": {"b": [{"c": "1:60"}]}}}',
        'l:\n- 1:60\nm:\n  k: 1:60\n"n":\n  a:\n    b:\n    - c: 1:60\nv: 1:60',
        "",
    ),
    (
        '{"v": "1:5.5", "l": ["1:5.5"], "m": {"k": "1:5.5"}, "n": {"a": {"b": [{"c": "1:5.5"}]}}}',
        'l:\n- "1:5.5"\nm:\n  k: "1:5.5"\n"n":\n  a:\n    b:\n    - c: "1:5.5"\nv: "1:5.5"',
        "",
    ),
    (
        '{"v": "12:3", "l": ["12:3"], "m": {"k": "12:3"}, "n": {"a": {"b": [{"c": "12:3"}]}}}',
        'l:\n- "12:3"\nm:\n  k: "12:3"\n"n":\n  a:\n    b:\n    - c: "12:3"\nv: "12:3"',
        "",
    ),
    (
        '{"v": "a: b: c", "l": ["a: b: c"], "m": {"k": "a: b: c"}, "n": {"a": {"b": [{"c": "a: b: c"}]}}}',
        "l:\n- 'a: b: c'\nm:\n  k: 'a: b: c'\n\"n\":\n  a:\n    b:\n    - c: 'a: b: c'\nv: 'a: b: c'",
        "",
    ),
    (
        '{"v": "x:y", "l": ["x:y"], "m": {"k": "x:y"}, "n": {"a": {"b": [{"c": "x:y"}]}}}',
        'l:\n- x:y\nm:\n  k: x:y\n"n":\n  a:\n    b:\n    - c: x:y\nv: x:y',
        "",
    ),
    (
        '{"v": "http://x", "l": ["http://x"], "m": {"k": "http://x"}, "n": {"a": {"b": [{"c": "http://x"}]}}}',
        'l:\n- http://x\nm:\n  k: http://x\n"n":\n  a:\n    b:\n    - c: http://x\nv: http://x',
        "",
    ),
    (
        '{"v": "a\\\\b", "l": ["a\\\\b"], "m": {"k": "a\\\\b"}, "n": {"a": {"b": [{"c": "a\\\\b"}]}}}',
        'l:\n- a\\b\nm:\n  k: a\\b\n"n":\n  a:\n    b:\n    - c: a\\b\nv: a\\b',
        "",
    ),
    (
        '{"v": "it\'s", "l": ["it\'s"], "m": {"k": "it\'s"}, "n": {"a": {"b": [{"c": "it\'s"}]}}}',
        "l:\n- it's\nm:\n  k: it's\n\"n\":\n  a:\n    b:\n    - c: it's\nv: it's",
        "",
    ),
    (
        '{"keys": {"on": 1, "off": 1, "y": 1, "n": 1, "Y": 1, "NO": 1, "true": 1, "null": 1, "~": 1, "1": 1, "1.0": 1, "0x1F": 1, "1e3": 1, ".5": 1, "-1": 1, "+1": 1, "1:30": 1, "12:30:45": 1, "0o17": 1, "0b11": 1, ".inf": 1, "-.inf": 1, ".nan": 1, "2024-01-01T10:00:00Z": 1, "2001-12-14 21:59:43.10": 1, "2024-13-01": 1, "2024-02-30": 1, "2024-1-2": 1, "2024-01-01T25:00:00Z": 1, "1_000": 1, "<<": 1, "=": 1, "---": 1, "...": 1, "- a": 1, "-a": 1, "?": 1, "? a": 1, ":a": 1, "a:": 1, "a#b": 1, "a #b": 1, "#a": 1, "@a": 1, "`a": 1, "!a": 1, "&a": 1, "*a": 1, "|a": 1, ">a": 1, "%a": 1, "\'a": 1, "\\"a": 1, "[a": 1, "a]": 1, "{a": 1, "a,b": 1, "a, b": 1, "é": 1, "日本語": 1, "😀": 1, "\xa0x": 1, "\x85": 1, "\u2028": 1, "a\u2028b": 1, "\ufeffa": 1, "\x7f": 1, "\\u0001": 1, "a\\tb": 1, "\\t": 1, "a\x85b": 1, " ": 1, "  ": 1, "a  b": 1, "-": 1, "--": 1, "-.5": 1, "+.5": 1, "1.": 1, "1e": 1, "0x": 1, "0o": 1, "0b2": 1, "00": 1, "-0": 1, "1__0": 1, "1,000": 1, "1 000": 1, "+": 1, ".": 1, "..": 1, "0.0.1": 1, "v1.2.3": 1, "1.2.3": 1, "true1": 1, "nullx": 1, "Yes": 1, "yES": 1, "ON": 1, "oN": 1, "NaN": 1, "nan": 1, "inf": 1, "Inf": 1, "infinity": 1, "0755": 1, "0789": 1, "08.5": 1, "1e+3": 1, "1E3": 1, "-1e-3": 1, "1_0.5": 1, "._5": 1, ".5_0": 1, "190:20:30": 1, "+1:30": 1, "1:60": 1, "1:5.5": 1, "12:3": 1, "a: b: c": 1, "x:y": 1, "http://x": 1, "a\\\\b": 1, "it\'s": 1}}',
        "",
        "error converting YAML to JSON: yaml: control characters are not allowed",
    ),
    (
        '{"v": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur", "l": ["lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"], "m": {"k": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}, "n": {"a": {"b": [{"c": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}]}}}',
        'l:\n- lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum\n  dolor sit amet consectetur\nm:\n  k: lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur\n"n":\n  a:\n    b:\n    - c: lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur\nv: lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum\n  dolor sit amet consectetur',
        "",
    ),
    (
        '{"v": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur  double  spaces  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur", "l": ["lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur  double  spaces  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"], "m": {"k": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur  double  spaces  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}, "n": {"a": {"b": [{"c": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur  double  spaces  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}]}}}',
        'l:\n- lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum\n  dolor sit amet consectetur  double  spaces  lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\nm:\n  k: lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur  double  spaces  lorem ipsum dolor sit\n    amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit\n    amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit\n    amet consectetur\n"n":\n  a:\n    b:\n    - c: lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur  double  spaces  lorem ipsum dolor\n        sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor\n        sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor\n        sit amet consectetur\nv: lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum\n  dolor sit amet consectetur  double  spaces  lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur',
        "",
    ),
    (
        '{"v": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "l": ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"], "m": {"k": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}, "n": {"a": {"b": [{"c": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}]}}}',
        'l:\n- xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nm:\n  k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"n":\n  a:\n    b:\n    - c: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nv: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        "",
    ),
    (
        '{"v": "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy ", "l": ["yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy "], "m": {"k": "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy "}, "n": {"a": {"b": [{"c": "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy "}]}}}',
        "l:\n- 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n  yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy '\nm:\n  k: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n    yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy '\n\"n\":\n  a:\n    b:\n    - c: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n        yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy '\nv: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n  yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy '",
        "",
    ),
    (
        '{"v": "\'lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur", "l": ["\'lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"], "m": {"k": "\'lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}, "n": {"a": {"b": [{"c": "\'lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}]}}}',
        "l:\n- '''lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur'\nm:\n  k: '''lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur'\n\"n\":\n  a:\n    b:\n    - c: '''lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur'\nv: '''lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur'",
        "",
    ),
    (
        '{"v": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur:", "l": ["lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur:"], "m": {"k": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur:"}, "n": {"a": {"b": [{"c": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur:"}]}}}',
        "l:\n- 'lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum\n  dolor sit amet consectetur:'\nm:\n  k: 'lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur:'\n\"n\":\n  a:\n    b:\n    - c: 'lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur:'\nv: 'lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur:'",
        "",
    ),
    (
        '{"v": "a\\tlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur", "l": ["a\\tlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"], "m": {"k": "a\\tlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}, "n": {"a": {"b": [{"c": "a\\tlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}]}}}',
        'l:\n- "a\\tlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur"\nm:\n  k: "a\\tlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur"\n"n":\n  a:\n    b:\n    - c: "a\\tlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur"\nv: "a\\tlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur"',
        "",
    ),
    (
        '{"v": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\\nlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur", "l": ["lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\\nlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"], "m": {"k": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\\nlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}, "n": {"a": {"b": [{"c": "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\\nlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}]}}}',
        'l:\n- |-\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\nm:\n  k: |-\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n"n":\n  a:\n    b:\n    - c: |-\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\nv: |-\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur',
        "",
    ),
    (
        '{"v": " lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur", "l": [" lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"], "m": {"k": " lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}, "n": {"a": {"b": [{"c": " lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}]}}}',
        "l:\n- ' lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur'\nm:\n  k: ' lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur'\n\"n\":\n  a:\n    b:\n    - c: ' lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur'\nv: ' lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur'",
        "",
    ),
    (
        '{"v": "\\"lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur", "l": ["\\"lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"], "m": {"k": "\\"lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}, "n": {"a": {"b": [{"c": "\\"lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur"}]}}}',
        "l:\n- '\"lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum\n  dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor\n  sit amet consectetur lorem ipsum dolor sit amet consectetur'\nm:\n  k: '\"lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur'\n\"n\":\n  a:\n    b:\n    - c: '\"lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n        lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur'\nv: '\"lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem\n  ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum\n  dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor\n  sit amet consectetur lorem ipsum dolor sit amet consectetur'",
        "",
    ),
    (
        '{"v": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c", "l": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c"], "m": {"k": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c"}, "n": {"a": {"b": [{"c": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c"}]}}}',
        'l:\n- aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c\nm:\n  k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n    b c\n"n":\n  a:\n    b:\n    - c: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n        b c\nv: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c',
        "",
    ),
    (
        '{"v": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c", "l": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c"], "m": {"k": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c"}, "n": {"a": {"b": [{"c": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c"}]}}}',
        'l:\n- aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c\nm:\n  k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n    b c\n"n":\n  a:\n    b:\n    - c: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n        b c\nv: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c',
        "",
    ),
    (
        '{"v": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c", "l": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c"], "m": {"k": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c"}, "n": {"a": {"b": [{"c": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c"}]}}}',
        'l:\n- aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c\nm:\n  k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n    b c\n"n":\n  a:\n    b:\n    - c: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n        b c\nv: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c',
        "",
    ),
    (
        '{"v": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b c", "l": ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b c"], "m": {"k": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b c"}, "n": {"a": {"b": [{"c": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b c"}]}}}',
        'l:\n- aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b\n  c\nm:\n  k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b\n    c\n"n":\n  a:\n    b:\n    - c: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b\n        c\nv: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b\n  c',
        "",
    ),
    (
        '{"v": "ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab", "l": ["ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab"], "m": {"k": "ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab"}, "n": {"a": {"b": [{"c": "ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab"}]}}}',
        'l:\n- ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab\n  ab ab ab ab ab ab ab ab ab ab ab ab ab\nm:\n  k: ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab\n    ab ab ab ab ab ab ab ab ab ab ab ab ab ab\n"n":\n  a:\n    b:\n    - c: ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab\n        ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab\nv: ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab\n  ab ab ab ab ab ab ab ab ab ab ab ab ab',
        "",
    ),
    (
        '{"keys": {"lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur": 1, "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur  double  spaces  lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur": 1, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": 1, "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy ": 1, "\'lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur": 1, "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur:": 1, "a\\tlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur": 1, "lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\\nlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur": 1, " lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur": 1, "\\"lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur": 1, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c": 1, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c": 1, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c": 1, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b c": 1, "ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab": 1}}',
        "keys:\n  ? ' lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur'\n  : 1\n  ? '\"lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur'\n  : 1\n  ? '''lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur'\n  : 1\n  ? \"a\\tlorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur\"\n  : 1\n  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  b c: 1\n  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c: 1\n  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c: 1\n  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b c: 1\n  ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab: 1\n  ? lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur\n  : 1\n  ? |-\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n  : 1\n  ? lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur  double  spaces  lorem ipsum dolor sit\n    amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit\n    amet consectetur lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit\n    amet consectetur\n  : 1\n  ? 'lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur lorem ipsum dolor sit amet consectetur\n    lorem ipsum dolor sit amet consectetur:'\n  : 1\n  xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: 1\n  ? 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n    yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy '\n  : 1",
        "",
    ),
    (
        '{"v": "a\\nb", "l": ["a\\nb"], "m": {"k": "a\\nb"}, "n": {"a": {"b": [{"c": "a\\nb"}]}}}',
        'l:\n- |-\n  a\n  b\nm:\n  k: |-\n    a\n    b\n"n":\n  a:\n    b:\n    - c: |-\n        a\n        b\nv: |-\n  a\n  b',
        "",
    ),
    (
        '{"v": "a\\nb\\n", "l": ["a\\nb\\n"], "m": {"k": "a\\nb\\n"}, "n": {"a": {"b": [{"c": "a\\nb\\n"}]}}}',
        'l:\n- |\n  a\n  b\nm:\n  k: |\n    a\n    b\n"n":\n  a:\n    b:\n    - c: |\n        a\n        b\nv: |\n  a\n  b',
        "",
    ),
    (
        '{"v": "a\\nb\\n\\n", "l": ["a\\nb\\n\\n"], "m": {"k": "a\\nb\\n\\n"}, "n": {"a": {"b": [{"c": "a\\nb\\n\\n"}]}}}',
        'l:\n- |+\n  a\n  b\n\nm:\n  k: |+\n    a\n    b\n\n"n":\n  a:\n    b:\n    - c: |+\n        a\n        b\n\nv: |+\n  a\n  b\n',
        "",
    ),
    (
        '{"v": " a\\nb", "l": [" a\\nb"], "m": {"k": " a\\nb"}, "n": {"a": {"b": [{"c": " a\\nb"}]}}}',
        'l:\n- |2-\n   a\n  b\nm:\n  k: |2-\n     a\n    b\n"n":\n  a:\n    b:\n    - c: |2-\n         a\n        b\nv: |2-\n   a\n  b',
        "",
    ),
    (
        '{"v": "a \\nb", "l": ["a \\nb"], "m": {"k": "a \\nb"}, "n": {"a": {"b": [{"c": "a \\nb"}]}}}',
        'l:\n- "a \\nb"\nm:\n  k: "a \\nb"\n"n":\n  a:\n    b:\n    - c: "a \\nb"\nv: "a \\nb"',
        "",
    ),
    (
        '{"v": "a\\n b", "l": ["a\\n b"], "m": {"k": "a\\n b"}, "n": {"a": {"b": [{"c": "a\\n b"}]}}}',
        'l:\n- |-\n  a\n   b\nm:\n  k: |-\n    a\n     b\n"n":\n  a:\n    b:\n    - c: |-\n        a\n         b\nv: |-\n  a\n   b',
        "",
    ),
    (
        '{"v": "\\n", "l": ["\\n"], "m": {"k": "\\n"}, "n": {"a": {"b": [{"c": "\\n"}]}}}',
        'l:\n- |2+\n\nm:\n  k: |2+\n\n"n":\n  a:\n    b:\n    - c: |2+\n\nv: |2+\n',
        "",
    ),
    (
        '{"v": "\\n\\n", "l": ["\\n\\n"], "m": {"k": "\\n\\n"}, "n": {"a": {"b": [{"c": "\\n\\n"}]}}}',
        'l:\n- |2+\n\n\nm:\n  k: |2+\n\n\n"n":\n  a:\n    b:\n    - c: |2+\n\n\nv: |2+\n\n',
        "",
    ),
    (
        '{"v": "a\\n", "l": ["a\\n"], "m": {"k": "a\\n"}, "n": {"a": {"b": [{"c": "a\\n"}]}}}',
        'l:\n- |\n  a\nm:\n  k: |\n    a\n"n":\n  a:\n    b:\n    - c: |\n        a\nv: |\n  a',
        "",
    ),
    (
        '{"v": "\\na", "l": ["\\na"], "m": {"k": "\\na"}, "n": {"a": {"b": [{"c": "\\na"}]}}}',
        'l:\n- |2-\n\n  a\nm:\n  k: |2-\n\n    a\n"n":\n  a:\n    b:\n    - c: |2-\n\n        a\nv: |2-\n\n  a',
        "",
    ),
    (
        '{"v": "a\\tb\\nc", "l": ["a\\tb\\nc"], "m": {"k": "a\\tb\\nc"}, "n": {"a": {"b": [{"c": "a\\tb\\nc"}]}}}',
        'l:\n- "a\\tb\\nc"\nm:\n  k: "a\\tb\\nc"\n"n":\n  a:\n    b:\n    - c: "a\\tb\\nc"\nv: "a\\tb\\nc"',
        "",
    ),
    (
        '{"v": "trail \\nx", "l": ["trail \\nx"], "m": {"k": "trail \\nx"}, "n": {"a": {"b": [{"c": "trail \\nx"}]}}}',
        'l:\n- "trail \\nx"\nm:\n  k: "trail \\nx"\n"n":\n  a:\n    b:\n    - c: "trail \\nx"\nv: "trail \\nx"',
        "",
    ),
    (
        '{"v": "x\\r\\ny", "l": ["x\\r\\ny"], "m": {"k": "x\\r\\ny"}, "n": {"a": {"b": [{"c": "x\\r\\ny"}]}}}',
        'l:\n- "x\\r\\ny"\nm:\n  k: "x\\r\\ny"\n"n":\n  a:\n    b:\n    - c: "x\\r\\ny"\nv: "x\\r\\ny"',
        "",
    ),
    (
        '{"v": "a\\n\\nb", "l": ["a\\n\\nb"], "m": {"k": "a\\n\\nb"}, "n": {"a": {"b": [{"c": "a\\n\\nb"}]}}}',
        'l:\n- |-\n  a\n\n  b\nm:\n  k: |-\n    a\n\n    b\n"n":\n  a:\n    b:\n    - c: |-\n        a\n\n        b\nv: |-\n  a\n\n  b',
        "",
    ),
    (
        '{"v": "a\\n  b\\n    c\\n", "l": ["a\\n  b\\n    c\\n"], "m": {"k": "a\\n  b\\n    c\\n"}, "n": {"a": {"b": [{"c": "a\\n  b\\n    c\\n"}]}}}',
        'l:\n- |\n  a\n    b\n      c\nm:\n  k: |\n    a\n      b\n        c\n"n":\n  a:\n    b:\n    - c: |\n        a\n          b\n            c\nv: |\n  a\n    b\n      c',
        "",
    ),
    (
        '{"v": "# c\\nd", "l": ["# c\\nd"], "m": {"k": "# c\\nd"}, "n": {"a": {"b": [{"c": "# c\\nd"}]}}}',
        'l:\n- |-\n  # c\n  d\nm:\n  k: |-\n    # c\n    d\n"n":\n  a:\n    b:\n    - c: |-\n        # c\n        d\nv: |-\n  # c\n  d',
        "",
    ),
    (
        '{"v": "- a\\n- b", "l": ["- a\\n- b"], "m": {"k": "- a\\n- b"}, "n": {"a": {"b": [{"c": "- a\\n- b"}]}}}',
        'l:\n- |-\n  - a\n  - b\nm:\n  k: |-\n    - a\n    - b\n"n":\n  a:\n    b:\n    - c: |-\n        - a\n        - b\nv: |-\n  - a\n  - b',
        "",
    ),
    (
        '{"v": "a\u2028b\\nc", "l": ["a\u2028b\\nc"], "m": {"k": "a\u2028b\\nc"}, "n": {"a": {"b": [{"c": "a\u2028b\\nc"}]}}}',
        'l:\n- |-\n  a\u2028  b\n  c\nm:\n  k: |-\n    a\u2028    b\n    c\n"n":\n  a:\n    b:\n    - c: |-\n        a\u2028        b\n        c\nv: |-\n  a\u2028  b\n  c',
        "",
    ),
    (
        '{"v": "\ufeffa\\nb", "l": ["\ufeffa\\nb"], "m": {"k": "\ufeffa\\nb"}, "n": {"a": {"b": [{"c": "\ufeffa\\nb"}]}}}',
        'l:\n- "\\uFEFF\\x61\\n\\x62"\nm:\n  k: "\\uFEFF\\x61\\n\\x62"\n"n":\n  a:\n    b:\n    - c: "\\uFEFF\\x61\\n\\x62"\nv: "\\uFEFF\\x61\\n\\x62"',
        "",
    ),
    (
        '{"keys": {"a\\nb": 1, "a\\nb\\n": 1, "a\\nb\\n\\n": 1, " a\\nb": 1, "a \\nb": 1, "a\\n b": 1, "\\n": 1, "\\n\\n": 1, "a\\n": 1, "\\na": 1, "a\\tb\\nc": 1, "trail \\nx": 1, "x\\r\\ny": 1, "a\\n\\nb": 1, "a\\n  b\\n    c\\n": 1, "# c\\nd": 1, "- a\\n- b": 1, "a\u2028b\\nc": 1, "\ufeffa\\nb": 1}}',
        "",
        "error converting YAML to JSON: yaml: line 1: did not find expected ',' or '}'",
    ),
]

LOADED_AS_JSON = [
    (
        "y: 1\nn: 2\non: 3\nNo: 4\n~: 5\n",
        "",
        "error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: 5",
    ),
    (
        "? [a]\n: 1\n",
        "",
        'error converting YAML to JSON: yaml: invalid map key: []interface {}{"a"}',
    ),
    ("a: .inf\n", "", "error converting YAML to JSON: json: unsupported value: +Inf"),
    ("a: .nan\n", "", "error converting YAML to JSON: json: unsupported value: NaN"),
    (
        "- a\n- b\n",
        "",
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type chartutil.Values",
    ),
    (
        "just a string\n",
        "",
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type chartutil.Values",
    ),
    (
        "42\n",
        "",
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number into Go value of type chartutil.Values",
    ),
    ("a: 1\na: 2\n", '{"a":2}', ""),
    ('1: a\n"1": b\n', '{"1":"b"}', ""),
    (
        "a: [1, 2\n",
        "",
        "error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'",
    ),
    (
        "a: b: c\n",
        "",
        "error converting YAML to JSON: yaml: mapping values are not allowed in this context",
    ),
    (
        "a:\n\tb: 1\n",
        "",
        "error converting YAML to JSON: yaml: line 2: found character that cannot start any token",
    ),
    (
        "a: 'unterminated\n",
        "",
        "error converting YAML to JSON: yaml: line 2: found unexpected end of stream",
    ),
    (
        "a: *unknown\n",
        "",
        "error converting YAML to JSON: yaml: unknown anchor 'unknown' referenced",
    ),
    (
        "a: &x\n  b: *x\n",
        "",
        "error converting YAML to JSON: yaml: anchor 'x' value contains itself",
    ),
    (
        "x: !!int abc\n",
        "",
        "error converting YAML to JSON: yaml: cannot decode !!str `abc` as a !!int",
    ),
    (
        "x: !!float abc\n",
        "",
        "error converting YAML to JSON: yaml: cannot decode !!str `abc` as a !!float",
    ),
    (
        "x: !!bool 1\n",
        "",
        "error converting YAML to JSON: yaml: cannot decode !!int `1` as a !!bool",
    ),
    ("x: !!null ''\n", '{"x":null}', ""),
    (
        "0x10: a\n010: b\n1e3: c\n0.1: d\n1.0: e\n.inf: f\n2024-01-01: g\nnull: h\n",
        "",
        'error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: "h"',
    ),
    (
        "a: 9007199254740993\nb: 123456789012345678901234567890\n",
        '{"a":9007199254740992,"b":1.2345678901234568e+29}',
        "",
    ),
    ('a: "\\x41\\u00e9\\U0001F600"\n', '{"a":"Aé😀"}', ""),
    ("a: |\n  text\n  more\n", '{"a":"text\\nmore\\n"}', ""),
    ("a: >\n  folded\n  text\n", '{"a":"folded text\\n"}', ""),
    ("a: !!binary |\n  aGVsbG8gd29y\n  bGQ=\n", '{"a":"hello world"}', ""),
    (
        "a: -.5\nb: +.5\nc: 1.\nd: 1e+3\ne: 6.02e23\n",
        '{"a":-0.5,"b":0.5,"c":1,"d":1000,"e":6.02e+23}',
        "",
    ),
    ("list:\n- &a x\n- *a\n", '{"list":["x","x"]}', ""),
    ("%YAML 1.1\n---\na: 1\n", '{"a":1}', ""),
    (
        "a: 2001-12-14t21:59:43.10-05:00\nb: 12:30\n",
        '{"a":"2001-12-14t21:59:43.10-05:00","b":"12:30"}',
        "",
    ),
    ("a:\n  - b\n  -\n  - c\n", '{"a":["b",null,"c"]}', ""),
    ("<<: {a: 1}\nb: 2\n", '{"a":1,"b":2}', ""),
    ("a: !!str\nb: !!map {}\n", '{"a":"","b":{}}', ""),
]


@pytest.mark.parametrize(("document", "expected", "error"), TO_YAML)
def test_to_yaml_matches_helm(document: str, expected: str, error: str) -> None:
    if error:
        with pytest.raises(goyaml.YAMLError) as caught:
            goyaml.load_values(document)
        assert str(caught.value) == error
        return
    assert goyaml.to_yaml(goyaml.load_values(document)) == expected


@pytest.mark.parametrize(("document", "expected", "error"), LOADED_AS_JSON)
def test_load_values_matches_helm(document: str, expected: str, error: str) -> None:
    # The oracle read values with chartutil.ReadValues, whose Go type is chartutil.Values.
    if error:
        with pytest.raises(goyaml.YAMLError) as caught:
            goyaml.load_values(document, go_type="chartutil.Values")
        assert str(caught.value) == error
        return
    assert gojson.marshal(goyaml.load_values(document)) == expected


def test_overflowing_numbers_stay_strings_as_in_go_yaml() -> None:
    # Go's ParseFloat fails with ErrRange, so go-yaml keeps the text (checked with helm
    # v3.22.0: a manifest with `checksum: 03770e933191` and `a: 1e400` renders unchanged).
    from shipyard.core.charts import yamlresolving

    assert yamlresolving.resolve_plain("03770e933191") == ("str", "03770e933191")
    assert yamlresolving.resolve_plain("1e400") == ("str", "1e400")
    assert yamlresolving.resolve_plain("1e6") == ("float", 1000000.0)
    assert goyaml.decode("checksum: 03770e933191") == {"checksum": "03770e933191"}
