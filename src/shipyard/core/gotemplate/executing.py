"""Executing trees: each tree is compiled once into nested closures, then run against data.

A compiled node is ``run(state, dot) -> None`` (writing to ``state.out``); a compiled expression
is ``evaluate(state, dot) -> value``. Errors carry the node Go would report (``at <...>``),
chosen when compiling, so the hot path keeps no "current node".

Go distinguishes "no value" (an invalid reflect.Value: a pipeline result that was nil) from a nil
``interface{}`` (a missing map entry under ``missingkey=zero``, or a nil list element): reading a
field of the first yields no value, of the second fails with ``nil pointer evaluating interface
{}.X``. Both are ``None`` here; the difference is tracked only where it changes behaviour: for
chained field reads, for ``dot`` inside ``range`` and for range variables (``iface`` flags).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shipyard.core.gotemplate import expressions, gofmt, nodes, quoting, values
from shipyard.core.gotemplate.parser import Tree
from shipyard.core.gotemplate.state import Site, State

Run = Callable[[State, Any], None]
MAX_EXEC_DEPTH = 100000


class _Break(Exception):  # control flow ({{break}}), not an error
    pass


class _Continue(Exception):  # control flow ({{continue}})
    pass


# -- printing ------------------------------------------------------------------------------


def print_value(out: list[str], v: Any) -> None:
    if v is None:
        out.append("<no value>")
    elif type(v) is str:
        out.append(v)
    else:
        # Go's printableValue: a value reached through a pointer is addressable, so Error and
        # String methods with pointer receivers serve here (not when fmt gets a copy).
        pointer = getattr(type(v), "__go_pointer_methods__", ())
        for name in ("Error", "String"):
            if name in pointer:
                out.append(str(getattr(v, name)()))
                return
        out.append(gofmt.format_value(v))


# -- the tree walk -------------------------------------------------------------------------


class Compiler:
    """Compiles the nodes of one tree."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.calls = expressions.ExprCompiler(tree)

    def site(self, node: nodes.Node) -> Site:
        return Site(self.tree, node)

    def compile_list(self, node: nodes.ListNode) -> Run:
        runs = [r for r in map(self.compile_node, node.nodes) if r is not None]
        if not runs:
            return _noop
        if len(runs) == 1:
            return runs[0]
        items = tuple(runs)

        def run_list(st: State, dot: Any) -> None:
            for run in items:
                run(st, dot)

        return run_list

    def compile_lazily(self, node: nodes.ListNode) -> Run:
        """A branch body compiled when first run: charts leave many features switched off."""
        if not node.nodes:
            return _noop
        compiled: list[Run] = []

        def run_lazily(st: State, dot: Any) -> None:
            if not compiled:
                compiled.append(self.compile_list(node))
            compiled[0](st, dot)

        return run_lazily

    def compile_node(self, node: nodes.Node) -> Run | None:
        if isinstance(node, nodes.TextNode):
            text = node.text

            def run_text(st: State, dot: Any) -> None:
                st.out.append(text)

            return run_text
        if isinstance(node, nodes.ActionNode):
            return self.compile_action(node)
        if isinstance(node, nodes.IfNode | nodes.WithNode):
            return self.compile_if_with(node)
        if isinstance(node, nodes.RangeNode):
            return self.compile_range(node)
        if isinstance(node, nodes.TemplateNode):
            return self.compile_template(node)
        if isinstance(node, nodes.BreakNode):
            return _run_break
        if isinstance(node, nodes.ContinueNode):
            return _run_continue
        if isinstance(node, nodes.CommentNode):
            return None
        if isinstance(node, nodes.ListNode):
            return self.compile_list(node)
        self.site(node).fail(f"unknown node: {node}")

    def compile_action(self, node: nodes.ActionNode) -> Run:
        pipe = self.calls.compile_pipeline(node.pipe)
        if node.pipe.decl:

            def run_decl(st: State, dot: Any) -> None:
                pipe(st, dot)

            return run_decl

        def run_action(st: State, dot: Any) -> None:
            v = pipe(st, dot)
            if type(v) is str:
                st.out.append(v)
            else:
                print_value(st.out, v)

        return run_action

    def compile_if_with(self, node: nodes.IfNode | nodes.WithNode) -> Run:
        pipe = self.calls.compile_pipeline(node.pipe)
        body = self.compile_lazily(node.list)
        orelse = None if node.else_list is None else self.compile_lazily(node.else_list)
        is_with = isinstance(node, nodes.WithNode)
        truth = values.is_true

        def run_if(st: State, dot: Any) -> None:
            mark = len(st.vars)
            if truth(pipe(st, dot)):
                body(st, dot)
            elif orelse is not None:
                orelse(st, dot)
            del st.vars[mark:]

        def run_with(st: State, dot: Any) -> None:
            mark = len(st.vars)
            v = pipe(st, dot)
            if truth(v):
                saved = st.dot_iface
                st.dot_iface = False
                body(st, v)
                st.dot_iface = saved
            elif orelse is not None:
                orelse(st, dot)
            del st.vars[mark:]

        return run_with if is_with else run_if

    def compile_range(self, node: nodes.RangeNode) -> Run:
        pipe = self.calls.compile_pipeline(node.pipe)
        body = self.compile_lazily(node.list)
        orelse = None if node.else_list is None else self.compile_lazily(node.else_list)
        decl = [v.ident[0] for v in node.pipe.decl]
        assign = node.pipe.is_assign
        site = self.site(expressions.last_node(node.pipe))

        def set_vars(st: State, mark: int, index: Any, elem: Any, iface: bool) -> None:
            if assign:
                if len(decl) > 1:
                    st.var(decl[0], site)[1:] = [index, False]
                    st.var(decl[1], site)[1:] = [elem, iface]
                else:
                    st.var(decl[0], site)[1:] = [elem, iface]
            else:
                st.vars[mark - 1][1:] = [elem, iface]
                if len(decl) > 1:
                    st.vars[mark - 2][1:] = [index, False]

        def iterate(st: State, items: Any, iface: bool, with_index: bool) -> bool:
            mark = len(st.vars)
            saved = st.dot_iface
            ran = False
            try:
                for index, elem in items:
                    ran = True
                    if decl:
                        set_vars(st, mark, index, elem, iface)
                    st.dot_iface = iface
                    try:  # noqa: SIM105 - a plain try costs nothing; suppress() is a call per item
                        body(st, elem)
                    except _Continue:
                        pass
                    del st.vars[mark:]
            except _Break:
                del st.vars[mark:]
            finally:
                st.dot_iface = saved
            return ran

        def run_range(st: State, dot: Any) -> None:
            mark = len(st.vars)
            try:
                v = pipe(st, dot)
                t = type(v)
                if t is list or t is tuple or isinstance(v, list | tuple):
                    ran = bool(v) and iterate(st, enumerate(v), True, True)
                elif isinstance(v, dict):
                    ran = bool(v) and iterate(st, ((k, v[k]) for k in _sorted_keys(v)), True, True)
                elif isinstance(v, int) and not isinstance(v, bool):
                    if len(decl) > 1:
                        site.fail(
                            f"can't use {gofmt.format_value(v)} to iterate over more than one "
                            "variable"
                        )
                    ran = iterate(st, ((None, i) for i in range(v)), False, False)
                elif isinstance(v, bytes | bytearray):
                    ran = bool(v) and iterate(st, enumerate(v), False, True)
                elif v is None:
                    ran = False
                else:
                    site.fail(f"range can't iterate over {gofmt.format_value(v)}")
                if not ran and orelse is not None:
                    orelse(st, dot)
            finally:
                del st.vars[mark:]

        return run_range

    def compile_template(self, node: nodes.TemplateNode) -> Run:
        pipe = self.calls.compile_pipeline(node.pipe) if node.pipe is not None else None
        name = node.name
        site = self.site(node)

        def run_template(st: State, dot: Any) -> None:
            tree = st.tset.lookup_tree(name)
            if tree is None:
                site.fail(f"template {quoting.quote(name)} not defined")
            if st.depth == MAX_EXEC_DEPTH:
                site.fail(f"exceeded maximum template depth ({MAX_EXEC_DEPTH})")
            new_dot = pipe(st, dot) if pipe is not None else None
            saved = st.vars, st.dot_iface
            st.vars = [["$", new_dot, False]]
            st.dot_iface = False
            st.depth += 1
            try:
                compile_tree(tree)(st, new_dot)
            except RecursionError:
                # Python's stack ends long before Go's depth limit; report it as Go does.
                site.fail(f"exceeded maximum template depth ({MAX_EXEC_DEPTH})")
            finally:
                st.depth -= 1
                st.vars, st.dot_iface = saved

        return run_template


def _sorted_keys(m: dict[Any, Any]) -> list[Any]:
    try:
        return sorted(m)
    except TypeError:
        return sorted(m, key=lambda k: (values.type_name(k), str(k)))


def _noop(st: State, dot: Any) -> None:
    return None


def _run_break(st: State, dot: Any) -> None:
    raise _Break


def _run_continue(st: State, dot: Any) -> None:
    raise _Continue


def compile_tree(tree: Tree) -> Run:
    """The compiled root of a tree (compiled on first use, then kept on the tree)."""
    run = tree.compiled
    if run is None:
        assert tree.root is not None
        run = tree.compiled = Compiler(tree).compile_list(tree.root)
    return run
