"""Push webhooks: authentication first (HMAC, constant-time, no SHA-1), then parsing."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from shipyard.core import webhooks

SECRET = b"s3cret"
BODY = json.dumps(
    {"ref": "refs/heads/main", "repository": {"clone_url": "http://127.0.0.1:3000/team/app.git"}}
).encode()


def _sign(body: bytes, secret: bytes = SECRET) -> str:
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def github(body: bytes = BODY, **extra: str) -> dict[str, str]:
    return {"X-GitHub-Event": "push", "X-GitHub-Delivery": "d-1",
            "X-Hub-Signature-256": f"sha256={_sign(body)}", **extra}  # fmt: skip


def test_github_push_is_read() -> None:
    push = webhooks.parse_push(headers=github(), body=BODY, secret=SECRET)
    assert (push.provider, push.delivery, push.branch) == ("github", "d-1", "main")
    assert push.repo_urls == ("http://127.0.0.1:3000/team/app.git",)


def test_gitea_and_gitlab_pushes_are_read() -> None:
    gitea = {"X-Gitea-Event": "push", "X-Gitea-Delivery": "g-1", "X-Gitea-Signature": _sign(BODY)}
    assert webhooks.parse_push(headers=gitea, body=BODY, secret=SECRET).provider == "gitea"
    body = json.dumps(
        {"ref": "refs/tags/v1", "project": {"git_http_url": "https://gl/x/y.git"}}
    ).encode()
    gitlab = {
        "X-Gitlab-Event": "Tag Push Hook",
        "X-Gitlab-Event-UUID": "u-1",
        "X-Gitlab-Token": "s3cret",
    }
    push = webhooks.parse_push(headers=gitlab, body=body, secret=SECRET)
    assert (push.provider, push.ref, push.branch) == ("gitlab", "refs/tags/v1", None)


@pytest.mark.parametrize(
    ("headers", "status", "reason"),
    [
        ({"X-GitHub-Event": "push", "X-GitHub-Delivery": "d"}, 401, "missing webhook signature"),
        ({**github(), "X-Hub-Signature-256": "sha256=" + "0" * 64}, 401, "invalid X-Hub-Signature-256"),
        ({**github(), "X-Hub-Signature-256": _sign(BODY)}, 401, "invalid X-Hub-Signature-256"),
        ({"X-Hub-Signature": "sha1=abc", "X-GitHub-Event": "push"}, 401, "SHA-1 signatures are not accepted"),
        ({"X-Gitlab-Token": "wrong", "X-Gitlab-Event": "Push Hook"}, 401, "invalid X-Gitlab-Token"),
        ({"X-Gitea-Signature": _sign(BODY, b"other"), "X-Gitea-Event": "push"}, 401, "invalid X-Gitea-Signature"),
        ({**github(), "X-GitHub-Event": "issues"}, 202, "ignored"),
        ({k: v for k, v in github().items() if k != "X-GitHub-Delivery"}, 400, "missing delivery id"),
    ],
)  # fmt: skip
def test_rejections(headers: dict[str, str], status: int, reason: str) -> None:
    with pytest.raises(webhooks.Rejected) as caught:
        webhooks.parse_push(headers=headers, body=BODY, secret=SECRET)
    assert caught.value.status == status
    assert reason in caught.value.reason


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (json.dumps({"ref": 5, "repository": {"clone_url": "x"}}).encode(), "field ref"),
        (json.dumps({"ref": "refs/heads/main", "repository": []}).encode(), "no repository URL"),
    ],
)
def test_signed_but_malformed_payloads_are_400(body: bytes, reason: str) -> None:
    with pytest.raises(webhooks.Rejected) as caught:
        webhooks.parse_push(headers=github(body), body=body, secret=SECRET)
    assert (caught.value.status, reason in caught.value.reason) == (400, True)


def test_oversized_body_is_refused_before_authentication() -> None:
    body = b"x" * (webhooks.MAX_BODY_BYTES + 1)
    with pytest.raises(webhooks.Rejected) as caught:
        webhooks.parse_push(headers=github(body), body=body, secret=SECRET)
    assert caught.value.status == 413


def test_no_configured_secret_refuses_everything() -> None:
    with pytest.raises(webhooks.Rejected, match="no webhook secret"):
        webhooks.parse_push(headers=github(), body=BODY, secret=b"")


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("http://127.0.0.1:3000/team/app.git", "127.0.0.1:3000/team/app"),
        ("https://user:pw@GitHub.com/Org/Repo/", "github.com/org/repo"),
        ("git@github.com:org/repo.git", "github.com/org/repo"),
        ("ssh://git@github.com/org/repo.git", "github.com/org/repo"),
    ],
)
def test_repository_urls_compare_normalised(url: str, normal: str) -> None:
    assert webhooks.normalise_url(url) == normal
