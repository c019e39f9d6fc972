"""The pure parts of ``values.schema.json`` validation, as tables whose expected strings are
santhosh-tekuri/jsonschema v6's (helm 3.22) output: formats and the Go standard-library texts
they quote, number printing, URLs, the report's grouping rules, compile errors and the bounds
on work (SECURITY-CASES 16)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shipyard.core.charts import (
    schemaerrors,
    schemaformats,
    schemagostd,
    schemaresources,
    schemas,
    schemaurls,
)

FORMATS: list[tuple[str, str, str | None]] = [
    ("email", "nope", "missing @"),
    ("email", "a..b@c.d", "consecutive dots"),
    ("email", "a@[IPv6:zz]", "invalid ipv6 address: missing colon"),
    ("email", "é@a.b", "invalid character 'é'"),
    ("hostname", "a_b", "invalid character '_'"),
    ("hostname", "x" * 64, "label must be 1 to 63 characters long"),
    ("ipv4", "01.2.3.4", "leading zeros"),
    (
        "ipv4",
        "99999999999999999999.1.1.1",
        'strconv.Atoi: parsing "99999999999999999999": value out of range',
    ),
    ("ipv6", "1.2.3.4", "missing colon"),
    ("ipv6", "fe80::1%eth0", "zone id is not a part of ipv6 address"),
    (
        "ipv6",
        "12345::",
        'ParseAddr("12345::"): each group must have 4 or less digits (at "12345::")',
    ),
    (
        "ipv6",
        "1:2:3:4:5:6:7:1.2.3.4",
        'ParseAddr("1:2:3:4:5:6:7:1.2.3.4"): embedded IPv4 address must replace the final 2 fields of the address (at "1.2.3.4")',
    ),
    ("date", "2021-13-01", 'parsing time "2021-13-01": month out of range'),
    (
        "date",
        "20x1-01-01",
        'parsing time "20x1-01-01" as "2006-01-02": cannot parse "20x1-01-01" as "2006"',
    ),
    ("date", "2021-01-011", 'parsing time "2021-01-011": extra text: "1"'),
    ("time", "23:59:60Z", None),
    ("time", "12:59:60Z", "invalid leap second"),
    ("time", "12:00:00+0530", "offset must be 6 characters long"),
    ("date-time", "2021-01-01 12:00:00Z", "11th character must be t or T"),
    ("duration", "P1DT", "no time elements"),
    ("duration", "PT1HT1M", "more than one T"),
    ("duration", "P1M1Y", "unit 'Y' out of order"),
    ("period", "x", "missing slash"),
    ("uri", "http://::1/", 'parse "http://::1/": invalid port "::1" after host'),
    ("uri", "http://a:b:c/", 'parse "http://a:b:c/": invalid port ":b:c" after host'),
    (
        "uri",
        "http://ex\x7f.com",
        'parse "http://ex\\x7f.com": net/url: invalid control character in URL',
    ),
    ("uri-reference", "%", 'parse "%": invalid URL escape "%"'),
    ("uri-template", "http://x/a}", "nested curly braces"),
    ("json-pointer", "/a~2", "~ must be followed by 0 or 1"),
    ("relative-json-pointer", "a", "must start with non-negative integer"),
    ("uuid", "1-2-3-4-5", "element 1 must be 8 characters long"),
    ("semver", "1.2.3-01", "pre-release numeric identifier starts with zero"),
    ("semver", "1.2.3+a..b", "build identifier is empty"),
    ("regex", "a**", "error parsing regexp: invalid nested repetition operator: `**`"),
    ("regex", "\\Z", "error parsing regexp: invalid escape sequence: `\\Z`"),
    ("regex", "x{2,1}", "error parsing regexp: invalid repeat count: `{2,1}`"),
    ("regex", "(?P<>a)", "error parsing regexp: invalid named capture: `(?P<>`"),
    ("email", "a@b.c", None),
    ("unknown", "x", None),
]


@pytest.mark.parametrize(("name", "text", "reason"), FORMATS)
def test_format_reasons_are_v6s(name: str, text: str, reason: str | None) -> None:
    assert schemaformats.check(name, text) == reason


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (0.5, "0.5"),
        (1000, "1,000"),
        (-999999, "-999,999"),
        (123456.789, "123,456.789"),
        (0.0001, "0.0001"),
        (1e-5, "1\u00d710\u207b\u2070\u2075"),
        (1234567, "1.234567\u00d710\u2070\u2076"),
        (-1.5e6, "-1.5\u00d710\u2070\u2076"),
        (1e100, "1\u00d710\u00b9\u2070\u2070"),
    ],
)
def test_numbers_print_like_an_english_message_printer(value: float, text: str) -> None:
    assert schemagostd.format_float(value) == text


def test_integers_are_grouped() -> None:
    assert [schemagostd.format_int(n) for n in (0, 999, 1000, -12345, 1234567)] == [
        "0",
        "999",
        "1,000",
        "-12,345",
        "1,234,567",
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", 'strconv.Atoi: parsing "": invalid syntax'),
        ("+", 'strconv.Atoi: parsing "+": invalid syntax'),
        ("1x", 'strconv.Atoi: parsing "1x": invalid syntax'),
        ("9223372036854775808", 'strconv.Atoi: parsing "9223372036854775808": value out of range'),
    ],
)
def test_atoi_errors(text: str, error: str) -> None:
    with pytest.raises(schemagostd.GoError) as caught:
        schemagostd.atoi(text)
    assert str(caught.value) == error


def test_atoi_accepts_signs() -> None:
    assert [schemagostd.atoi(s) for s in ("+7", "-0", "-9223372036854775808")] == [
        7,
        0,
        -(1 << 63),
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("zz", 'ParseAddr("zz"): unable to parse IP'),
        ("1.2.3", 'ParseAddr("1.2.3"): IPv4 address too short'),
        ("%x", 'ParseAddr("%x"): missing IPv6 address'),
        ("fe80::1%", 'ParseAddr("fe80::1%"): zone must be a non-empty string'),
        (
            "zz:",
            'ParseAddr("zz:"): each colon-separated field must have at least one digit (at "zz:")',
        ),
        (
            "1:2:3:4:5:6:7:8::",
            'ParseAddr("1:2:3:4:5:6:7:8::"): the :: must expand to at least one field of zeros',
        ),
    ],
)
def test_parse_addr_errors(text: str, error: str) -> None:
    with pytest.raises(schemagostd.GoError) as caught:
        schemagostd.parse_addr(text)
    assert str(caught.value) == error


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (":x", 'parse ":x": missing protocol scheme'),
        ("a:b/c:d", None),
        ("x:y/c", None),
        ("a/b:c", None),
        ("ab:c/d", None),
        ("1a:b", 'parse "1a:b": first path segment in URL cannot contain colon'),
        ("http://[::1", "parse \"http://[::1\": missing ']' in host"),
        ("http://u ser@x/", 'parse "http://u ser@x/": net/url: invalid userinfo'),
        ("http://x:8a/", 'parse "http://x:8a/": invalid port ":8a" after host'),
        ("mongodb://a:1,b:2/", None),
    ],
)
def test_url_parse_errors(raw: str, error: str | None) -> None:
    if error is None:
        schemaurls.parse(raw)
        return
    with pytest.raises(schemaurls.URLError) as caught:
        schemaurls.parse(raw)
    assert str(caught.value) == error


@pytest.mark.parametrize(
    ("base", "ref", "joined"),
    [
        ("file:///values.schema.json", "#/$defs/a", ("file:///values.schema.json", "/$defs/a")),
        ("file:///values.schema.json", "other.json", ("file:///other.json", "")),
        ("https://x.io/a/b.json", "../c.json#x", ("https://x.io/c.json", "x")),
        ("https://x.io/a/b.json", "//y.io/d", ("https://y.io/d", "")),
        ("urn:a:b", "#frag%20x", ("urn:a:b", "frag x")),
        ("https://x.io/a", "?q=1", ("https://x.io/a?q=1", "")),
    ],
)
def test_references_join_as_v6(base: str, ref: str, joined: tuple[str, str]) -> None:
    assert schemaresources.join(base, ref) == joined


def test_quote_keeps_v6s_quirk() -> None:
    # %q, then \" -> " everywhere: a trailing backslash eats the closing quote.
    assert schemaerrors.quote("\\") == "'\\'"
    assert schemaerrors.quote('it\'s "x"') == "'it\\'s \"x\"'"
    assert schemaerrors.quote("tab\t") == "'tab\\t'"


REPORTS: list[tuple[str, dict[str, Any], str]] = [
    (
        '{"properties":{"s":{"type":"string","minLength":3,"pattern":"^a"}}}',
        {"s": "bb"},
        "- at '/s': minLength: got 2, want 3\n- at '/s': 'bb' does not match pattern '^a'\n",
    ),
    (
        '{"properties":{"x":{"$ref":"#/$defs/s","maxLength":1}},"$defs":{"s":{"minLength":3,"pattern":"^a"}}}',
        {"x": "bb"},
        "- at '/x': validation failed\n  - at '/x': minLength: got 2, want 3\n  - at '/x': 'bb' does not match pattern '^a'\n- at '/x': maxLength: got 2, want 1\n",
    ),
    (
        '{"properties":{"x":{"$ref":"#/$defs/s","maxLength":1}},"$defs":{"s":{"minLength":3}}}',
        {"x": "bb"},
        "- at '/x': minLength: got 2, want 3\n- at '/x': maxLength: got 2, want 1\n",
    ),
    ('{"anyOf":[{"type":"integer"},{"minLength":3,"pattern":"^a"}]}', {}, "OK"),
    (
        '{"properties":{"x":{"oneOf":[{"required":["a"]},{"required":["b"]}]}}}',
        {"x": {}},
        "- at '/x': 'oneOf' failed, none matched\n  - at '/x': missing property 'a'\n  - at '/x': missing property 'b'\n",
    ),
    (
        '{"properties":{"x":{"not":{"$ref":"#/$defs/s"}}},"$defs":{"s":{"type":"string"}}}',
        {"x": "bb"},
        "- at '/x': 'not' failed\n",
    ),
    (
        '{"$schema":"http://json-schema.org/draft-07/schema#","properties":{"x":{"$ref":"#/definitions/s","const":1,"type":"integer"}},"definitions":{"s":{"type":"string"}}}',
        {"x": "bb"},
        "- at '/x': value must be 1\n",
    ),
    (
        '{"properties":{"l":{"contains":{"type":"string"},"minContains":2}}}',
        {"l": ["a", 1]},
        "- at '/l': min 2 items required to match contains schema, but matched 1 items at 0\n  - at '/l/1': got number, want string\n",
    ),
    (
        '{"unevaluatedProperties":false,"properties":{"a":true},"if":{"required":["a"]},"then":{"properties":{"b":true}}}',
        {"a": 1, "b": 2, "c": 3},
        "- at '/c': false schema\n",
    ),
    (
        '{"$ref":"#"}',
        {},
        "- at '': both /$ref and  resolve to \"file:///values.schema.json#\" causing reference cycle\n",
    ),
    (
        '{"properties":{"n":{"minimum":1234567.5,"maximum":0.00001}}}',
        {"n": 0.5},
        "- at '/n': minimum: got 0.5, want 1.2345675\u00d710\u2070\u2076\n- at '/n': maximum: got 0.5, want 1\u00d710\u207b\u2070\u2075\n",
    ),
    (
        '{"properties":{"n":{"enum":[1.50, 2e3, null, true, "x"]}}}',
        {"n": 2},
        "- at '/n': value must be one of 1.50, 2e3, <nil>, true, 'x'\n",
    ),
]


@pytest.mark.parametrize(("schema", "values", "report"), REPORTS)
def test_reports_group_like_v6(schema: str, values: dict[str, Any], report: str) -> None:
    got = schemas.validate(schema.encode(), values)
    assert (got + "\n" if got is not None else "OK") == report


@pytest.mark.parametrize(
    ("schema", "error"),
    [
        ("", "EOF"),
        ("{", "unexpected EOF"),
        ("{} []", "invalid character after top-level value"),
        ('{"a": tru}', "invalid character '}' in literal true (expecting 'e')"),
        (
            '{"$ref": "#/$defs/x"}',
            'json-pointer in "file:///values.schema.json#/$defs/x" not found',
        ),
        (
            '{"$ref": "#x"}',
            'anchor in "file:///values.schema.json#x" not found in schema '
            '"file:///values.schema.json"',
        ),
        ('{"$schema": "http://example.com/meta"}', 'failing loading "http://example.com/meta"'),
        (
            '{"$ref": "ftp://x/y"}',
            'failing loading "ftp://x/y": no URLLoader registered for "ftp://x/y"',
        ),
        (
            '{"$defs": {"a": {"$anchor": "n"}, "b": {"$anchor": "n"}}}',
            'duplicate anchor "n" in "file:///values.schema.json" at "/$defs/a" and "/$defs/b"',
        ),
        (
            '{"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"a": {"minimum": "x"}}}',
            '"file:///values.schema.json#" is not valid against metaschema: jsonschema validation '
            "failed with 'http://json-schema.org/draft-04/schema#'\n"
            "- at '/properties/a/minimum': got string, want number",
        ),
        (
            '{"properties": {"a": {"pattern": "[a"}}}',
            '"file:///values.schema.json#" is not valid against metaschema: jsonschema validation '
            "failed with 'https://json-schema.org/draft/2020-12/schema#'\n"
            "- at '': 'allOf' failed\n"
            "  - at '/properties/a': 'allOf' failed\n"
            "    - at '/properties/a/pattern': '[a' is not valid regex: error parsing regexp: "
            "missing closing ]: `[a`",
        ),
    ],
)
def test_unusable_schemas_fail_with_v6s_error(schema: str, error: str) -> None:
    with pytest.raises(schemas.SchemaError) as caught:
        schemas.validate(schema.encode(), {})
    assert str(caught.value).startswith(error)


def test_references_are_compiled_even_where_no_value_goes() -> None:
    schema = b'{"properties": {"absent": {"$ref": "https://example.com/s.json#/$defs/a"}}}'
    with pytest.raises(schemas.SchemaError) as caught:
        schemas.validate(schema, {"other": 1})
    assert str(caught.value) == (
        'failing loading "https://example.com/s.json": $ref '
        '"https://example.com/s.json#/$defs/a" not loaded: shipyard reads no schema from the '
        "network"
    )


def test_urn_references_are_permissive_with_helms_warning() -> None:
    warnings: list[str] = []
    schema = b'{"properties": {"a": {"$ref": "urn:example:x"}}}'
    assert schemas.validate(schema, {"a": 1}, warn=warnings.append) is None
    assert warnings == [
        "jsonschema.go:192: WARNING: unresolved URN reference ignored; using permissive "
        "schema: urn:example:x"
    ]


def test_schema_size_and_nesting_are_bounded() -> None:
    with pytest.raises(schemas.SchemaError, match="larger than"):
        schemas.validate(b" " * (schemas.MAX_SCHEMA_BYTES + 1), {})
    deep = b'{"not":' * 2000 + b"{}" + b"}" * 2000
    with pytest.raises(schemas.SchemaError, match="nests deeper than 1000 levels"):
        schemas.validate(deep, {})


def test_exponential_schemas_stop_at_the_step_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schemas, "MAX_STEPS", 5000)
    defs: dict[str, object] = {
        f"a{i}": {"allOf": [{"$ref": f"#/$defs/a{i + 1}"}, {"$ref": f"#/$defs/a{i + 1}"}]}
        for i in range(30)
    }
    defs["a30"] = {"type": "string"}
    schema = json.dumps({"$ref": "#/$defs/a0", "$defs": defs}).encode()
    with pytest.raises(schemas.SchemaError, match="more than 5000 steps"):
        schemas.validate(schema, {})


def test_reference_cycles_without_progress_are_reported_not_followed() -> None:
    report = schemas.validate(b'{"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}}', {})
    assert report == (
        "- at '': both /$ref/$ref and /$ref resolve to "
        '"file:///values.schema.json#/$defs/a" causing reference cycle'
    )
