"""The directory of one pipeline run, ``<workspace>/.shipyard/runs/<run-id>/``::

    <step>.log                 each step's log (every attempt), secrets already masked
    steps/<step>/outputs-N.env the file a run step's attempt N writes outputs to
    junit/<step>/...           JUnit files the step produced
    artifacts/<step>/...       the step's artifacts
    junit.xml                  the run's JUnit report
    summary.json               the run's result

Log lines are written and flushed as they come, so ``tail -f`` follows a running step.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from pathlib import Path

from shipyard.adapters.files import collecting

MAX_OUTPUT_BYTES = 1024 * 1024
TAIL_LINES = 60


class StepLog:
    """A step's log file; keeps the last lines for reports."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stream = path.open("a", encoding="utf-8", errors="replace")
        self._tail: deque[str] = deque(maxlen=TAIL_LINES)
        self._lock = threading.Lock()

    def write(self, line: str) -> None:
        with self._lock:
            self._tail.append(line)
            self._stream.write(line + "\n")
            self._stream.flush()

    def tail(self) -> str:
        with self._lock:
            return "\n".join(self._tail)

    def close(self) -> None:
        with self._lock:
            self._stream.close()


class RunDirectory:
    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def create(cls, workspace: Path, run_id: str) -> RunDirectory:
        root = workspace / ".shipyard" / "runs" / run_id
        root.mkdir(parents=True, exist_ok=False)
        return cls(root)

    def log(self, step: str) -> StepLog:
        return StepLog(self.root / f"{step}.log")

    def step_dir(self, step: str) -> Path:
        path = self.root / "steps" / step
        path.mkdir(parents=True, exist_ok=True)
        return path

    def output_file(self, step: str, *, attempt: int) -> Path:
        path = self.step_dir(step) / f"outputs-{attempt}.env"
        path.write_text("")
        return path

    @staticmethod
    def read_output_file(path: Path) -> str:
        if not path.is_file() or path.is_symlink():
            return ""
        with path.open("rb") as stream:
            return stream.read(MAX_OUTPUT_BYTES).decode(errors="replace")

    def keep(self, workspace: Path, patterns: tuple[str, ...], *, kind: str, step: str
             ) -> collecting.Collected:  # fmt: skip
        """Copies what ``patterns`` match into ``<kind>/<step>/`` (kind: junit, artifacts)."""
        return collecting.collect(workspace, patterns, dest=self.root / kind / step)

    def read_kept(self, relative: str, *, max_bytes: int) -> str:
        return collecting.read_text(self.root / relative, max_bytes=max_bytes)

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return path

    def write_json(self, name: str, value: object) -> Path:
        return self.write(name, json.dumps(value, indent=2, ensure_ascii=False) + "\n")
