"""Reading a working copy's history for version calculation, with four git calls.

``git rev-parse`` finds the repository (and refuses shallow clones: their history is
incomplete, so any version computed from it would be wrong); concurrently with it, one
``git for-each-ref`` lists branches and tags with annotated tags peeled, one ``git log`` lists
every commit reachable from them with parents, committer date and message (newest first;
the graph reorders the rare clock-skewed history), and one ``git diff`` counts uncommitted
changes. GitVersion.yml is read from the
given directory or the repository root.

Git runs with argv lists only, never a shell, with ``LC_ALL=C`` and no optional locks. No value
from the user reaches git: branch names and SHAs are matched in memory against what git listed.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import IO

from shipyard import errors
from shipyard.core.versioning import graph

CONFIG_NAMES = ("GitVersion.yml", "GitVersion.yaml", ".GitVersion.yml", ".GitVersion.yaml")
MAX_CONFIG_BYTES = 1024 * 1024
_TIMEOUT = 120.0
_LOG_FORMAT = "%H%x1f%P%x1f%ct%x1f%B"
_LOG_RECORD = re.compile("\n?([0-9a-f]{40,64})\x1f([0-9a-f ]*)\x1f([0-9]*)\x1f([^\0]*)\0")
_REF_FORMAT = (
    "%(objectname)%1f%(objecttype)%1f%(*objectname)%1f%(*objecttype)%1f%(HEAD)%1f%(refname)"
)


@dataclasses.dataclass(frozen=True, kw_only=True)
class ConfigFile:
    path: Path
    text: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class Snapshot:
    root: Path  # the working tree's top directory
    history: graph.History
    config: ConfigFile | None


def _env() -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/nonexistent"),
        "LC_ALL": "C",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
    }
    if "XDG_CONFIG_HOME" in os.environ:  # where git's global config (safe.directory) may live
        env["XDG_CONFIG_HOME"] = os.environ["XDG_CONFIG_HOME"]
    return env


def _start(
    argv: list[str], *, cwd: Path, stdout: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            ["git", "-c", "log.showSignature=false", "-c", "core.quotePath=false", *argv],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if stdout is None else stdout,
            stderr=subprocess.PIPE,
            env=_env(),
        )
    except FileNotFoundError as exc:
        raise errors.UserError("git is not installed (needed to read the history)") from exc


def _finish(
    process: subprocess.Popen[bytes], *, what: str, stdout: IO[bytes] | None = None
) -> bytes:
    try:
        out, err = process.communicate(timeout=_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.communicate()
        raise errors.TransientError(f"git {what} timed out after {_TIMEOUT:.0f}s") from exc
    if process.returncode != 0:
        message = err.decode(errors="replace").strip()
        raise errors.UserError(f"git {what} failed: {message[-500:]}")
    if stdout is not None:
        stdout.seek(0)
        return stdout.read()
    return out


def read(path: Path) -> Snapshot:
    """The history of the repository containing ``path`` and its GitVersion.yml, if any."""
    if not path.is_dir():
        raise errors.UserError(f"{path}: no such directory")
    # All four calls start at once; the first one's verdict decides whether the rest count.
    locate = _start(
        ["rev-parse", "--absolute-git-dir", "--show-toplevel", "--is-shallow-repository", "HEAD"],
        cwd=path,
    )
    refs = _start(
        ["for-each-ref", f"--format={_REF_FORMAT}", "refs/heads", "refs/remotes", "refs/tags"],
        cwd=path,
    )
    changes = _start(
        ["diff", "--no-ext-diff", "--no-textconv", "--no-renames", "--name-only", "-z", "HEAD",
         "--"],
        cwd=path,
    )  # fmt: skip
    # The log (megabytes) goes to an unlinked temporary file: reading it from a pipe in small
    # chunks costs more than git writing it.
    with tempfile.TemporaryFile() as log_file:
        log = _start(
            ["log", "-z", "--no-color", "--encoding=UTF-8", f"--format={_LOG_FORMAT}",
             "--branches", "--remotes", "--tags", "HEAD", "--"],
            cwd=path, stdout=log_file,
        )  # fmt: skip
        try:
            root, head = _located(locate, path=path)
        except errors.ShipyardError:
            for process in (refs, changes, log):
                process.kill()
                process.communicate()
            raise
        commits = parse_log(_finish(log, what="log", stdout=log_file))
    branches, tags, head_ref = parse_refs(_finish(refs, what="for-each-ref"))
    uncommitted = sum(1 for name in _finish(changes, what="diff").split(b"\0") if name)
    history = graph.History(
        commits=commits,
        branches=branches,
        tags=tags,
        head=head,
        head_ref=head_ref,
        uncommitted_changes=uncommitted,
    )
    return Snapshot(root=root, history=history, config=find_config(path, root))


def _located(process: subprocess.Popen[bytes], *, path: Path) -> tuple[Path, str]:
    """The repository's top directory and HEAD's SHA, or why there are none."""
    try:
        out, err = process.communicate(timeout=_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.communicate()
        raise errors.TransientError(f"git rev-parse timed out after {_TIMEOUT:.0f}s") from exc
    message = err.decode(errors="replace").strip()
    lines = out.decode(errors="replace").splitlines()
    if process.returncode != 0:
        if "not a git repository" in message:
            raise errors.UserError(f"{path} is not in a Git repository")
        if "work tree" in message:
            raise errors.UserError(f"{path}: a working copy is needed, not a bare repository")
        if len(lines) >= 3 and "HEAD" in message:
            raise errors.UserError(f"{lines[1]}: the repository has no commits yet")
        raise errors.UserError(f"git rev-parse failed in {path}: {message[-500:]}")
    if len(lines) < 4:
        raise errors.UserError(f"git rev-parse gave unexpected output in {path}")
    git_dir, root = Path(lines[0]), Path(lines[1])
    if lines[2] == "true" or (git_dir / "shallow").exists():
        raise errors.UserError(
            f"{root} is a shallow clone: versions are computed from the whole history, which a "
            "shallow clone does not have. Run `git fetch --unshallow --tags` (or clone with "
            "fetch-depth: 0 in CI) and try again."
        )
    return root, lines[3].strip()


def parse_log(output: bytes) -> tuple[graph.Commit, ...]:
    """Commits from ``git log -z --format=%H%x1f%P%x1f%ct%x1f%B``."""
    text = output.decode("utf-8", errors="replace")
    if text and not text.endswith("\0"):
        text += "\0"
    records = _LOG_RECORD.findall(text)
    if len(records) != text.count("\0"):  # every record ends with a NUL; one did not parse
        raise errors.UserError("git log gave unexpected output")
    return tuple(
        graph.Commit(sha=sha, parents=tuple(parents.split()), when=int(when or 0), message=message)
        for sha, parents, when, message in records
    )


def parse_refs(
    output: bytes,
) -> tuple[tuple[graph.Branch, ...], tuple[graph.Tag, ...], str | None]:
    """Branches, tags (peeled to commits) and the branch HEAD is on, from ``for-each-ref``."""
    branches, tags = [], []
    head_ref = None
    for line in output.decode("utf-8", errors="replace").splitlines():
        fields = line.split("\x1f")
        if len(fields) != 6:
            continue
        sha, kind, peeled, peeled_kind, head, ref = fields
        if ref.startswith("refs/tags/"):
            target = peeled if kind == "tag" else sha
            if (peeled_kind if kind == "tag" else kind) == "commit":
                tags.append(graph.Tag(name=ref[len("refs/tags/") :], target=target))
        elif kind == "commit" and not ref.endswith("/HEAD"):
            branches.append(graph.Branch(ref=ref, tip=sha))
            if head == "*":
                head_ref = ref
    return tuple(branches), tuple(tags), head_ref


def find_config(directory: Path, root: Path) -> ConfigFile | None:
    """GitVersion.yml (or .yaml, or dotted; any case) in ``directory``, else the repo root."""
    for folder in dict.fromkeys([directory.resolve(), root.resolve()]):
        try:
            names = {entry.name.lower(): entry for entry in folder.iterdir()}
        except OSError:
            continue
        for wanted in CONFIG_NAMES:
            entry = names.get(wanted.lower())
            if entry is not None:
                return _read_config(entry)
    return None


def _read_config(path: Path) -> ConfigFile:
    if path.is_symlink():
        raise errors.UserError(f"{path} is a symbolic link; configuration links are not followed")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise errors.UserError(f"{path}: {exc.strerror}") from exc
    if len(data) > MAX_CONFIG_BYTES:
        raise errors.UserError(f"{path} is larger than {MAX_CONFIG_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise errors.UserError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from exc
    return ConfigFile(path=path, text=text)
