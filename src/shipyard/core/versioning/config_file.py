"""Reading GitVersion.yml: the user's file merged over the defaults of its workflow.

The file is read as-is (GitVersion 6 keys). Keys shipyard does not know are ignored; every wrong
type, bad regular expression, invalid ``next-version`` or dangling branch reference is reported
at once, each with the file, key and line. Scalars keep the text they were written as, so
``next-version: 1.10`` stays ``1.10``. Node count and depth are bounded (alias bombs).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Mapping
from typing import Any

import yaml

from shipyard import errors
from shipyard.core.versioning import config as model
from shipyard.core.versioning import workflows

MAX_NODES = 20_000  # YAML nodes visited after alias expansion
MAX_DEPTH = 20

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Path = tuple[str, ...]


def load(text: str | None, *, source: str) -> model.Config:
    """The configuration of a repository: its GitVersion.yml (``text``, None if absent) over
    the defaults of the workflow it names (GitFlow/v1 unless ``workflow`` says otherwise)."""
    user, lines = _read_yaml(text or "", source=source)
    reader = _Reader(source=source, lines=lines)
    workflow = reader.string(user, ("workflow",)) if "workflow" in user else None
    if workflow is None:
        workflow = workflows.DEFAULT_WORKFLOW
    if workflow not in workflows.WORKFLOWS:
        reader.problem(
            ("workflow",),
            f"workflow {workflow!r} is not supported (use {workflows.GITFLOW} or "
            f"{workflows.GITHUBFLOW})",
        )
        reader.raise_problems()
    tree = workflows.defaults(workflow)
    _merge(tree, user)
    return reader.build(tree, workflow=workflow)


def _read_yaml(text: str, *, source: str) -> tuple[dict[str, Any], dict[Path, int]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        raise errors.UserError(f"{source}:{line}: invalid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise errors.UserError(f"{source}: invalid YAML: {exc}") from exc
    if node is None:
        return {}, {}
    lines: dict[Path, int] = {(): node.start_mark.line + 1}
    value = _plain(node, path=(), lines=lines, budget=[MAX_NODES], source=source)
    if not isinstance(value, dict):
        raise errors.UserError(
            f"{source}:{node.start_mark.line + 1}: a GitVersion configuration must be a "
            f"mapping, not {_kind(value)}"
        )
    return value, lines


def _plain(
    node: yaml.Node, *, path: Path, lines: dict[Path, int], budget: list[int], source: str
) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or len(path) > MAX_DEPTH:
        raise errors.UserError(
            f"{source}:{node.start_mark.line + 1}: configuration is too large or too deeply "
            "nested (alias expansion?)"
        )
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            lines[(*path, key)] = key_node.start_mark.line + 1
            mapping[key] = _plain(
                value_node, path=(*path, key), lines=lines, budget=budget, source=source
            )
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*path, str(index))] = item.start_mark.line + 1
            items.append(
                _plain(item, path=(*path, str(index)), lines=lines, budget=budget, source=source)
            )
        return items
    return _scalar(node)


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Scalar:
    """A YAML scalar that is not a string, with the text it was written as."""

    value: bool | int | float | None
    text: str


def _scalar(node: yaml.Node) -> Any:
    text = str(node.value)
    tag = node.tag
    if tag == "tag:yaml.org,2002:bool":
        return _Scalar(value=text.lower() in ("true", "yes", "on", "y"), text=text)
    if tag == "tag:yaml.org,2002:int":
        try:
            return _Scalar(value=int(text.replace("_", ""), 0), text=text)
        except ValueError:
            return text
    if tag == "tag:yaml.org,2002:float":
        try:
            return _Scalar(value=float(text.replace("_", "")), text=text)
        except ValueError:
            return text
    if tag == "tag:yaml.org,2002:null":
        return _Scalar(value=None, text=text)
    return text


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> None:
    for key, value in override.items():
        current = base.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value)
        else:
            base[key] = value


def _kind(value: Any) -> str:
    if isinstance(value, _Scalar):
        return "null" if value.value is None else type(value.value).__name__
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a string" if isinstance(value, str) else type(value).__name__


class _Reader:
    """Reads typed values out of the merged tree, collecting every problem with its line."""

    def __init__(self, *, source: str, lines: Mapping[Path, int]) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[str] = []

    def problem(self, path: Path, message: str) -> None:
        line = next(
            (self.lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in self.lines), 0
        )
        self.problems.append(f"{self.source}:{line}: {'.'.join(path)}: {message}")

    def raise_problems(self) -> None:
        if self.problems:
            raise errors.UserError(
                "invalid GitVersion configuration:\n  " + "\n  ".join(self.problems)
            )

    def _get(self, tree: Mapping[str, Any], path: Path) -> Any:
        value = tree.get(path[-1])
        if isinstance(value, _Scalar) and value.value is None:
            return None
        return value

    def string(self, tree: Mapping[str, Any], path: Path, *, numbers: bool = False) -> str | None:
        value = self._get(tree, path)
        if value is None or isinstance(value, str):
            return value
        if numbers and isinstance(value, _Scalar) and isinstance(value.value, int | float):
            return value.text
        self.problem(path, f"must be a string, not {_kind(value)}")
        return None

    def boolean(self, tree: Mapping[str, Any], path: Path) -> bool | None:
        value = self._get(tree, path)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, _Scalar) and isinstance(value.value, bool):
            return value.value
        self.problem(path, f"must be true or false, not {_kind(value)}")
        return None

    def integer(self, tree: Mapping[str, Any], path: Path) -> int | None:
        value = self._get(tree, path)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, _Scalar) and type(value.value) is int:
            return value.value
        self.problem(path, f"must be an integer, not {_kind(value)}")
        return None

    def choice(
        self, tree: Mapping[str, Any], path: Path, *, choices: tuple[str, ...]
    ) -> str | None:
        value = self.string(tree, path)
        if value is None:
            return None
        for choice in choices:
            if choice.lower() == value.lower():
                return choice
        self.problem(path, f"must be one of {', '.join(choices)}, not {value!r}")
        return None

    def strings(self, tree: Mapping[str, Any], path: Path) -> tuple[str, ...]:
        value = self._get(tree, path)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(path, f"must be a list of strings, not {_kind(value)}")
            return ()
        items = []
        for index, item in enumerate(value):
            text = self.string({str(index): item}, (*path, str(index)), numbers=True)
            if text is not None:
                items.append(text)
        return tuple(items)

    def mapping(self, tree: Mapping[str, Any], path: Path) -> dict[str, Any]:
        value = self._get(tree, path)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path, f"must be a mapping, not {_kind(value)}")
            return {}
        return value

    def regex(self, tree: Mapping[str, Any], path: Path) -> str | None:
        value = self.string(tree, path)
        if value is not None:
            try:
                model.compile_regex(value)
            except re.error as exc:
                self.problem(path, f"is not a valid regular expression: {exc}")
                return None
        return value

    def branch(self, values: Mapping[str, Any], prefix: Path) -> model.BranchConfig:
        """The branch-like settings in ``values`` (a branch, or the top level with ``()``)."""
        prevent_path = (*prefix, "prevent-increment")
        prevent = self.mapping(values, prevent_path)
        mode = self.choice(values, (*prefix, "mode"), choices=tuple(m.value for m in model.Mode))
        increment = self.choice(
            values, (*prefix, "increment"), choices=tuple(i.value for i in model.Increment)
        )
        incrementing = self.choice(
            values,
            (*prefix, "commit-message-incrementing"),
            choices=tuple(c.value for c in model.CommitMessageIncrementing),
        )
        return model.BranchConfig(
            regex=self.regex(values, (*prefix, "regex")),
            mode=model.Mode(mode) if mode else None,
            label=self.string(values, (*prefix, "label"), numbers=True),
            increment=model.Increment(increment) if increment else model.Increment.INHERIT,
            prevent_increment_of_merged_branch=self.boolean(
                prevent, (*prevent_path, "of-merged-branch")
            ),
            prevent_increment_when_current_commit_tagged=self.boolean(
                prevent, (*prevent_path, "when-current-commit-tagged")
            ),
            track_merge_target=self.boolean(values, (*prefix, "track-merge-target")),
            track_merge_message=self.boolean(values, (*prefix, "track-merge-message")),
            commit_message_incrementing=(
                model.CommitMessageIncrementing(incrementing) if incrementing else None
            ),
            source_branches=self.strings(values, (*prefix, "source-branches")),
            tracks_release_branches=self.boolean(values, (*prefix, "tracks-release-branches")),
            is_release_branch=self.boolean(values, (*prefix, "is-release-branch")),
            is_main_branch=self.boolean(values, (*prefix, "is-main-branch")),
            pre_release_weight=self.integer(values, (*prefix, "pre-release-weight")),
        )

    def build(self, tree: dict[str, Any], *, workflow: str) -> model.Config:
        top = self.branch(tree, ())
        branches = self._branches(tree)
        ignore = self.mapping(tree, ("ignore",))
        if self.strings(ignore, ("ignore", "paths")):
            self.problem(("ignore", "paths"), "is not supported by shipyard version")
        strategies = self.strings(tree, ("strategies",))
        for name in strategies:
            if name not in model.STRATEGIES:
                self.problem(
                    ("strategies",),
                    f"strategy {name!r} is not supported (known: {', '.join(model.STRATEGIES)})",
                )
        formats = self.mapping(tree, ("merge-message-formats",))
        config = model.Config(
            workflow=workflow,
            globals=top,
            branches=branches,
            tag_prefix=self.regex(tree, ("tag-prefix",)) or "",
            version_in_branch_pattern=self.regex(tree, ("version-in-branch-pattern",)) or "",
            major_bump=self.regex(tree, ("major-version-bump-message",)) or "",
            minor_bump=self.regex(tree, ("minor-version-bump-message",)) or "",
            patch_bump=self.regex(tree, ("patch-version-bump-message",)) or "",
            no_bump=self.regex(tree, ("no-bump-message",)) or "",
            tag_pre_release_weight=self.integer(tree, ("tag-pre-release-weight",)) or 0,
            commit_date_format=self.string(tree, ("commit-date-format",)) or "yyyy-MM-dd",
            merge_message_formats=tuple(
                (name, pattern)
                for name in formats
                if (pattern := self.regex(formats, ("merge-message-formats", name)))
            ),
            loose=self.choice(tree, ("semantic-version-format",), choices=("Strict", "Loose"))
            == "Loose",
            strategies=frozenset(s for s in strategies if s in model.STRATEGIES),
            assembly_versioning_scheme=self.choice(
                tree, ("assembly-versioning-scheme",), choices=model.ASSEMBLY_SCHEMES
            )
            or "MajorMinorPatch",
            assembly_file_versioning_scheme=self.choice(
                tree, ("assembly-file-versioning-scheme",), choices=model.ASSEMBLY_SCHEMES
            )
            or "MajorMinorPatch",
            assembly_versioning_format=self.string(tree, ("assembly-versioning-format",)),
            assembly_file_versioning_format=self.string(tree, ("assembly-file-versioning-format",)),
            assembly_informational_format=self.string(tree, ("assembly-informational-format",)),
            ignore_shas=tuple(s.lower() for s in self.strings(ignore, ("ignore", "sha"))),
            ignore_before=self._date(ignore, ("ignore", "commits-before")),
        )
        next_version = self.string(tree, ("next-version",), numbers=True)
        if next_version:
            parsed = config.parse_tag(next_version) if not self.problems else None
            if parsed is None and not self.problems:
                self.problem(
                    ("next-version",),
                    f"{next_version!r} is not a semantic version"
                    + ("" if config.loose else " (semantic-version-format: Strict)"),
                )
            config = dataclasses.replace(config, next_version=parsed)
        self.raise_problems()
        return config

    def _branches(self, tree: dict[str, Any]) -> tuple[model.NamedBranch, ...]:
        raw = self.mapping(tree, ("branches",))
        configs: dict[str, model.BranchConfig] = {}
        for name, value in raw.items():
            path = ("branches", name)
            if not isinstance(value, dict):
                if not (isinstance(value, _Scalar) and value.value is None):
                    self.problem(path, f"must be a mapping, not {_kind(value)}")
                continue
            configs[name] = self.branch(value, path)
        for name, value in raw.items():
            if isinstance(value, dict):
                for target in self.strings(value, ("branches", name, "is-source-branch-for")):
                    if target not in configs:
                        self.problem(
                            ("branches", name, "is-source-branch-for"),
                            f"names branch {target!r}, which is not configured",
                        )
                        continue
                    sources = configs[target].source_branches
                    if name not in sources:
                        configs[target] = dataclasses.replace(
                            configs[target], source_branches=(*sources, name)
                        )
        for name, branch in configs.items():
            if branch.regex is None:
                self.problem(("branches", name), "regex is missing")
            for source in branch.source_branches:
                if source not in configs:
                    self.problem(
                        ("branches", name, "source-branches"),
                        f"names branch {source!r}, which is not configured",
                    )
        return tuple(model.NamedBranch(name=n, config=c) for n, c in configs.items())

    def _date(self, tree: Mapping[str, Any], path: Path) -> int | None:
        value = tree.get(path[-1])
        text = value.text if isinstance(value, _Scalar) else value
        if text is None or (isinstance(value, _Scalar) and value.value is None):
            return None
        if not isinstance(text, str):
            self.problem(path, f"must be a date and time, not {_kind(value)}")
            return None
        try:
            moment = datetime.datetime.fromisoformat(text.strip().replace(" ", "T"))
        except ValueError:
            self.problem(path, f"{text!r} is not a date and time (yyyy-MM-ddTHH:mm:ss)")
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return int(moment.timestamp())
