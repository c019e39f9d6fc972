"""Compiling expressions: pipelines, commands, arguments and constants.

This is Go's ``evalPipeline``/``evalCommand``/``evalArg``/``idealConstant`` turned into closures
``evaluate(state, dot) -> value``; commands after the first of a pipeline also take the previous
command's result (Go's ``final``). Errors are attached to the node Go would name.
"""

from __future__ import annotations

from typing import Any

from shipyard.core.gotemplate import calling, fields, funcs, nodes, quoting, values
from shipyard.core.gotemplate.funcs import ANY, REFLECT_VALUE
from shipyard.core.gotemplate.parser import Tree
from shipyard.core.gotemplate.state import Site, State

_NONE: Any = object()  # no constant value found


def ideal_constant(n: nodes.NumberNode, site: Site) -> Any:
    """A number in a context without a type: its syntax decides int, float or complex."""
    text = n.text
    if n.is_complex:
        return n.complex128
    is_hex_int = (
        len(text) > 2 and text[0] == "0" and text[1] in "xX" and not any(c in text for c in "pP")
    )
    if n.is_float and not is_hex_int and text[0] != "'" and any(c in text for c in ".eEpP"):
        return n.float64
    if n.is_int:
        return n.int64
    if n.is_uint:
        site.fail(f"{text} overflows int")
    return None


def last_node(pipe: nodes.PipeNode) -> nodes.Node:
    """The node Go's state points at after evaluating a pipeline (for later errors)."""
    return _cmd_last(pipe.cmds[-1])


def _cmd_last(cmd: nodes.CommandNode) -> nodes.Node:
    node = cmd.args[-1] if isinstance(cmd.args[0], nodes.IdentifierNode) else cmd.args[0]
    if isinstance(node, nodes.PipeNode):
        return last_node(node)
    return node


