"""Promotion edits: only the edited scalars change; comments and every other byte stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from shipyard import errors
from shipyard.core.pipeline import promote

DEPLOYMENT = (
    Path(__file__).resolve().parents[2] / "examples/webapp/manifests/deployment.yaml"
).read_text()
NEW = "127.0.0.1:5001/prod/apps/webapp:0.2.0"
DIGEST = "sha256:" + "a" * 64


def _images(text: str, image: str = NEW) -> promote.Edited:
    return promote.set_images(text, source="f.yaml", repository="apps/webapp", image=image)


def test_the_example_deployment_changes_on_one_line_only() -> None:
    edited = _images(DEPLOYMENT)
    assert edited.text == DEPLOYMENT.replace("127.0.0.1:5000/apps/webapp:0.1.0", NEW)
    assert "# set by the pipeline's promote step" in edited.text
    assert edited.changes == (
        promote.Change(line=17, old="127.0.0.1:5000/apps/webapp:0.1.0", new=NEW),
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # quoting styles are kept
        ('image: "r:5000/apps/webapp:1"  # q\n', f'image: "{NEW}"  # q\n'),
        ("image: 'r:5000/apps/webapp:1'\n", f"image: '{NEW}'\n"),
        # digests, other registries and prefixes match; the whole reference is replaced
        (f"image: r/apps/webapp@{DIGEST}\n", f"image: {NEW}\n"),
        ("image: r:1/dev/apps/webapp:0.1.0-feat.1\n", f"image: {NEW}\n"),
        ("image: apps/webapp\n", f"image: {NEW}\n"),
        # flow mappings, init containers and keys ending in Image
        ("c: [{name: a, image: r/apps/webapp:1}]\n", f"c: [{{name: a, image: {NEW}}}]\n"),
        ("initImage: r/apps/webapp:1\n", f"initImage: {NEW}\n"),
        # an anchored scalar is edited where it is written; the anchor and alias stay
        (
            "a: {image: &img r/apps/webapp:1}\nb: {image: *img}\n",
            f"a: {{image: &img {NEW}}}\nb: {{image: *img}}\n",
        ),
        # characters beyond ASCII before the edit (marks count characters, not bytes)
        (
            "# héllo ✓ ünïcode\nimage: r/apps/webapp:1 # ✓\n",
            f"# héllo ✓ ünïcode\nimage: {NEW} # ✓\n",
        ),
        # CRLF line endings and trailing text stay
        ("a: 1\r\nimage: r/apps/webapp:1\r\nb: 2\r\n", f"a: 1\r\nimage: {NEW}\r\nb: 2\r\n"),
        # several documents, several matches; other images stay
        (
            "image: r/apps/webapp:1\n---\n# two\nimage: r/apps/other:1\nsidecarImage: r/apps/webapp:1\n",
            f"image: {NEW}\n---\n# two\nimage: r/apps/other:1\nsidecarImage: {NEW}\n",
        ),
    ],
)
def test_image_edits(before: str, after: str) -> None:
    assert _images(before).text == after


@pytest.mark.parametrize(
    "text",
    [
        "image: r/apps/webapp-api:1\n",  # another repository sharing a prefix
        "image: r/myapps/webapp:1\n",
        "name: r/apps/webapp:1\n",  # not an image key
        "env: [{name: IMG, value: r/apps/webapp:1}]\n",
        "images: [r/apps/webapp:1]\n",
        "# image: r/apps/webapp:1\n",  # a comment
        "a: 1\n",
    ],
)
def test_nothing_matched_is_refused(text: str) -> None:
    with pytest.raises(errors.UserError, match="no image of repository 'apps/webapp' found"):
        _images(text)


def test_an_image_already_set_matches_without_changes() -> None:
    edited = _images(f"image: {NEW}\n")
    assert not edited.changed and edited.matched == 1 and edited.text == f"image: {NEW}\n"


@pytest.mark.parametrize("indicator", ["|", ">-"])
def test_a_block_scalar_is_refused(indicator: str) -> None:
    with pytest.raises(errors.UserError, match=r"f\.yaml:1: a block scalar cannot be set"):
        _images(f"image: {indicator}\n  r/apps/webapp:1\n")


@pytest.mark.parametrize(
    "text",
    ["image: [unclosed\n", "a: 1\n" + "x" * (promote.MAX_BYTES + 1)],
)
def test_bad_files(text: str) -> None:
    with pytest.raises(errors.UserError):
        _images(text)


VALUES = """\
# Values of the webapp chart.
image:
  repository: r/apps/webapp   # where it comes from
  tag: "0.1.0"  # set by the pipeline
  pullPolicy: IfNotPresent
replicas: 2
flags: {debug: false}
"""


@pytest.mark.parametrize(
    ("key", "value", "changed_line"),
    [
        ("image.tag", "0.2.0", '  tag: "0.2.0"  # set by the pipeline\n'),
        (
            "image.repository",
            "r/prod/apps/webapp",
            "  repository: r/prod/apps/webapp   # where it comes from\n",
        ),
        ("replicas", "3", "replicas: 3\n"),  # an integer stays an integer
        ("replicas", "three", 'replicas: "three"\n'),
        ("image.pullPolicy", "yes", '  pullPolicy: "yes"\n'),  # plain yes would read as a boolean
        ("image.pullPolicy", "a: b # c", '  pullPolicy: "a: b # c"\n'),
        ("flags.debug", "true", "flags: {debug: true}\n"),
    ],
)
def test_set_value(key: str, value: str, changed_line: str) -> None:
    edited = promote.set_value(VALUES, source="values.yaml", key=key, value=value)
    before, after = VALUES.splitlines(keepends=True), edited.text.splitlines(keepends=True)
    differing = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(differing) == 1 and differing[0][1] == changed_line


@pytest.mark.parametrize("key", ["image", "image.nope", "nope", "flags.debug.x"])
def test_set_value_needs_a_scalar_at_the_key(key: str) -> None:
    with pytest.raises(errors.UserError, match=f"no scalar at '{key}' found"):
        promote.set_value(VALUES, source="values.yaml", key=key, value="x")


def test_set_value_in_every_document() -> None:
    text = "image: {tag: a}\n---\nimage:\n  tag: b # keep\n"
    edited = promote.set_value(text, source="v", key="image.tag", value="c")
    assert edited.text == "image: {tag: c}\n---\nimage:\n  tag: c # keep\n"
    assert edited.matched == 2


@pytest.mark.parametrize(
    ("reference", "matches"),
    [
        ("host:5000/apps/webapp:1", True),
        ("apps/webapp", True),
        (f"h/x/apps/webapp@{DIGEST}", True),
        ("h/apps/webapp2:1", False),
        ("h/apps/webapp:1 extra", False),
        ("h/apps:webapp", False),
    ],
)
def test_image_matches(reference: str, matches: bool) -> None:
    assert promote.image_matches(reference, "apps/webapp") is matches
