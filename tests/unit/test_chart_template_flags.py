"""The pure pieces of ``helm template``'s release and output flags: Go's path cleaning, the
``--output-dir`` write plan, the release name (``-g``, ``--name-template`` with Sprig and
``os.Expand``), ``--labels`` as pflag and Go's CSV reader parse it, and pflag's booleans.
Expected values were checked against helm v3.22.0 and Go 1.26 where they are Go's."""

from __future__ import annotations

import pytest

from shipyard import errors
from shipyard.cli import chart_fast
from shipyard.core.charts import gostrings, output, outputdirs, releaseoptions, templatefuncs
from shipyard.core.charts.chart import Chart, File, Metadata
from shipyard.core.charts.rendering import RenderError


@pytest.mark.parametrize(
    ("path", "cleaned"),
    [
        ("", "."),
        ("out", "out"),
        ("out/", "out"),
        ("./out//rel", "out/rel"),
        ("/tmp/x/../y/.", "/tmp/y"),
        ("../../a", "../../a"),
        ("a/../..", ".."),
        ("/..", "/"),
        ("//a", "/a"),
    ],
)
def test_go_clean(path: str, cleaned: str) -> None:
    assert gostrings.clean_path(path) == cleaned


@pytest.mark.parametrize(
    ("elements", "joined"),
    [(("out/", "rel"), "out/rel"), (("", "rel"), "rel"), (("", ""), ""), (("./o/", ""), "o")],
)
def test_go_join(elements: tuple[str, ...], joined: str) -> None:
    assert outputdirs.go_join(*elements) == joined


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("app/templates/a.yaml", ("app", "templates", "a.yaml")),
        ("app//templates/./a.yaml", ("app", "templates", "a.yaml")),
        ("app/templates/...yaml", ("app", "templates", "...yaml")),
    ],
)
def test_safe_parts(name: str, parts: tuple[str, ...]) -> None:
    assert outputdirs.safe_parts(name) == parts


@pytest.mark.parametrize(
    "name", ["app/../../x.yaml", "../x", "/etc/passwd", "app/templates/..", "a/\0/b"]
)
def test_safe_parts_refuses_names_leaving_the_directory(name: str) -> None:
    with pytest.raises(RenderError, match="leaves the directory"):
        outputdirs.safe_parts(name)


def _doc(path: str, content: str, *, hook: str = "") -> output.Document:
    return output.Document(
        path=path, content=content, kind="ConfigMap", hook_events=(hook,) if hook else ()
    )


CHART = Chart(
    metadata=Metadata(APIVersion="v2", Name="app", Version="1.0.0"),
    files=(File(name="crds/c.yaml", data=b"kind: CustomResourceDefinition\n"),),
)
ORDERED = output.Sorted(
    manifests=(_doc("app/templates/a.yaml", "a: 1"), _doc("app/templates/a.yaml", "a: 2")),
    hooks=(
        _doc("app/templates/a.yaml", "h: 1", hook="pre-install"),
        _doc("app/templates/t.yaml", "t: 1", hook="test"),
    ),
)


def _plan(**options: object) -> list[tuple[str, bool, bool]]:
    release = options.pop("release", None)
    writes = outputdirs.plan_writes(
        CHART,
        ORDERED,
        output_dir="out/",
        release_name=release if isinstance(release, str) else None,
        options=output.OutputOptions(**options),  # type: ignore[arg-type]
    )
    return [(w.shown, w.append, w.hook) for w in writes]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            {},
            [
                ("out//app/templates/a.yaml", False, False),
                ("out//app/templates/a.yaml", True, False),
                ("out//app/templates/a.yaml", True, True),
                ("out//app/templates/t.yaml", False, True),
            ],
        ),
        (
            {"include_crds": True, "no_hooks": True, "release": "rel"},
            [
                ("out//app/crds/c.yaml", False, False),
                ("out/rel/app/templates/a.yaml", False, False),
                ("out/rel/app/templates/a.yaml", True, False),
            ],
        ),
        (
            {"skip_tests": True, "release": "rel"},
            [
                ("out/rel/app/templates/a.yaml", False, False),
                ("out/rel/app/templates/a.yaml", True, False),
                ("out/rel/app/templates/a.yaml", True, True),
            ],
        ),
    ],
)
def test_plan_writes(options: dict[str, object], expected: list[tuple[str, bool, bool]]) -> None:
    assert _plan(**options) == expected