class ExprCompiler:
    """Compiles the expressions of one tree."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree

    def site(self, node: nodes.Node) -> Site:
        return Site(self.tree, node)

    def compile_pipeline(self, pipe: nodes.PipeNode) -> calling.Evaluate:
        first: calling.Evaluate = self.compile_command(pipe.cmds[0], pipe.cmds[0], piped=False)
        rest: list[calling.Command] = [
            self.compile_command(c, prev, piped=True)
            for prev, c in zip(pipe.cmds, pipe.cmds[1:], strict=False)
        ]
        decl = [v.ident[0] for v in pipe.decl]
        if not rest and not decl:
            return first
        is_assign = pipe.is_assign
        site = self.site(last_node(pipe))

        def evaluate(st: State, dot: Any) -> Any:
            v = first(st, dot)
            for cmd in rest:
                v = cmd(st, dot, v)
            for name in decl:
                if is_assign:
                    st.var(name, site)[1:] = [v, False]
                else:
                    st.vars.append([name, v, False])
            return v

        return evaluate

    def compile_command(
        self, cmd: nodes.CommandNode, prev: nodes.CommandNode, *, piped: bool
    ) -> Any:
        """``evaluate(st, dot)`` for a pipeline's first command, else ``(st, dot, final)``.

        ``prev`` is the command before (Go's current node when a command cannot take args).
        """
        first = cmd.args[0]
        site = self.site(first)
        extra = cmd.args[1:]
        if isinstance(first, nodes.IdentifierNode):
            call = calling.CallSite(
                self, name=first.ident, args=extra, ident_site=site, result_site=self.site(cmd)
            )  # fmt: skip
            return self.compile_function(first.ident, call, site, piped=piped)
        if isinstance(first, nodes.FieldNode | nodes.ChainNode | nodes.VariableNode):
            return self.compile_fields(first, extra, piped=piped)
        if extra or piped:  # a literal or parenthesized pipeline cannot take arguments
            bad = site if not isinstance(first, nodes.PipeNode) else self.site(_cmd_last(prev))
            return _failing(bad, f"can't give argument to non-function {first}", piped=piped)
        if isinstance(first, nodes.PipeNode):
            return self.compile_pipeline(first)
        if isinstance(first, nodes.NilNode):
            return _fail_plain(site, "nil is not a command")
        return self.compile_arg(first, ANY)

    def compile_function(
        self, name: str, call: calling.CallSite, site: Site, *, piped: bool
    ) -> Any:
        if piped:

            def call_piped(st: State, dot: Any, final: Any) -> Any:
                try:
                    fn = st.funcs[name]
                except KeyError:
                    site.fail(f"{quoting.quote(name)} is not a defined function")
                return call.invoke(st, fn, dot, final)

            return call_piped

        def call_plain(st: State, dot: Any) -> Any:
            try:
                fn = st.funcs[name]
            except KeyError:
                site.fail(f"{quoting.quote(name)} is not a defined function")
            return call.invoke(st, fn, dot, calling.MISSING)

        return call_plain

    def compile_fields(
        self, node: nodes.FieldNode | nodes.ChainNode | nodes.VariableNode,
        extra: list[nodes.Node], *, piped: bool,
    ) -> Any:  # fmt: skip
        """A field, chain or variable in command position (possibly a method call)."""
        site = self.site(node)
        call = None
        if extra or piped:
            call = calling.CallSite(self, name="", args=extra, ident_site=site, result_site=site)
        if isinstance(node, nodes.ChainNode):
            # Go reports field errors of (pipeline).X at the last node the base evaluated.
            base_node = node.node
            site = self.site(
                last_node(base_node) if isinstance(base_node, nodes.PipeNode) else base_node
            )
        if isinstance(node, nodes.VariableNode) and len(node.ident) == 1:
            name = node.ident[0]
            if call is not None:
                return _failing(site, f"can't give argument to non-function {node}", piped=piped)

            def variable(st: State, dot: Any) -> Any:
                return st.var(name, site)[1]

            return variable
        base: Any
        if isinstance(node, nodes.FieldNode):
            idents = node.ident
            base = None
        elif isinstance(node, nodes.VariableNode):
            idents = node.ident[1:]
            base = node.ident[0]
        else:
            idents = node.field
            base = self.compile_chain_base(node)
        if call is not None:
            call.name = idents[-1]
        elif base is None:
            return fields.compile_dot_chain(site, idents)
        chain = fields.compile_field_chain(site, idents, call)
        return fields.bind_receiver(
            chain, base, self.site(node), has_call=call is not None, piped=piped
        )

    def compile_chain_base(self, node: nodes.ChainNode) -> calling.Evaluate:
        if isinstance(node.node, nodes.NilNode):
            return _fail_plain(self.site(node), f"indirection through explicit nil in {node}")
        return self.compile_arg(node.node, None)

    def compile_arg(self, node: nodes.Node, typ: str | None) -> calling.Evaluate:
        """Go's evalArg: an argument converted to the parameter's Go type."""
        site = self.site(node)
        if isinstance(node, nodes.DotNode):
            if typ is None or typ == ANY:
                return _dot
            return lambda st, dot: calling.validate(dot, typ, st.dot_iface, site)
        if isinstance(node, nodes.NilNode):
            if typ is None or typ in (ANY, REFLECT_VALUE) or values.can_be_nil(typ):
                return _nil
            return _fail_plain(site, f"cannot assign nil to {typ}")
        expr: calling.Evaluate | None = None
        iface = False
        if isinstance(node, nodes.FieldNode | nodes.ChainNode | nodes.VariableNode):
            expr = self.compile_fields(node, [], piped=False)
            if isinstance(node, nodes.VariableNode) and len(node.ident) == 1:
                var_name = node.ident[0]
                if typ is None or typ == ANY:
                    return expr

                def typed_variable(st: State, dot: Any) -> Any:
                    entry = st.var(var_name, site)
                    return calling.validate(entry[1], typ, entry[2], site)

                return typed_variable
            iface = True
        elif isinstance(node, nodes.PipeNode):
            expr = self.compile_pipeline(node)
        elif isinstance(node, nodes.IdentifierNode):
            call = calling.CallSite(
                self, name=node.ident, args=[], ident_site=site, result_site=site
            )
            expr = self.compile_function(node.ident, call, site, piped=False)
        if expr is not None:
            if typ is None or typ == ANY:
                return expr
            e, flag = expr, iface
            return lambda st, dot: calling.validate(e(st, dot), typ, flag, site)
        return self.compile_literal(node, typ, site)

    def compile_literal(self, node: nodes.Node, typ: str | None, site: Site) -> calling.Evaluate:
        value: Any = _NONE
        found = ""
        if typ in (None, ANY, REFLECT_VALUE):
            if isinstance(node, nodes.BoolNode):
                value = node.true
            elif isinstance(node, nodes.StringNode):
                value = node.text
            elif isinstance(node, nodes.NumberNode):
                number = node

                def constant(st: State, dot: Any) -> Any:
                    return ideal_constant(number, site)

                if number.is_uint and not number.is_int and not number.is_complex:
                    return constant
                value = ideal_constant(number, site)
            else:
                detail = f"can't handle assignment of {node} to empty interface argument"
                return _fail_plain(site, detail)
        elif typ == "bool":
            if isinstance(node, nodes.BoolNode):
                value = node.true
            found = "bool"
        elif typ == "string":
            if isinstance(node, nodes.StringNode):
                value = node.text
            found = "string"
        elif typ in funcs.FLOAT_TYPES:
            if isinstance(node, nodes.NumberNode) and node.is_float:
                value = node.float64
            found = "float"
        elif typ in funcs.UINT_TYPES:
            if isinstance(node, nodes.NumberNode) and node.is_uint:
                value = node.uint64
            found = "unsigned integer"
        elif typ in funcs.INT_TYPES:
            if isinstance(node, nodes.NumberNode) and node.is_int:
                value = node.int64
            found = "integer"
        elif typ == "complex128":
            if isinstance(node, nodes.NumberNode) and node.is_complex:
                value = node.complex128
            found = "complex"
        if value is _NONE:
            detail = (
                f"expected {found}; found {node}"
                if found
                else f"can't handle {node} for arg of type {typ}"
            )
            return _fail_plain(site, detail)
        const = value
        return lambda st, dot: const


def _failing(site: Site, detail: str, *, piped: bool) -> Any:
    """A command that fails as Go does when evaluated (errors found at compile time)."""
    return _fail_piped(site, detail) if piped else _fail_plain(site, detail)


def _fail_plain(site: Site, detail: str) -> calling.Evaluate:
    def fail(st: State, dot: Any) -> Any:
        site.fail(detail)

    return fail


def _fail_piped(site: Site, detail: str) -> calling.Command:
    def fail_piped(st: State, dot: Any, final: Any) -> Any:
        site.fail(detail)

    return fail_piped


def _dot(st: State, dot: Any) -> Any:
    return dot


def _nil(st: State, dot: Any) -> Any:
    return None
