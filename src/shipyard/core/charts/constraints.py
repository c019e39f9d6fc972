"""Chart version checks (``kubeVersion``, dependency ranges, version validity), as Helm's
chartutil does them with Masterminds/semver v3: the same implementation as Sprig's
``semver``/``semverCompare`` (:mod:`shipyard.core.charts.functions.sprig_semver`)."""

from __future__ import annotations

from shipyard.core.charts.functions import sprig_semver


def is_compatible(constraint: str, version: str) -> bool:
    """chartutil's ``IsCompatibleRange``: False for an unparsable constraint or version."""
    try:
        parsed = sprig_semver.parse_constraints(constraint)
        return sprig_semver.check(parsed, sprig_semver.parse_version(version))
    except sprig_semver.SemverError:
        return False


def is_valid_version(text: str) -> bool:
    try:
        sprig_semver.parse_version(text)
    except sprig_semver.SemverError:
        return False
    return True
