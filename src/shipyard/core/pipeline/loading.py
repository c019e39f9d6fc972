"""Reading ``shipyard.yaml``: validated once, every problem reported at once with its line.

The file is read by the same bounded walk as resources (``api.loading``: size, depth and alias
limits, duplicate keys), then checked field by field. Problems read
``shipyard.yaml:LINE: steps[2].timeout: expected a duration such as 30s, 10m or 1h30m``:

- the shape: unknown fields (with a suggestion), wrong types, missing required fields;
- step names (unique, usable in file and Job names), types (unknown ones, ``chart`` which is not
  available yet, ``scan``/``sign`` without an installed provider or a ``command``);
- the graph: needs naming unknown steps or the step itself, and every cycle, named in order;
- values: durations (``30s``, ``10m``, ``1h30m``; at most 24h), retries (0-10), branch patterns,
  relative paths for artifacts and reports, image references and repositories;
- references: malformed ``${...}``, ``${steps.S.O}`` where S is not among the step's needs or
  has no output O, and ``${steps...}`` in a run script (scripts are never substituted).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Sequence

from shipyard.api import loading
from shipyard.core.pipeline import model, plan, variables
from shipyard.core.pipeline import specs as spec_reading
from shipyard.core.pipeline.fields import Loc, Reader

KIND = "pipeline"
MAX_STEPS = 500
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_DURATION = re.compile(r"(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?")
_TOP_KEYS = ("name", "env", "secrets", "steps")
_COMMON_KEYS = ("name", "type", "needs", "when", "env", "timeout", "retries", "artifacts")


def load(text: str, *, source: str, providers: Collection[str] = ()) -> model.Pipeline:
    """The pipeline in ``text``; ``providers`` are the extension step types installed (scan,
    sign). Raises ``api.loading.InvalidResourceError`` (a UserError) listing every problem."""
    tree = loading.read_tree(text, source=source, kind=KIND)
    reader = Reader(source=source, lines=tree.lines, problems=tree.problems)
    pipeline = _Pipeline(reader, providers=frozenset(providers)).read(tree.data)
    reader.raise_problems(kind=KIND)
    return pipeline


def parse_duration(text: str) -> float:
    """Seconds of ``30s``, ``10m``, ``1h30m``; ValueError says what is wrong."""
    match = _DURATION.fullmatch(text)
    if not text or match is None:
        raise ValueError(f"expected a duration such as 30s, 10m or 1h30m, got {text[:20]!r}")
    seconds = 3600 * int(match["h"] or 0) + 60 * int(match["m"] or 0) + int(match["s"] or 0)
    if seconds <= 0:
        raise ValueError("must be longer than 0s")
    if seconds > model.MAX_TIMEOUT:
        raise ValueError(f"must be at most {int(model.MAX_TIMEOUT) // 3600}h")
    return float(seconds)


class _Pipeline:
    def __init__(self, reader: Reader, *, providers: frozenset[str]) -> None:
        self.reader = reader
        self.providers = providers

    def read(self, data: object) -> model.Pipeline:
        reader = self.reader
        top = reader.mapping(data, (), known=_TOP_KEYS)
        name = reader.string(top, ("name",), default="pipeline", references=False)
        env = reader.pairs(top, ("env",), steps_allowed=False)
        secrets = reader.names(top, ("secrets",))
        items = top.get("steps")
        if items is None:
            reader.problem(("steps",), "required field is missing: list the pipeline's steps")
            items = []
        elif not isinstance(items, list):
            reader.problem(("steps",), f"expected a list, got {reader.kind_of(items)}")
            items = []
        elif not items:
            reader.problem(("steps",), "a pipeline needs at least one step")
        elif len(items) > MAX_STEPS:
            reader.problem(("steps",), f"a pipeline has at most {MAX_STEPS} steps")
            items = items[:MAX_STEPS]
        steps = [self._step(item, ("steps", index)) for index, item in enumerate(items)]
        unique = self._unique(steps)
        self._check_needs(unique)
        self._check_references(unique)
        return model.Pipeline(
            name=name,
            source=reader.source,
            steps=tuple(unique.values()),
            env=env,
            secrets=secrets,
        )

    def _step(self, item: object, loc: Loc) -> tuple[Loc, model.Step]:
        reader = self.reader
        reader.current_step = loc
        data = reader.mapping(item, loc, known=None)
        name = reader.string(data, (*loc, "name"), required=True, references=False)
        if name and not _NAME.fullmatch(name):
            reader.problem(
                (*loc, "name"),
                "must be 1-40 lowercase letters, digits, '-' or '_', starting with a letter "
                "or digit",
            )
        kind = reader.string(data, (*loc, "type"), default="run", references=False)
        known_keys: tuple[str, ...] | None = (*_COMMON_KEYS, *spec_reading.KEYS.get(kind, ()))
        if kind not in model.STEP_TYPES:
            close = difflib.get_close_matches(kind, model.STEP_TYPES, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            reader.problem(
                (*loc, "type"),
                f"unknown step type {kind[:40]!r} (known: {', '.join(model.STEP_TYPES)}){hint}",
            )
            known_keys = None
        elif kind in model.UNAVAILABLE_TYPES:
            reader.problem((*loc, "type"), model.UNAVAILABLE_TYPES[kind])
            known_keys = None
        if known_keys is not None:
            reader.check_keys(data, loc, known=known_keys, what=f"{kind} step")
        spec = spec_reading.read(reader, data, loc, kind=kind)
        extension = isinstance(spec, model.ExtensionSpec) and kind in model.EXTENSION_TYPES
        if extension and not spec.command and kind not in self.providers:  # type: ignore[union-attr]
            reader.problem(
                (*loc, "type"),
                f"no {kind} provider installed: install a package registering the "
                f"'shipyard.steps' entry point {kind!r}, or give the step a command",
            )
        step = model.Step(
            name=name or f"#{loc[-1]}",
            type=kind,
            spec=spec,
            line=reader.line_of(loc),
            needs=reader.strings(data, (*loc, "needs"), references=False),
            branches=self._when(data, loc),
            env=reader.pairs(data, (*loc, "env")),
            timeout=self._timeout(data, loc),
            retries=self._retries(data, loc),
            artifacts=reader.paths(data, (*loc, "artifacts")),
        )
        reader.current_step = None
        return loc, step

    def _when(self, data: dict[str, object], loc: Loc) -> tuple[str, ...]:
        reader = self.reader
        when = reader.mapping(data.get("when"), (*loc, "when"), known=("branches",), missing={})
        patterns = reader.strings(when, (*loc, "when", "branches"), references=False)
        for index, pattern in enumerate(patterns):
            try:
                plan.compile_branch_pattern(pattern)
            except ValueError as exc:
                reader.problem((*loc, "when", "branches", index), f"invalid pattern: {exc}")
        return patterns

    def _timeout(self, data: dict[str, object], loc: Loc) -> float:
        text = self.reader.string(data, (*loc, "timeout"), references=False)
        if not text:
            return model.DEFAULT_TIMEOUT
        try:
            return parse_duration(text)
        except ValueError as exc:
            self.reader.problem((*loc, "timeout"), str(exc))
            return model.DEFAULT_TIMEOUT

    def _retries(self, data: dict[str, object], loc: Loc) -> int:
        value = self.reader.integer(data, (*loc, "retries"), default=0)
        if not 0 <= value <= model.MAX_RETRIES:
            self.reader.problem((*loc, "retries"), f"must be from 0 to {model.MAX_RETRIES}")
            return 0
        return value

    def _unique(self, steps: Sequence[tuple[Loc, model.Step]]) -> dict[str, model.Step]:
        unique: dict[str, model.Step] = {}
        for loc, step in steps:
            first = unique.get(step.name)
            if first is not None:
                message = f"duplicate step name {step.name!r} (first at line {first.line})"
                self.reader.problem((*loc, "name"), message)
                continue
            unique[step.name] = step
        self.locs = {step.name: loc for loc, step in steps if unique.get(step.name) is step}
        return unique

    def _check_needs(self, steps: dict[str, model.Step]) -> None:
        reader = self.reader
        edges: dict[str, list[str]] = {}
        for name, step in steps.items():
            loc = self.locs[name]
            edges[name] = []
            for index, need in enumerate(step.needs):
                where = (*loc, "needs", index)
                if need == name:
                    reader.problem(where, "a step cannot need itself")
                elif need not in steps:
                    close = difflib.get_close_matches(need, list(steps), n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    reader.problem(where, f"unknown step {need[:40]!r}{hint}")
                elif need in step.needs[:index]:
                    reader.problem(where, f"{need!r} is listed twice")
                else:
                    edges[name].append(need)
        for cycle in _cycles(edges):
            reader.problem(
                (*self.locs[cycle[0]], "needs"),
                "cycle in needs: " + " → ".join([*cycle, cycle[0]]),
            )

    def _check_references(self, steps: dict[str, model.Step]) -> None:
        reader = self.reader
        pipeline = model.Pipeline(name="", source="", steps=tuple(steps.values()))
        for step_loc, loc, reference in reader.step_references:
            owner = next((n for n, at in self.locs.items() if at == step_loc), None)
            if owner is None:
                continue  # a step with a duplicate name: already reported
            _check_reference(reader, pipeline, owner=owner, loc=loc, reference=reference)


def _check_reference(
    reader: Reader, pipeline: model.Pipeline, *, owner: str, loc: Loc,
    reference: variables.Reference,
) -> None:  # fmt: skip
    target = reference.step
    if target not in pipeline.names:
        reader.problem(loc, f"{reference.text} refers to unknown step {target!r}")
        return
    if target not in model.ancestors(pipeline, owner):
        reader.problem(
            loc, f"{reference.text}: step {owner!r} does not need {target!r} (add it to needs)"
        )
        return
    kind = pipeline.step(target).type
    known = model.OUTPUTS.get(kind)
    if known is not None and reference.output not in known:
        close = difflib.get_close_matches(reference.output, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(known)})"
        reader.problem(
            loc, f"{reference.text}: a {kind} step has no output {reference.output!r}{hint}"
        )


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of the graph once, starting at its first step in file order."""
    order = {name: index for index, name in enumerate(edges)}
    found: dict[frozenset[str], list[str]] = {}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for need in edges[name]:
            if state.get(need) == 1:
                cycle = path[path.index(need) :]
                start = min(range(len(cycle)), key=lambda i: order[cycle[i]])
                found.setdefault(frozenset(cycle), cycle[start:] + cycle[:start])
            elif need not in state:
                visit(need)
        path.pop()
        state[name] = 2

    for name in edges:
        if name not in state:
            visit(name)
    return list(found.values())
