"""The tag policy: which tags an image gets and which registry it goes to.

An image is tagged with its computed version (SemVer, ``+`` replaced by ``_`` since tags may
not contain ``+``) and ``sha-<short sha>``; ``latest`` is refused, as is any tag that is not
one of those two shapes when the policy is asked to check user tags. The registry is chosen by
branch: main/master, release/*, hotfix/* and Git tags go to the prod registry, everything else
to the dev registry; the patterns are configurable.
"""

from __future__ import annotations

import dataclasses
import re

from shipyard import errors
from shipyard.core import oci

PROD_BRANCHES = (r"^(main|master)$", r"^releases?[/-]", r"^hotfix(es)?[/-]")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Routing:
    prod: str  # registry host and optional path prefix, e.g. "127.0.0.1:5000/prod"
    dev: str
    prod_branches: tuple[str, ...] = PROD_BRANCHES


def version_tag(version: str) -> str:
    tag = version.replace("+", "_")
    return check(tag)


def check(tag: str) -> str:
    if tag.lower() == "latest":
        raise errors.UserError(
            "the tag 'latest' is refused: images are tagged with their version and sha-<commit>"
        )
    return oci.check_tag(tag)


def image_tags(*, version: str, short_sha: str) -> tuple[str, ...]:
    if not re.fullmatch(r"[0-9a-f]{7,40}", short_sha):
        raise errors.UserError(f"commit {short_sha!r} is not a hexadecimal short sha")
    return (version_tag(version), f"sha-{short_sha}")


def destination(*, routing: Routing, branch: str, is_tag: bool) -> str:
    """The registry (and prefix) for a build of ``branch`` (or of a Git tag)."""
    if is_tag or any(re.search(pattern, branch) for pattern in routing.prod_branches):
        return routing.prod
    return routing.dev


def move_refused(*, reference: str, existing: str, new: str, force: bool) -> str | None:
    """Why pushing ``new`` under an existing tag is refused, or None when allowed: a version
    tag is never moved to another digest unless forced."""
    if existing == new or force:
        return None
    return (
        f"{reference} already points to {existing}; refusing to move it to {new} "
        "(a released version is immutable; use --force to override)"
    )
