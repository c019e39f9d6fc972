"""Semantic versions: parsing (strict, loose, prefixes), printing, ordering, incrementing."""

from __future__ import annotations

import pytest

from shipyard.core.versioning import semver

VersionField = semver.VersionField


def _v(text: str) -> semver.SemVer:
    version = semver.parse(text)
    assert version is not None, text
    return version


@pytest.mark.parametrize(
    ("text", "loose", "expected"),
    [
        ("1.2.3", False, (1, 2, 3, "", None, None)),
        ("v1.2.3", False, (1, 2, 3, "", None, None)),
        ("V1.2.3-beta.4+5", False, (1, 2, 3, "beta", 4, 5)),
        ("1.0.0-alpha7", False, (1, 0, 0, "alpha", 7, None)),
        ("1.0.0-rc", False, (1, 0, 0, "rc", None, None)),
        ("1.0.0-3", False, (1, 0, 0, "", 3, None)),
        ("1.0.0-alpha.1.2", False, (1, 0, 0, "alpha.1", 2, None)),
        ("1.0.0-foo-1", False, (1, 0, 0, "foo-1", None, None)),
        ("1.2", True, (1, 2, 0, "", None, None)),
        ("1.2.3.4", True, (1, 2, 3, "", None, 4)),
        ("01.02.03-rc03", True, (1, 2, 3, "rc", 3, None)),
    ],
)  # fmt: skip
def test_parse(text: str, loose: bool, expected: tuple[object, ...]) -> None:
    version = semver.parse(text, loose=loose)
    assert version is not None
    pre = version.pre_release
    build = version.build.commits
    assert (version.major, version.minor, version.patch, pre.name, pre.number, build) == expected


@pytest.mark.parametrize(
    ("text", "loose"),
    [("1.2", False), ("01.2.3", False), ("1.2.3.4", False), ("x1.2.3", False), ("release", True),
     ("1.2.3-", False), ("", False)],
)  # fmt: skip
def test_parse_rejects(text: str, loose: bool) -> None:
    assert semver.parse(text, loose=loose) is None


def test_parse_with_a_custom_prefix() -> None:
    prefix = semver.prefix_pattern("version-")
    assert semver.parse("version-1.0.3", prefix=prefix) == semver.SemVer(major=1, patch=3)
    assert semver.parse("v1.0.3", prefix=prefix) is None


@pytest.mark.parametrize(
    ("version", "text", "full", "informational"),
    [
        (semver.SemVer(major=1), "1.0.0", "1.0.0", "1.0.0"),
        (
            semver.SemVer(major=1, pre_release=semver.PreRelease(name="beta", number=2, promote=True),
                          build=semver.BuildMetaData(commits=3, branch="release/1.0", sha="abc")),
            "1.0.0-beta.2", "1.0.0-beta.2+3", "1.0.0-beta.2+3.Branch.release-1.0.Sha.abc",
        ),
        (
            semver.SemVer(minor=1, pre_release=semver.PreRelease(number=4, promote=True),
                          build=semver.BuildMetaData(branch="feature/a_b", sha="abc")),
            "0.1.0-4", "0.1.0-4", "0.1.0-4+Branch.feature-a-b.Sha.abc",
        ),
    ],
)  # fmt: skip
def test_text_forms(version: semver.SemVer, text: str, full: str, informational: str) -> None:
    assert (version.text(), version.full_text(), version.informational_text()) == (
        text,
        full,
        informational,
    )


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("1.0.0", "1.0.0-beta.1", 1),
        ("1.0.0-beta.2", "1.0.0-beta.1", 1),
        ("1.0.0-beta", "1.0.0-beta.1", -1),
        ("1.0.0-alpha.9", "1.0.0-beta.1", -1),
        ("1.0.0-BETA.1", "1.0.0-beta.1", 0),
        ("2.0.0-alpha.1", "1.9.9", 1),
        ("1.0.0+5", "1.0.0+7", 0),
    ],
)  # fmt: skip
def test_compare(left: str, right: str, expected: int) -> None:
    assert semver.compare(_v(left), _v(right)) == expected


def test_compare_without_pre_release() -> None:
    assert semver.compare(_v("1.0.0-beta.1"), _v("1.0.0"), pre_release=False) == 0


@pytest.mark.parametrize(
    ("start", "field", "label", "force", "alternative", "expected"),
    [
        ("1.2.3", VersionField.PATCH, None, False, None, "1.2.4-1"),
        ("1.2.3", VersionField.MINOR, "", False, None, "1.3.0-1"),
        ("1.2.3", VersionField.MAJOR, "beta", False, None, "2.0.0-beta.1"),
        ("1.2.3", VersionField.NONE, "alpha", False, None, "1.2.3-alpha.1"),
        ("1.2.3-beta.1", VersionField.MINOR, "beta", False, None, "1.2.3-beta.2"),
        ("1.2.3-beta.1", VersionField.MINOR, "beta", True, None, "1.3.0-beta.1"),
        ("1.2.3-beta.1", VersionField.PATCH, "alpha", False, None, "1.2.3-alpha.1"),
        ("1.2.3-beta", VersionField.NONE, None, False, None, "1.2.3-beta"),
        ("1.0.0", VersionField.PATCH, "", False, "2.0.0-foo.1", "2.0.0-1"),
        ("1.0.0-foo.3", VersionField.NONE, "foo", False, "1.5.0", "1.5.0-foo.1"),
    ],
)  # fmt: skip
def test_increment(
    start: str,
    field: VersionField,
    label: str | None,
    force: bool,
    alternative: str | None,
    expected: str,
) -> None:
    others = (_v(alternative),) if alternative else ()
    bumped = semver.increment(_v(start), field, label=label, force=force, alternatives=others)
    assert bumped.text() == expected


@pytest.mark.parametrize(
    ("version", "label", "matches"),
    [
        ("1.0.0", "beta", True),
        ("1.0.0-beta.1", None, True),
        ("1.0.0-beta.1", "beta", True),
        ("1.0.0-Beta.1", "beta", True),
        ("1.0.0-beta.1", "alpha", False),
        ("1.0.0-beta.1", "", False),
        ("1.0.0-4", "", True),
    ],
)  # fmt: skip
def test_matches_label(version: str, label: str | None, matches: bool) -> None:
    assert semver.matches_label(_v(version), label) is matches


def test_highest_keeps_the_first_of_equals() -> None:
    first, second = _v("1.0.0+1"), _v("1.0.0+2")
    assert semver.highest([first, second]) is first
    assert semver.highest([]) is None