def test_plan_frames_documents_as_helm() -> None:
    writes = outputdirs.plan_writes(
        CHART,
        ORDERED,
        output_dir="o",
        release_name="r",
        options=output.OutputOptions(include_crds=True),
    )
    assert writes[0].parts == ("app", "crds", "c.yaml")
    assert writes[0].text == "---\n# Source: app/crds/c.yaml\nkind: CustomResourceDefinition\n\n"
    assert writes[1].parts == ("r", "app", "templates", "a.yaml")
    assert writes[1].text == "---\n# Source: app/templates/a.yaml\na: 1\n"


def test_plan_refuses_a_rendered_name_with_dot_dot() -> None:
    bad = output.Sorted(manifests=(_doc("app/templates/../../../x.yaml", "a: 1"),), hooks=())
    with pytest.raises(RenderError, match="leaves the directory"):
        outputdirs.plan_writes(
            CHART, bad, output_dir="o", release_name=None, options=output.OutputOptions()
        )


ENV = {"HOME": "/home/u", "A_1": "x", "_": "under"}


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("plain", "plain"),
        ("$HOME/bin", "/home/u/bin"),
        ("${HOME}x", "/home/ux"),
        ("$A_1-$MISSING-", "x--"),
        ("$", "$"),
        ("a$", "a$"),
        ("$$", ""),  # a special name, unset
        ("${}x", "x"),
        ("${HOME", "HOME"),
        ("$-x", "x"),
        ("$ x", "$ x"),
        ("$é", "$é"),
        ("${_}", "under"),
        ("${A B}", ""),
    ],
)
def test_expand_env_is_go_os_expand(text: str, expanded: str) -> None:
    assert templatefuncs.expand_env(text, lambda name: ENV.get(name, "")) == expanded


@pytest.mark.parametrize(
    ("args", "generate", "template", "expected"),
    [
        (["chart"], False, "", ("release-name", "chart")),
        (["rel", "chart"], False, "", ("rel", "chart")),
        (["chart"], True, "", ("release-name", "chart")),
        (["chart"], True, "n{{ add 1 1 }}", ("n2", "chart")),
        (["chart"], False, '{{ env "HOME" | base }}', ("u", "chart")),
    ],
)
def test_name_and_chart(
    args: list[str], generate: bool, template: str, expected: tuple[str, str]
) -> None:
    assert (
        releaseoptions.name_and_chart(
            args, generate_name=generate, name_template=template, environ=ENV
        )
        == expected
    )


@pytest.mark.parametrize(
    ("args", "generate", "template", "message"),
    [
        (["a", "b", "c", "d"], False, "", "unexpected arguments: c, d"),
        (["rel", "chart"], True, "x", "cannot set --generate-name and also specify a name"),
        (["rel", "chart"], False, "x", "cannot set --name-template and also specify a name"),
        (["chart"], False, "{{ toYaml 1 }}", 'function "toYaml" not defined'),
        (["chart"], False, '{{ required "x" 1 }}', 'function "required" not defined'),
        (["chart"], False, '{{ fail "stop" }}', "error calling fail: stop"),
    ],
)
def test_name_and_chart_errors(
    args: list[str], generate: bool, template: str, message: str
) -> None:
    with pytest.raises(errors.UserError, match=message):
        releaseoptions.name_and_chart(
            args, generate_name=generate, name_template=template, environ=ENV
        )


