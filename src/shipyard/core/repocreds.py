"""Repository credentials, as Argo CD declares them: Secrets labelled with a secret type.

A Secret in the Application's namespace labelled ``shipyard.dev/secret-type: repository``
holds the credentials of one repository (``url``, ``username``, ``password``); one labelled
``repo-creds`` holds a credential template for every repository whose URL starts with its
``url`` (at a ``/`` boundary). The exact ``repository`` match wins, then the longest
``repo-creds`` prefix, as in Argo CD. Other keys Argo CD writes (``type``, ``name``,
``enableOCI``, ``project``) are accepted and ignored.

URLs are compared without ``oci://``, a trailing ``/`` or case in the scheme and host, so the
Argo CD spellings of an OCI repository (``registry.example.com/charts`` with ``enableOCI``) and
``oci://registry.example.com/charts`` name the same repository. Passwords are never part of a
value's ``repr``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Literal

LABEL = "shipyard.dev/secret-type"
REPOSITORY = "repository"
REPO_CREDS = "repo-creds"
SECRET_TYPES = (REPOSITORY, REPO_CREDS)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Credentials:
    username: str
    password: str = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True, kw_only=True)
class RepositorySecret:
    """The credentials one Secret declares, and for which URL."""

    secret: str  # the Secret's name, for messages
    kind: Literal["repository", "repo-creds"]
    url: str
    credentials: Credentials


def normalise(url: str) -> str:
    """``url`` for comparison: without ``oci://``, trailing ``/``; scheme and host lowercase."""
    text = url.strip().rstrip("/")
    scheme, separator, rest = text.partition("://")
    if not separator:
        scheme, rest = "", text
    host, slash, path = rest.partition("/")
    host = host.lower()
    scheme = scheme.lower()
    prefix = "" if scheme in ("", "oci") else f"{scheme}://"
    return f"{prefix}{host}{slash}{path}"


def from_secret(*, name: str, secret_type: str, data: Mapping[str, str]) -> RepositorySecret | None:
    """The credentials a labelled Secret declares; None when it has no ``url`` or no
    ``username`` (a Secret for another purpose, e.g. SSH keys, is skipped)."""
    if secret_type not in SECRET_TYPES:
        return None
    url, username = data.get("url", "").strip(), data.get("username", "")
    if not url or not username:
        return None
    kind: Literal["repository", "repo-creds"] = (
        "repository" if secret_type == REPOSITORY else "repo-creds"
    )
    return RepositorySecret(
        secret=name,
        kind=kind,
        url=url,
        credentials=Credentials(username=username, password=data.get("password", "")),
    )


def _is_prefix(prefix: str, url: str) -> bool:
    return url == prefix or url.startswith(prefix + "/")


def select(url: str, secrets: Iterable[RepositorySecret]) -> RepositorySecret | None:
    """The Secret whose credentials go to ``url``: an exact ``repository`` match, else the
    ``repo-creds`` with the longest matching prefix; ties go to the first Secret by name."""
    wanted = normalise(url)
    ordered = sorted(secrets, key=lambda s: s.secret)
    for secret in ordered:
        if secret.kind == REPOSITORY and normalise(secret.url) == wanted:
            return secret
    templates = [
        secret
        for secret in ordered
        if secret.kind == REPO_CREDS and _is_prefix(normalise(secret.url), wanted)
    ]
    if not templates:
        return None
    return max(templates, key=lambda s: len(normalise(s.url)))
