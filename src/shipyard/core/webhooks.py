"""Git push webhooks from GitHub, GitLab and Gitea: authenticate, then read what was pushed.

Authentication before parsing: GitHub and Gitea sign the body with HMAC-SHA256
(``X-Hub-Signature-256: sha256=<hex>``, ``X-Gitea-Signature: <hex>``); GitLab sends a shared
token (``X-Gitlab-Token``). Comparisons are constant-time; SHA-1 signatures are refused (no
downgrade). Replays are refused by delivery id, which the caller remembers
(../shared/SECURITY-CASES.md 35). A signed payload with missing or mistyped fields is a 400, never
a crash (36). Pure: the caller reads the body, within its size cap, and keeps the delivery ids.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

MAX_BODY_BYTES = 1024 * 1024


class Rejected(Exception):
    """A webhook refused with an HTTP status (401 unauthenticated, 400 malformed)."""

    def __init__(self, *, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclasses.dataclass(frozen=True, kw_only=True)
class Push:
    """What a push webhook says: which repository (as its clone URLs) and which ref."""

    provider: str
    delivery: str
    repo_urls: tuple[str, ...]
    ref: str  # refs/heads/main, refs/tags/v1

    @property
    def branch(self) -> str | None:
        return self.ref.removeprefix("refs/heads/") if self.ref.startswith("refs/heads/") else None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    lowered = {key.lower(): value for key, value in headers.items()}
    return lowered.get(name.lower())


def _signature_matches(secret: bytes, body: bytes, given_hex: str) -> bool:
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), given_hex.strip().lower().encode())


def authenticate(*, headers: Mapping[str, str], body: bytes, secret: bytes) -> str:
    """The provider name, once the request is proven to come from it; else ``Rejected(401)``."""
    if not secret:
        raise Rejected(status=401, reason="no webhook secret is configured")
    github = _header(headers, "X-Hub-Signature-256")
    if github is not None:
        if not github.startswith("sha256=") or not _signature_matches(secret, body, github[7:]):
            raise Rejected(status=401, reason="invalid X-Hub-Signature-256")
        return "github"
    gitea = _header(headers, "X-Gitea-Signature")
    if gitea is not None:
        if not _signature_matches(secret, body, gitea):
            raise Rejected(status=401, reason="invalid X-Gitea-Signature")
        return "gitea"
    gitlab = _header(headers, "X-Gitlab-Token")
    if gitlab is not None:
        if not hmac.compare_digest(gitlab.encode(), secret):
            raise Rejected(status=401, reason="invalid X-Gitlab-Token")
        return "gitlab"
    if _header(headers, "X-Hub-Signature") is not None:
        raise Rejected(status=401, reason="SHA-1 signatures are not accepted; use sha256")
    raise Rejected(status=401, reason="missing webhook signature")


def _string(document: Mapping[str, Any], *path: str) -> str | None:
    node: Any = document
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node if isinstance(node, str) and node else None


def parse_push(*, headers: Mapping[str, str], body: bytes, secret: bytes) -> Push:
    """Authenticates and reads a push event; other events are ``Rejected(202)`` (ignored)."""
    if len(body) > MAX_BODY_BYTES:
        raise Rejected(status=413, reason=f"body over {MAX_BODY_BYTES} bytes")
    provider = authenticate(headers=headers, body=body, secret=secret)
    event = (
        _header(headers, "X-GitHub-Event")
        or _header(headers, "X-Gitea-Event")
        or _header(headers, "X-Gitlab-Event")
        or ""
    )
    if event not in ("push", "Push Hook", "Tag Push Hook"):
        raise Rejected(status=202, reason=f"event {event or 'unknown'!r} ignored")
    delivery = (
        _header(headers, "X-GitHub-Delivery")
        or _header(headers, "X-Gitea-Delivery")
        or _header(headers, "X-Gitlab-Event-UUID")
        or ""
    )
    if not delivery:
        raise Rejected(status=400, reason="missing delivery id header")
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Rejected(status=400, reason="body is not JSON") from exc
    if not isinstance(document, Mapping):
        raise Rejected(status=400, reason="body is not a JSON object")
    ref = _string(document, "ref")
    if ref is None:
        raise Rejected(status=400, reason="field ref is missing or not a string")
    candidates = [
        _string(document, "repository", "clone_url"),
        _string(document, "repository", "html_url"),
        _string(document, "repository", "ssh_url"),
        _string(document, "repository", "git_http_url"),
        _string(document, "repository", "git_ssh_url"),
        _string(document, "project", "git_http_url"),
        _string(document, "project", "git_ssh_url"),
        _string(document, "project", "web_url"),
    ]
    urls = tuple(dict.fromkeys(url for url in candidates if url))
    if not urls:
        raise Rejected(status=400, reason="no repository URL in the payload")
    return Push(provider=provider, delivery=delivery, repo_urls=urls, ref=ref)


def normalise_url(url: str) -> str:
    """``host[:port]/path`` of a repository URL: no scheme, credentials, ``.git`` or ``/`` at
    the end; scp-like ``git@host:org/repo`` becomes ``host/org/repo``."""
    text = url.strip().lower()
    if "://" in text:
        text = text.split("://", 1)[1]
        authority, _, path = text.partition("/")
        host = authority.rsplit("@", 1)[-1]
    else:
        authority, _, path = text.partition(":")
        host = authority.rsplit("@", 1)[-1]
    return f"{host}/{path}".rstrip("/").removesuffix(".git")
