"""The state of one execution, and the error sites that word errors as Go does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

from shipyard.core.gotemplate import errors, quoting

if TYPE_CHECKING:
    from shipyard.core.gotemplate import nodes
    from shipyard.core.gotemplate.funcs import Func
    from shipyard.core.gotemplate.parser import Tree
    from shipyard.core.gotemplate.templates import TemplateSet

# Template.Option("missingkey=..."): what reading a missing map key gives.
MISSING_INVALID, MISSING_ZERO, MISSING_ERROR = 0, 1, 2
MISSING_KEY_MODES = {
    "default": MISSING_INVALID,
    "invalid": MISSING_INVALID,
    "zero": MISSING_ZERO,
    "error": MISSING_ERROR,
}


class State:
    """One execution: output, variable stack, and what dot is."""

    __slots__ = ("depth", "dot_iface", "funcs", "missing", "out", "tset", "vars")

    def __init__(self, tset: TemplateSet, data: Any) -> None:
        self.out: list[str] = []
        self.vars: list[list[Any]] = [["$", data, False]]  # [name, value, is nil-interface-ish]
        self.tset = tset
        self.funcs: dict[str, Func] = tset.exec_funcs
        self.missing: int = tset.missing_mode
        self.dot_iface = False  # dot is an element of the list or map being ranged over
        self.depth = 0

    def var(self, name: str, site: Site) -> list[Any]:
        """The innermost variable of that name: ``[name, value, iface]``."""
        for entry in reversed(self.vars):
            if entry[0] == name:
                return entry  # type: ignore[no-any-return]
        site.fail(f"undefined variable: {name}")  # "$x = 1" assigns before any "$x :="


class Site:
    """A node of a tree, to report an error ``at <node>`` as Go does."""

    __slots__ = ("node", "tree")

    def __init__(self, tree: Tree, node: nodes.Node) -> None:
        self.tree = tree
        self.node = node

    def error(self, detail: str) -> errors.ExecError:
        text = self.tree.text
        pos = self.node.pos
        start = text.rfind("\n", 0, pos) + 1
        line = text.count("\n", 0, pos) + 1
        column = len(text[start:pos].encode("utf-8", "surrogateescape"))
        location = f"{self.tree.parse_name}:{line}:{column}"
        message = (
            f"template: {location}: executing {quoting.quote(self.tree.name)} "
            f"at <{self.node}>: {detail}"
        )
        return errors.ExecError(
            message, name=self.tree.name, location=location, line=line, column=column,
            detail=detail,
        )  # fmt: skip

    def fail(self, detail: str) -> NoReturn:
        raise self.error(detail)