def test_name_template_sprig_functions() -> None:
    render = releaseoptions.render_name_template
    assert render("{{ .x }}", environ={}) == "<no value>"  # Helm keeps it (then refuses it)
    assert render('{{ fromJson "[1]" | toJson }}', environ={}) == "[1]"  # Sprig's fromJson
    assert render('{{ expandenv "$HOME" }}', environ=ENV) == "/home/u"
    assert len(render("{{ randAlphaNum 5 }}", environ={})) == 5


@pytest.mark.parametrize(
    ("values", "labels"),
    [
        ([], {}),
        (["a=b"], {"a": "b"}),
        (["a=b,c=d", "e=f"], {"a": "b", "c": "d", "e": "f"}),
        (["a=1,novalue"], {"a": "1,novalue"}),  # one "=": the value is taken whole
        (['"a=1"'], {"a": "1"}),
        (['"a=1",b=2'], {"a": "1", "b": "2"}),
        (["a=b=c,d=e"], {"a": "b=c", "d": "e"}),
        (["a=1", "a=2"], {"a": "2"}),
        (['a=1,"b=""q""=2"'], {"a": "1", "b": '"q"=2'}),
    ],
)
def test_parse_labels(values: list[str], labels: dict[str, str]) -> None:
    assert releaseoptions.parse_labels(values) == labels


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("novalue", "novalue must be formatted as key=value"),
        ("", ":  must be formatted as key=value"),
        ("a=1,,b=2", ":  must be formatted as key=value"),
        ('a=1,"b=2', 'column 9: extraneous or missing " in quoted-field'),
        ('é=1,"b=2', 'column 10: extraneous or missing " in quoted-field'),
        ('a=1,"b=2"x,c=3', 'column 9: extraneous or missing " in quoted-field'),
        ('a=1,b"=2', 'column 6: bare " in non-quoted-field'),
        ('a="x,y",b=2', 'column 3: bare " in non-quoted-field'),
    ],
)
def test_parse_labels_errors(value: str, message: str) -> None:
    with pytest.raises(releaseoptions.FlagError) as raised:
        releaseoptions.parse_labels([value])
    assert str(raised.value).startswith('invalid argument "')
    assert '" for "-l, --labels" flag: ' in str(raised.value)
    assert message in str(raised.value)


@pytest.mark.parametrize("labels", [{"name": "x"}, {"a": "1", "modifiedAt": "now"}])
def test_system_labels_refused(labels: dict[str, str]) -> None:
    with pytest.raises(errors.UserError, match=r"System labels: \[name owner status version"):
        releaseoptions.check_labels(labels)
    releaseoptions.check_labels({"Name": "x", "team": "a"})


@pytest.mark.parametrize(
    ("argv", "rewritten"),
    [
        (["rel", "c", "--no-hooks"], ["rel", "c", "--no-hooks=true"]),
        (["-g", "c"], ["-g=true", "c"]),
        (["c", "--no-hooks=false"], ["c", "--no-hooks=false"]),
        (["c", "--output-dir", "--no-hooks"], ["c", "--output-dir", "--no-hooks=true"]),
        (["c", "--", "--no-hooks"], ["c", "--", "--no-hooks"]),
    ],
)
def test_boolean_flags_never_take_the_next_argument(argv: list[str], rewritten: list[str]) -> None:
    assert chart_fast._with_bool_values(argv) == rewritten


@pytest.mark.parametrize(
    ("value", "parsed"),
    [("true", True), ("T", True), ("1", True), ("True", True), ("0", False), ("FALSE", False)],
)
def test_boolean_values_are_go_parse_bool(value: str, parsed: bool) -> None:
    options = chart_fast.parser().parse_args(["c", f"--no-hooks={value}"])
    assert chart_fast._bools(options)["no_hooks"] is parsed


def test_boolean_value_errors_are_cobras() -> None:
    options = chart_fast.parser().parse_args(["c", "-g=yes"])
    with pytest.raises(releaseoptions.FlagError) as raised:
        chart_fast._bools(options)
    assert str(raised.value) == (
        'invalid argument "yes" for "-g, --generate-name" flag: '
        'strconv.ParseBool: parsing "yes": invalid syntax'
    )
