"""Running one command as its own process group, with a deadline and its output streamed.

The command is an argv list, never a shell line: a run step's is
``bash -euo pipefail -c SCRIPT`` where SCRIPT is the pipeline file's text, and everything a run
computes (branch, version, outputs) reaches it only as environment variables
(SECURITY-CASES 24). The process starts in a new session, so that on timeout the whole group
(the shell and whatever it started, backgrounded or not) gets SIGTERM and, after a grace
period, SIGKILL; processes the command left behind are stopped the same way when it exits.
stdout and stderr are merged and handed over line by line (long lines in 64 KiB pieces).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from shipyard import errors

MAX_LINE = 64 * 1024
GRACE_SECONDS = 5.0


@dataclasses.dataclass(frozen=True, kw_only=True)
class Outcome:
    exit_code: int | None  # None when it was killed at its deadline
    timed_out: bool
    seconds: float


def run(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    timeout: float,
    on_line: Callable[[str], None],
    grace: float = GRACE_SECONDS,
) -> Outcome:
    started = time.monotonic()
    try:
        process = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except FileNotFoundError as exc:
        raise errors.UserError(f"cannot run {argv[0]!r}: not found") from exc
    except OSError as exc:
        raise errors.UserError(f"cannot run {argv[0]!r}: {exc.strerror}") from exc
    reader = threading.Thread(target=_pump, args=(process, on_line), daemon=True)
    reader.start()
    timed_out = False
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _signal_group(process.pid, signal.SIGKILL)
            process.wait()
    finally:
        if process.poll() is None:  # interrupted (KeyboardInterrupt): leave nothing running
            _signal_group(process.pid, signal.SIGKILL)
            process.wait()
        # Whatever the command started and left behind belongs to the step: stop it too.
        _signal_group(process.pid, signal.SIGKILL)
        reader.join(timeout=grace)
    return Outcome(
        exit_code=None if timed_out else process.returncode,
        timed_out=timed_out,
        seconds=time.monotonic() - started,
    )


def _signal_group(pgid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


def _pump(process: subprocess.Popen[bytes], on_line: Callable[[str], None]) -> None:
    stream = process.stdout
    assert stream is not None
    with stream:
        while True:
            raw = stream.readline(MAX_LINE)
            if not raw:
                return
            on_line(raw.decode(errors="replace").rstrip("\r\n"))
