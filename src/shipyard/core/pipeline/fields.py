"""Typed reads out of a walked YAML tree, each wrong value recorded as a problem with its line.

Reads never raise: a wrong value is recorded and a neutral default returned, so one pass finds
every problem in the file. String reads also check ``${...}`` references and remember the
references to step outputs, which are checked once the whole graph is known.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from shipyard.api import loading
from shipyard.core.pipeline import model, variables

Loc = tuple[str | int, ...]
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Reader:
    def __init__(
        self, *, source: str, lines: dict[Loc, int], problems: Iterable[loading.Problem] = ()
    ) -> None:
        self.source = source
        self.lines = lines
        self.problems = list(problems)
        self.current_step: Loc | None = None
        self.step_references: list[tuple[Loc, Loc, variables.Reference]] = []

    # -- problems -------------------------------------------------------------------------

    def line_of(self, loc: Loc) -> int:
        for end in range(len(loc), -1, -1):
            line = self.lines.get(loc[:end])
            if line is not None:
                return line
        return 1

    def problem(self, loc: Loc, message: str) -> None:
        self.problems.append(
            loading.Problem(
                source=self.source, line=self.line_of(loc), path=loading.path_of(loc),
                message=message,
            )
        )  # fmt: skip

    def raise_problems(self, *, kind: str) -> None:
        if self.problems:
            ordered = sorted(self.problems, key=lambda problem: (problem.line or 0, problem.path))
            raise loading.InvalidResourceError(kind=kind, source=self.source, problems=ordered)

    @staticmethod
    def kind_of(value: object) -> str:
        if isinstance(value, bool):
            return "a boolean"
        if isinstance(value, int | float):
            return "a number"
        if value is None:
            return "null"
        if isinstance(value, dict):
            return "a mapping"
        if isinstance(value, list):
            return "a list"
        return "a string" if isinstance(value, str) else "a value"

    # -- shapes ---------------------------------------------------------------------------

    def mapping(
        self, value: object, loc: Loc, *, known: Sequence[str] | None = None,
        missing: dict[str, object] | None = None,
    ) -> dict[str, object]:  # fmt: skip
        if value is None:
            return {} if missing is None else missing
        if not isinstance(value, dict):
            self.problem(loc, f"expected a mapping, got {self.kind_of(value)}")
            return {}
        if known is not None:
            self.check_keys(value, loc, known=known, what="")
        return value

    def check_keys(
        self, data: dict[str, object], loc: Loc, *, known: Sequence[str], what: str
    ) -> None:
        for key in data:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            if close:
                hint = f"; did you mean {close[0]!r}?"
            else:
                hint = f" (known{' for a ' + what if what else ''}: {', '.join(known)})"
            self.problem((*loc, key), "unknown field" + hint)

    def _list(self, data: dict[str, object], loc: Loc) -> list[object]:
        value = data.get(str(loc[-1]))
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(loc, f"expected a list, got {self.kind_of(value)}")
            return []
        return value

    # -- scalars --------------------------------------------------------------------------

    def _text(self, value: object, loc: Loc) -> str | None:
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        self.problem(loc, f"expected a string, got {self.kind_of(value)} (quote it)")
        return None

    def string(
        self, data: dict[str, object], loc: Loc, *, required: bool = False, default: str = "",
        references: bool = True,
    ) -> str:  # fmt: skip
        value = data.get(str(loc[-1]))
        if value is None:
            if required:
                self.problem(loc, "required field is missing")
            return default
        text = self._text(value, loc)
        if text is None:
            return default
        if required and not text.strip():
            self.problem(loc, "may not be empty")
        if references:
            self.scan(text, loc)
        return text

    def strings(
        self, data: dict[str, object], loc: Loc, *, references: bool = True
    ) -> tuple[str, ...]:
        result = []
        for index, item in enumerate(self._list(data, loc)):
            text = self._text(item, (*loc, index))
            if text is not None:
                if references:
                    self.scan(text, (*loc, index))
                result.append(text)
        return tuple(result)

    def integer(self, data: dict[str, object], loc: Loc, *, default: int) -> int:
        value = data.get(str(loc[-1]))
        if value is None:
            return default
        if type(value) is not int:
            self.problem(loc, f"expected an integer, got {self.kind_of(value)}")
            return default
        return value

    def boolean(self, data: dict[str, object], loc: Loc, *, default: bool) -> bool:
        value = data.get(str(loc[-1]))
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(loc, f"expected true or false, got {self.kind_of(value)}")
            return default
        return value

    def names(self, data: dict[str, object], loc: Loc) -> tuple[str, ...]:
        names = self.strings(data, loc, references=False)
        for index, name in enumerate(names):
            if not _ENV_NAME.fullmatch(name):
                self.problem((*loc, index), f"{name[:40]!r} is not an environment variable name")
        return names

    def pairs(
        self, data: dict[str, object], loc: Loc, *, steps_allowed: bool = True
    ) -> model.Pairs:
        """A mapping of environment variable names to string values."""
        mapping = self.mapping(data.get(str(loc[-1])), loc)
        result = []
        for key, value in mapping.items():
            where = (*loc, key)
            if not _ENV_NAME.fullmatch(key):
                self.problem(where, "is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)")
                continue
            text = "" if value is None else self._text(value, where)
            if text is None:
                continue
            self.scan(text, where, steps_allowed=steps_allowed)
            result.append((key, text))
        return tuple(result)

    def paths(self, data: dict[str, object], loc: Loc) -> tuple[str, ...]:
        """Workspace-relative paths or globs."""
        result = self.strings(data, loc)
        for index, text in enumerate(result):
            self.relative(text, (*loc, index))
        return result

    def relative(self, text: str, loc: Loc) -> None:
        path = PurePosixPath(text)
        if not text or path.is_absolute() or ".." in path.parts or text.startswith("-"):
            self.problem(loc, "must be a relative path inside the workspace (no '..')")

    # -- references -----------------------------------------------------------------------

    def scan(self, text: str, loc: Loc, *, steps_allowed: bool = True) -> None:
        try:
            found = variables.references(text)
        except ValueError as exc:
            self.problem(loc, str(exc))
            return
        for reference in found:
            if not reference.step:
                continue
            if not steps_allowed or self.current_step is None:
                self.problem(loc, f"{reference.text}: step outputs are only available in steps")
            else:
                self.step_references.append((self.current_step, loc, reference))
