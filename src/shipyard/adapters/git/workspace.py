"""Git for a pipeline run: what HEAD is, and clone ▶ commit ▶ push for a promotion.

Git runs with argv lists only, never a shell, with ``--`` before paths and URLs checked not to
start with ``-`` (option injection, SECURITY-CASES 24). Credentials in URLs are scrubbed from
every message. Pushes that lose a race (the branch moved) are reported as transient, so the
caller can start over from the new tip.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
from pathlib import Path

from shipyard import errors
from shipyard.adapters.git import source

_TIMEOUT = 120.0


@dataclasses.dataclass(frozen=True, kw_only=True)
class Head:
    branch: str  # empty when detached
    commit: str  # empty outside a repository or before the first commit
    commit_time: int
    tags: tuple[str, ...]  # tags pointing at HEAD
    remote: str  # origin's URL, credentials scrubbed; empty when there is none


def _env(author: str = "") -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/nonexistent"),
        "LC_ALL": "C",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "/bin/false",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if "XDG_CONFIG_HOME" in os.environ:
        env["XDG_CONFIG_HOME"] = os.environ["XDG_CONFIG_HOME"]
    if author:
        name, _, email = author.partition(" <")
        for role in ("AUTHOR", "COMMITTER"):
            env[f"GIT_{role}_NAME"] = name
            env[f"GIT_{role}_EMAIL"] = email.rstrip(">")
    return env


def _git(
    argv: list[str], *, cwd: Path, what: str, url: str = "", author: str = "", check: bool = True
) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(
            ["git", *argv],
            cwd=cwd,
            env=_env(author),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except FileNotFoundError as exc:
        raise errors.UserError("git is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise errors.TransientError(f"git {what} timed out") from exc
    if check and done.returncode != 0:
        message = done.stderr.strip()
        if url:
            message = message.replace(url, source.scrub(url))
        raise errors.TransientError(f"git {what} failed: {message[-500:]}")
    return done


def head(path: Path) -> Head:
    """HEAD of the repository holding ``path``; empty values outside a repository."""
    probe = _git(["rev-parse", "--verify", "--quiet", "HEAD"], cwd=path, what="rev-parse",
                 check=False)  # fmt: skip
    if probe.returncode != 0:
        return Head(branch="", commit="", commit_time=0, tags=(), remote="")
    commit = probe.stdout.strip()
    branch = _git(["symbolic-ref", "--quiet", "--short", "HEAD"], cwd=path, what="symbolic-ref",
                  check=False).stdout.strip()  # fmt: skip
    when = _git(["log", "-1", "--format=%ct", "HEAD"], cwd=path, what="log").stdout.strip()
    tags = _git(["tag", "--points-at", "HEAD"], cwd=path, what="tag").stdout.split()
    remote = _git(["remote", "get-url", "origin"], cwd=path, what="remote", check=False)
    return Head(
        branch=branch,
        commit=commit,
        commit_time=int(when or 0),
        tags=tuple(tags),
        remote=source.scrub(remote.stdout.strip()) if remote.returncode == 0 else "",
    )


def clone(url: str, *, branch: str, into: Path) -> Path:
    """A shallow clone of ``branch`` of ``url`` in the new directory ``into``."""
    if url.startswith("-") or branch.startswith("-"):
        raise errors.UserError("a repository URL or branch may not start with '-'")
    _git(
        ["clone", "--quiet", "--depth", "1", "--single-branch", "--branch", branch, "--", url,
         str(into)],
        cwd=into.parent, what=f"clone of {source.scrub(url)}", url=url,
    )  # fmt: skip
    return into


def commit_and_push(
    repo: Path, *, paths: list[str], message: str, author: str, branch: str, url: str
) -> str:
    """Commits ``paths`` and pushes to ``branch``; returns the new commit. A rejected push
    (someone else pushed first) raises TransientError."""
    _git(["add", "--", *paths], cwd=repo, what="add")
    _git(["commit", "--quiet", "--no-verify", "-m", message], cwd=repo, what="commit",
         author=author)  # fmt: skip
    sha = _git(["rev-parse", "HEAD"], cwd=repo, what="rev-parse").stdout.strip()
    _git(["push", "--quiet", "origin", f"HEAD:refs/heads/{branch}"], cwd=repo,
         what=f"push to {source.scrub(url)}", url=url)  # fmt: skip
    return sha


MAX_FILE_BYTES = 1024 * 1024


def read_file(repo: Path, path: str) -> str:
    """A file of a clone, refusing paths that leave it and symbolic links on the way
    (SECURITY-CASES 3, 9: nothing is read or written through a link)."""
    return _confined(repo, path).read_text(encoding="utf-8")


def write_file(repo: Path, path: str, text: str) -> None:
    _confined(repo, path).write_text(text, encoding="utf-8")


def _confined(repo: Path, path: str) -> Path:
    relative = Path(path)
    if relative.is_absolute() or ".." in relative.parts:
        raise errors.UserError(f"{path}: must be a relative path inside the repository")
    target = repo / relative
    current = target
    while current != repo:
        if current.is_symlink():
            raise errors.UserError(f"{path}: {current.relative_to(repo)} is a symbolic link")
        current = current.parent
    if not target.is_file():
        raise errors.UserError(f"{path}: no such file in the repository")
    if target.stat().st_size > MAX_FILE_BYTES:
        raise errors.UserError(f"{path}: larger than {MAX_FILE_BYTES // 1024} KiB")
    return target


def commit_of(repo: Path) -> str:
    return _git(["rev-parse", "HEAD"], cwd=repo, what="rev-parse").stdout.strip()
