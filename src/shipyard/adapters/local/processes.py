"""Starting and stopping the environment's processes, tracked by PID files.

A PID file records the PID together with the process start time read from ``/proc``, so a PID
that the kernel has since given to another program is recognised as stale and never signalled:
``down`` stops only the processes that this environment started.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from shipyard import errors

# Popen objects of processes started by this Python process, kept so they are reaped (no
# zombies) when stopped from the same process, as the test fixtures do.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}
# Exit codes of reaped children, for error messages.
_EXIT_CODES: dict[int, int] = {}


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProcessRecord:
    """What a PID file says about a started process."""

    component: str
    pid: int
    start_ticks: int
    argv: tuple[str, ...]


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state, start time in clock ticks) of a process, or None when there is no such PID."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The command name is in parentheses and may contain spaces: split after the last ')'.
    fields = raw[raw.rfind(")") + 2 :].split()
    return fields[0], int(fields[19])


def _reap(pid: int) -> int | None:
    """Collects the exit status of a child of ours; None while it runs or if not our child."""
    if pid in _EXIT_CODES:
        return _EXIT_CODES[pid]
    child = _CHILDREN.get(pid)
    if child is not None:
        code = child.poll()
        if code is not None:
            _CHILDREN.pop(pid, None)
            _EXIT_CODES[pid] = code
        return code
    with contextlib.suppress(ChildProcessError):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            _EXIT_CODES[pid] = os.waitstatus_to_exitcode(status)
            return _EXIT_CODES[pid]
    return None


def is_running(record: ProcessRecord) -> bool:
    """True when the recorded process still runs and is the very process that was started."""
    _reap(record.pid)
    stat = _proc_stat(record.pid)
    if stat is None:
        return False
    state, start_ticks = stat
    return start_ticks == record.start_ticks and state not in ("Z", "X")


def read_record(pid_file: Path) -> ProcessRecord | None:
    """The record in a PID file, or None if there is none or it is unreadable (stale)."""
    try:
        raw = json.loads(pid_file.read_text(encoding="utf-8"))
        return ProcessRecord(
            component=str(raw["component"]),
            pid=int(raw["pid"]),
            start_ticks=int(raw["start_ticks"]),
            argv=tuple(str(arg) for arg in raw["argv"]),
        )
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return None


def _write_record(pid_file: Path, record: ProcessRecord) -> None:
    tmp = pid_file.with_name(pid_file.name + ".tmp")
    tmp.write_text(json.dumps(dataclasses.asdict(record)), encoding="utf-8")
    tmp.replace(pid_file)


def start(
    *,
    component: str,
    argv: Sequence[str],
    log_file: Path,
    pid_file: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> ProcessRecord:
    """Starts a detached process (own session) logging to ``log_file`` and records its PID."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        with log_file.open("ab") as log:
            log.write(f"\n--- shipyard: starting {component} at {time.ctime()}\n".encode())
            log.flush()
            child = subprocess.Popen(
                list(argv),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=cwd,
                env=dict(env) if env is not None else None,
                start_new_session=True,
            )
    except OSError as exc:
        raise errors.UserError(
            f"{component}: cannot start {argv[0]}: {exc.strerror}; log file: {log_file}"
        ) from exc
    _CHILDREN[child.pid] = child
    _EXIT_CODES.pop(child.pid, None)
    stat = _proc_stat(child.pid)
    record = ProcessRecord(
        component=component,
        pid=child.pid,
        start_ticks=stat[1] if stat else -1,
        argv=tuple(argv),
    )
    _write_record(pid_file, record)
    return record


def exit_code(record: ProcessRecord) -> int | None:
    """The exit code of a process that ended, when this process can know it."""
    return _reap(record.pid)


def stop(record: ProcessRecord, *, timeout: float = 15.0) -> bool:
    """Stops a recorded process (SIGTERM, then SIGKILL); False if it was not ours or not running.

    The whole process group is signalled, since each component was started as a session
    leader (the Git server's ``git`` children go with it).
    """
    if not is_running(record):
        return False
    target_group = _group_of(record.pid) == record.pid
    _signal(record, signal.SIGTERM, group=target_group)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_running(record):
            break
        time.sleep(0.05)
    else:
        _signal(record, signal.SIGKILL, group=target_group)
        while is_running(record):
            time.sleep(0.05)
    if target_group:
        # Children left in the group (for example a git process) are ours too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(record.pid, signal.SIGKILL)
    child = _CHILDREN.pop(record.pid, None)
    if child is not None:
        child.wait()
    return True


def _group_of(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def _signal(record: ProcessRecord, signum: signal.Signals, *, group: bool) -> None:
    with contextlib.suppress(ProcessLookupError):
        if group:
            os.killpg(record.pid, signum)
        else:
            os.kill(record.pid, signum)


def memory_kib(pid: int) -> tuple[int, int]:
    """(resident set, peak resident set) of a process in KiB; zeros when it is gone."""
    values = {"VmRSS": 0, "VmHWM": 0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            key, _, rest = line.partition(":")
            if key in values:
                values[key] = int(rest.split()[0])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return values["VmRSS"], values["VmHWM"]


def tail(log_file: Path, *, lines: int = 12) -> str:
    """The last lines of a log file, for error messages."""
    try:
        with log_file.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 16384))
            text = handle.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])
