"""``.helmignore`` rules, evaluated as Helm's ``pkg/ignore`` does when it loads a chart directory.

One rule a line; blank lines and ``#`` comments are skipped; ``**`` is refused. A rule ending in
``/`` only matches directories; a rule starting with ``/`` or containing ``/`` matches the path
relative to the chart root, any other rule matches the last path element. Patterns are Go's
``filepath.Match``. Helm's negation is peculiar and kept: a ``!rule`` ignores every path it does
not match (and every file, when it ends in ``/``). ``templates/.?*`` is always added last, so
hidden files under ``templates/`` never load.
"""

from __future__ import annotations

import dataclasses

from shipyard.core.charts import globbing

HELMIGNORE = ".helmignore"
_BOM = "\ufeff"
_GO_SPACE = "\t\n\v\f\r \x85\xa0"


class IgnoreError(ValueError):
    """A rule Helm refuses; the message is Helm's."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Rule:
    pattern: str
    negate: bool
    must_dir: bool
    anchored: bool  # matched against the whole relative path

    def matches(self, path: str) -> bool:
        name = path if self.anchored else path.rsplit("/", 1)[-1]
        return globbing.match_path(self.pattern, name)


@dataclasses.dataclass(frozen=True, kw_only=True)
class IgnoreRules:
    rules: tuple[_Rule, ...] = ()

    def ignores(self, path: str, *, is_dir: bool) -> bool:
        """Whether the chart-relative ``/``-separated ``path`` is left out."""
        if path in ("", ".", "./"):
            return False
        for rule in self.rules:
            if rule.negate:
                if rule.must_dir and not is_dir:
                    return True
                if not rule.matches(path):
                    return True
                continue
            if rule.must_dir and not is_dir:
                continue
            if rule.matches(path):
                return True
        return False


def _parse_rule(line: str) -> _Rule | None:
    rule = line.strip(_GO_SPACE)
    if not rule or rule.startswith("#"):
        return None
    if "**" in rule:
        raise IgnoreError("double-star (**) syntax is not supported")
    try:
        globbing.check_path_pattern(rule)
    except globbing.BadPattern as exc:
        raise IgnoreError(str(exc)) from None
    negate = rule.startswith("!")
    if negate:
        rule = rule[1:]
    must_dir = rule.endswith("/")
    if must_dir:
        rule = rule[:-1]
    if rule.startswith("/"):
        return _Rule(pattern=rule[1:], negate=negate, must_dir=must_dir, anchored=True)
    return _Rule(pattern=rule, negate=negate, must_dir=must_dir, anchored="/" in rule)


def parse_rules(text: str | None) -> IgnoreRules:
    """The rules of a ``.helmignore`` (``None``: no file) followed by Helm's default."""
    rules: list[_Rule] = []
    if text is not None:
        lines = text.split("\n")
        if lines and lines[0].startswith(_BOM):
            lines[0] = lines[0][1:]
        for line in lines:
            parsed = _parse_rule(line.removesuffix("\r"))
            if parsed is not None:
                rules.append(parsed)
    default = _parse_rule("templates/.?*")
    assert default is not None
    rules.append(default)
    return IgnoreRules(rules=tuple(rules))
