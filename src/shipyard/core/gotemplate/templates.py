"""Sets of named templates: parsing into a set, looking up, cloning and executing.

A :class:`TemplateSet` is Go's ``*template.Template`` family (the ``common`` part): every
``Parse`` adds its top-level template and its ``define``/``block`` templates to one namespace, so
templates of one file can ``{{template}}`` (or, through a context function, ``include``) the
definitions of another. Redefinition follows Go: within one parse a name may be defined once;
a later parse replaces an earlier definition unless the new one is empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from shipyard.core.gotemplate import builtin_funcs, errors, executing, nodes, parser, quoting
from shipyard.core.gotemplate.funcs import Func, FuncTable
from shipyard.core.gotemplate.state import MISSING_KEY_MODES, State

_PARSE_CACHE: dict[tuple[str, str, frozenset[str]], dict[str, parser.Tree]] = {}
_PARSE_CACHE_LIMIT = 4096


def _parse_cached(name: str, text: str, func_names: frozenset[str]) -> dict[str, parser.Tree]:
    """Parse once per (name, text, function names): trees are immutable once parsed."""
    key = (name, text, func_names)
    trees = _PARSE_CACHE.get(key)
    if trees is None:
        trees = parser.parse(name, text, funcs=func_names)
        if len(_PARSE_CACHE) >= _PARSE_CACHE_LIMIT:
            _PARSE_CACHE.clear()
        _PARSE_CACHE[key] = trees
    return trees


class Template:
    """One parsed template of a set, executable by itself (Go's ``*template.Template``)."""

    __slots__ = ("_tree", "tset")

    def __init__(self, tset: TemplateSet, tree: parser.Tree) -> None:
        self.tset = tset
        self._tree = tree

    @property
    def name(self) -> str:
        return self._tree.name

    def execute(self, data: Any) -> str:
        """Apply the template to ``data``; raises :class:`ExecError`."""
        return self.tset.execute_tree(self._tree, data)


class TemplateSet:
    """Named templates sharing definitions, functions and the ``missingkey`` option.

    ``name`` is the set's own name (Go's root template: Helm uses ``"gotpl"``), quoted by
    ``no template "X" associated with template "NAME"``. ``funcs`` maps names to
    :class:`~shipyard.core.gotemplate.funcs.Func` (or plain callables); they override the
    builtins, as in Go. ``missing_key`` is ``"default"`` (= ``"invalid"``), ``"zero"`` or
    ``"error"``, as Go's ``Option("missingkey=...")``; Helm renders with ``"zero"``.
    """

    def __init__(
        self,
        name: str,
        *,
        funcs: Mapping[str, Func | Callable[..., Any]] | None = None,
        missing_key: str = "default",
    ) -> None:
        if missing_key not in MISSING_KEY_MODES:
            raise ValueError(f"unrecognized option: missingkey={missing_key}")
        self.name = name
        self.missing_key = missing_key
        self.missing_mode = MISSING_KEY_MODES[missing_key]
        table = funcs if isinstance(funcs, FuncTable) else FuncTable(funcs)
        self.exec_funcs: FuncTable = table.under(builtin_funcs.BUILTINS)
        self._func_names = self.exec_funcs.names()
        self._trees: dict[str, parser.Tree] = {}

    # -- building ----------------------------------------------------------------------------

    def parse(self, name: str, text: str) -> Template:
        """Parse ``text`` as template ``name`` and add its definitions; raises ParseError.

        Returns the template just parsed (executable even when, being empty, it did not
        replace an existing template of that name).
        """
        trees = _parse_cached(name, text, self._func_names)
        for tree_name, tree in trees.items():
            old = self._trees.get(tree_name)
            if old is not None and nodes.is_empty_tree(tree.root):
                continue
            self._trees[tree_name] = tree
        return Template(self, trees[name])

    def clone(self, *, funcs: Mapping[str, Func | Callable[..., Any]] | None = None) -> TemplateSet:
        """A copy whose later definitions do not affect this set (Go's ``Clone``).

        ``funcs`` adds or replaces functions in the copy (Go's ``Funcs`` on the clone).
        """
        copy = TemplateSet.__new__(TemplateSet)
        copy.name = self.name
        copy.missing_key = self.missing_key
        copy.missing_mode = self.missing_mode
        copy.exec_funcs = self.exec_funcs
        copy._func_names = self._func_names
        if funcs:
            copy.exec_funcs = self.exec_funcs.overlaid(funcs)
            copy._func_names = copy.exec_funcs.names()
        copy._trees = dict(self._trees)
        return copy

    # -- looking up --------------------------------------------------------------------------

    def lookup_tree(self, name: str) -> parser.Tree | None:
        return self._trees.get(name)

    def lookup(self, name: str) -> Template | None:
        tree = self._trees.get(name)
        return None if tree is None else Template(self, tree)

    def names(self) -> Iterator[str]:
        return iter(self._trees)

    def __contains__(self, name: object) -> bool:
        return name in self._trees

    # -- executing ---------------------------------------------------------------------------

    def execute(self, name: str, data: Any) -> str:
        """Go's ``ExecuteTemplate``: apply template ``name`` to ``data`` and return the text.

        Raises :class:`TemplateNotFound` for an unknown name, :class:`ExecError` otherwise.
        Can be called from inside a template function (that is how ``include`` works).
        """
        tree = self._trees.get(name)
        if tree is None:
            raise errors.TemplateNotFound(
                f"template: no template {quoting.quote(name)} associated with template "
                f"{quoting.quote(self.name)}",
                name=name,
            )
        return self.execute_tree(tree, data)

    def execute_tree(self, tree: parser.Tree, data: Any) -> str:
        st = State(self, data)
        try:
            executing.compile_tree(tree)(st, data)
        except RecursionError:
            raise errors.ExecError(
                f"template: {tree.name}: exceeded maximum template depth "
                f"({executing.MAX_EXEC_DEPTH})",
                name=tree.name,
                detail=f"exceeded maximum template depth ({executing.MAX_EXEC_DEPTH})",
            ) from None
        return "".join(st.out)
