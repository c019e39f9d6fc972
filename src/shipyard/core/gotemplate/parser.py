"""Parsing tokens into trees, as Go's text/template/parse does, with Go's error messages.

``parse(name, text, funcs=...)`` returns every tree the text defines: the top-level one under
``name`` and one per ``{{define}}``/``{{block}}``. Errors are :class:`ParseError` worded
``template: NAME:LINE: ...`` exactly as Go words them.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from typing import Any, NoReturn

from shipyard.core.gotemplate import errors, lexer, nodes, numbers, quoting
from shipyard.core.gotemplate.lexer import Token

_MAX_STACK_DEPTH = 10000


class Tree:
    """One named template: its root list and where it came from (for error locations)."""

    __slots__ = ("compiled", "name", "parse_name", "root", "text")

    def __init__(self, name: str, parse_name: str, text: str) -> None:
        self.name = name
        self.parse_name = parse_name  # the file name errors report
        self.text = text  # the whole text of that file
        self.root: nodes.ListNode | None = None
        self.compiled: Callable[..., Any] | None = None

    # Trees pickle without their compiled closures, so a caller may keep parsed charts on disk.
    def __getstate__(self) -> tuple[str, str, str, nodes.ListNode | None]:
        return self.name, self.parse_name, self.text, self.root

    def __setstate__(self, state: tuple[str, str, str, nodes.ListNode | None]) -> None:
        self.name, self.parse_name, self.text, self.root = state
        self.compiled = None


def _item_str(token: Token) -> str:
    """Go's item.String()."""
    kind, _, val, _ = token
    if kind == lexer.EOF:
        return "EOF"
    if kind == lexer.ERROR:
        return val
    if kind > lexer.KEYWORD:
        return f"<{val}>"
    if len(val) > 10:
        return quoting.quote(val[:10]) + "..."
    return quoting.quote(val)


class _Parser:
    def __init__(self, name: str, text: str, funcs: Container[str]) -> None:
        self.name = name
        self.text = text
        self.funcs = funcs
        self.tokens = lexer.tokenize(
            text, break_ok="break" not in funcs, continue_ok="continue" not in funcs
        )
        self.i = 0
        self.hi = 0  # index of the last token Go's lazy lexer would have produced
        self.trees: dict[str, Tree] = {}
        # Per-tree state, saved around nested define/block trees.
        self.tree = Tree(name, name, text)
        self.vars = ["$"]
        self.range_depth = 0
        self.action_pos = -1  # where the action being parsed started (Go's actionLine)
        self.stack_depth = 0

    # -- token stream (no space tokens: a token's ``spaced`` flag says spaces preceded it) ----

    def next(self) -> Token:
        i = self.i
        if i > self.hi:
            self.hi = i
        self.i = i + 1
        return self.tokens[i]

    def backup(self, n: int = 1) -> None:
        self.i -= n

    def peek(self) -> Token:
        i = self.i
        if i > self.hi:
            self.hi = i
        return self.tokens[i]

    next_non_space = next
    peek_non_space = peek

    def line_of(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    # -- errors ----------------------------------------------------------------------------

    def errorf(self, message: str) -> NoReturn:
        line = self.line_of(self.tokens[self.hi][1])
        raise errors.ParseError(name=self.name, line=line, detail=message)

    def unexpected(self, token: Token, context: str) -> NoReturn:
        if token[0] == lexer.ERROR:
            extra = ""
            token_line = self.line_of(token[1])
            action_line = self.line_of(self.action_pos) if self.action_pos >= 0 else 0
            if action_line != 0 and action_line != token_line:
                extra = f" in action started at {self.name}:{action_line}"
                if token[2].endswith(" action"):
                    extra = extra[len(" in action") :]
            self.errorf(f"{_item_str(token)}{extra}")
        self.errorf(f"unexpected {_item_str(token)} in {context}")

    def expect(self, expected: int, context: str) -> Token:
        token = self.next_non_space()
        if token[0] != expected:
            self.unexpected(token, context)
        return token

    # -- trees -----------------------------------------------------------------------------

    def run(self) -> dict[str, Tree]:
        self.tree.root = self.parse_top()
        self.add(self.tree)
        return self.trees

    def add(self, tree: Tree) -> None:
        existing = self.trees.get(tree.name)
        if existing is None or nodes.is_empty_tree(existing.root):
            self.trees[tree.name] = tree
            return
        if not nodes.is_empty_tree(tree.root):
            self.errorf(f"template: multiple definition of template {quoting.quote(tree.name)}")

    def sub_tree(self, name: str, parse_body: Callable[[], nodes.ListNode]) -> Tree:
        """Parse a define/block body as a tree of its own (fresh variables and range depth)."""
        saved = (self.tree, self.vars, self.range_depth, self.stack_depth)
        self.tree = Tree(name, self.name, self.text)
        self.vars, self.range_depth, self.stack_depth = ["$"], 0, 0
        try:
            tree = self.tree
            tree.root = parse_body()
            self.add(tree)
            return tree
        finally:
            self.tree, self.vars, self.range_depth, self.stack_depth = saved

    def parse_top(self) -> nodes.ListNode:
        root = nodes.ListNode(self.peek()[1])
        while self.peek()[0] != lexer.EOF:
            if self.peek()[0] == lexer.LEFT_DELIM:
                self.next()
                if self.next_non_space()[0] == lexer.DEFINE:
                    self.parse_definition()
                    continue
                self.i = self._delim_index()
            n = self.text_or_action()
            if isinstance(n, nodes.EndNode | nodes.ElseNode):
                self.errorf(f"unexpected {n}")
            root.nodes.append(n)
        return root

    def _delim_index(self) -> int:
        """Index of the left delimiter just read, to push back what followed it."""
        j = self.i - 1
        while self.tokens[j][0] != lexer.LEFT_DELIM:
            j -= 1
        return j

    def parse_definition(self) -> None:
        context = "define clause"
        token = self.next_non_space()
        if token[0] not in (lexer.STRING, lexer.RAW_STRING):
            self.unexpected(token, context)
        try:
            name = quoting.unquote(token[2])
        except quoting.QuoteSyntaxError as exc:
            self.errorf(str(exc))

        def body() -> nodes.ListNode:
            self.expect(lexer.RIGHT_DELIM, context)
            root, end = self.item_list()
            if not isinstance(end, nodes.EndNode):
                self.errorf(f"unexpected {end} in {context}")
            return root

        self.sub_tree(name, body)

    def item_list(self) -> tuple[nodes.ListNode, nodes.Node]:
        body = nodes.ListNode(self.peek_non_space()[1])
        while self.peek_non_space()[0] != lexer.EOF:
            n = self.text_or_action()
            if isinstance(n, nodes.EndNode | nodes.ElseNode):
                return body, n
            body.nodes.append(n)
        self.errorf("unexpected EOF")

    def text_or_action(self) -> nodes.Node:
        token = self.next_non_space()
        kind = token[0]
        if kind == lexer.TEXT:
            return nodes.TextNode(token[1], token[2])
        if kind == lexer.LEFT_DELIM:
            self.action_pos = token[1]
            try:
                return self.action()
            finally:
                self.action_pos = -1
        if kind == lexer.COMMENT:
            return nodes.CommentNode(token[1], token[2])
        self.unexpected(token, "input")

    # -- actions ---------------------------------------------------------------------------

    def action(self) -> nodes.Node:
        token = self.next_non_space()
        kind = token[0]
        if kind == lexer.BLOCK:
            return self.block_control()
        if kind == lexer.BREAK:
            return self.loop_control(token, nodes.BreakNode(token[1]), "break")
        if kind == lexer.CONTINUE:
            return self.loop_control(token, nodes.ContinueNode(token[1]), "continue")
        if kind == lexer.ELSE:
            return self.else_control()
        if kind == lexer.END:
            return nodes.EndNode(self.expect(lexer.RIGHT_DELIM, "end")[1])
        if kind == lexer.IF:
            return nodes.IfNode(*self.parse_control("if"))
        if kind == lexer.RANGE:
            return nodes.RangeNode(*self.parse_control("range"))
        if kind == lexer.TEMPLATE:
            return self.template_control()
        if kind == lexer.WITH:
            return nodes.WithNode(*self.parse_control("with"))
        self.backup()
        token = self.peek()
        return nodes.ActionNode(token[1], self.pipeline("command", lexer.RIGHT_DELIM))

    def loop_control(self, token: Token, node: nodes.Node, keyword: str) -> nodes.Node:
        after = self.next_non_space()
        if after[0] != lexer.RIGHT_DELIM:
            self.unexpected(after, "{{" + keyword + "}}")
        if self.range_depth == 0:
            self.errorf("{{" + keyword + "}} outside {{range}}")
        return node

    def else_control(self) -> nodes.Node:
        peek = self.peek_non_space()
        if peek[0] in (lexer.IF, lexer.WITH):
            return nodes.ElseNode(peek[1])
        token = self.expect(lexer.RIGHT_DELIM, "else")
        return nodes.ElseNode(token[1])

    def parse_control(
        self, context: str
    ) -> tuple[int, nodes.PipeNode, nodes.ListNode, nodes.ListNode | None]:
        mark = len(self.vars)
        try:
            pipe = self.pipeline(context, lexer.RIGHT_DELIM)
            if context == "range":
                self.range_depth += 1
            body, nxt = self.item_list()
            if context == "range":
                self.range_depth -= 1
            else_list: nodes.ListNode | None = None
            if isinstance(nxt, nodes.ElseNode):
                # "{{else if x}}" and "{{else with x}}" nest a new if/with in the else list.
                if context == "if" and self.peek()[0] == lexer.IF:
                    self.next()
                    else_list = nodes.ListNode(nxt.pos)
                    else_list.nodes.append(nodes.IfNode(*self.parse_control("if")))
                elif context == "with" and self.peek()[0] == lexer.WITH:
                    self.next()
                    else_list = nodes.ListNode(nxt.pos)
                    else_list.nodes.append(nodes.WithNode(*self.parse_control("with")))
                else:
                    else_list, nxt = self.item_list()
                    if not isinstance(nxt, nodes.EndNode):
                        self.errorf(f"expected end; found {nxt}")
            return pipe.pos, pipe, body, else_list
        finally:
            del self.vars[mark:]

    def block_control(self) -> nodes.Node:
        context = "block clause"
        token = self.next_non_space()
        name = self.parse_template_name(token, context)
        pipe = self.pipeline(context, lexer.RIGHT_DELIM)

        def body() -> nodes.ListNode:
            root, end = self.item_list()
            if not isinstance(end, nodes.EndNode):
                self.errorf(f"unexpected {end} in {context}")
            return root

        self.sub_tree(name, body)
        return nodes.TemplateNode(token[1], name, pipe)

    def template_control(self) -> nodes.Node:
        context = "template clause"
        token = self.next_non_space()
        name = self.parse_template_name(token, context)
        pipe = None
        if self.next_non_space()[0] != lexer.RIGHT_DELIM:
            self.backup()
            pipe = self.pipeline(context, lexer.RIGHT_DELIM)
        return nodes.TemplateNode(token[1], name, pipe)

    def parse_template_name(self, token: Token, context: str) -> str:
        if token[0] not in (lexer.STRING, lexer.RAW_STRING):
            self.unexpected(token, context)
        try:
            return quoting.unquote(token[2])
        except quoting.QuoteSyntaxError as exc:
            self.errorf(str(exc))

    # -- pipelines -------------------------------------------------------------------------

    def pipeline(self, context: str, end: int) -> nodes.PipeNode:
        tokens = self.tokens
        token = self.peek()
        pipe = nodes.PipeNode(token[1])
        # Declarations: "$x :=", "$x =", "$i, $e :=" (range only). A "$x.a" token (kept whole
        # by the lexer) is never declared: in Go the field after "$x" ends the declarations.
        while token[0] == lexer.VARIABLE and "." not in token[2]:
            v = self.next()
            var_index = self.i - 1
            nxt = self.peek()
            if nxt[0] == lexer.ASSIGN or nxt[0] == lexer.DECLARE:
                pipe.is_assign = nxt[0] == lexer.ASSIGN
                self.next()
                pipe.decl.append(nodes.VariableNode(v[1], v[2]))
                self.vars.append(v[2])
            elif nxt[0] == lexer.CHAR and nxt[2] == ",":
                self.next()
                pipe.decl.append(nodes.VariableNode(v[1], v[2]))
                self.vars.append(v[2])
                if context == "range" and len(pipe.decl) < 2:
                    token = self.peek()
                    if token[0] in (lexer.VARIABLE, lexer.RIGHT_DELIM, lexer.RIGHT_PAREN):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf(f"too many declarations in {context}")
            else:  # "$x" is an operand, not a declaration: read it again
                self.i = var_index
            break
        cmds = pipe.cmds
        while True:
            i = self.i
            if i > self.hi:
                self.hi = i
            token = tokens[i]
            kind = token[0]
            if kind == end:
                self.i = i + 1
                if len(cmds) != 1:
                    self.check_pipeline(pipe, context)
                return pipe
            if kind in _OPERAND_START:
                cmds.append(self.command())
            else:
                self.i = i + 1
                self.unexpected(token, context)

    def check_pipeline(self, pipe: nodes.PipeNode, context: str) -> None:
        if not pipe.cmds:
            self.errorf(f"missing value for {context}")
        for i, cmd in enumerate(pipe.cmds[1:]):
            if isinstance(
                cmd.args[0],
                nodes.BoolNode
                | nodes.DotNode
                | nodes.NilNode
                | nodes.NumberNode
                | nodes.StringNode,
            ):
                self.errorf(f"non executable command in pipeline stage {i + 2}")

    def command(self) -> nodes.CommandNode:
        """operand (space operand)*, up to a pipe (consumed) or a right delimiter/paren."""
        tokens = self.tokens
        i = self.i
        cmd = nodes.CommandNode(tokens[i][1])
        args = cmd.args
        while True:
            kind, pos, val, _ = tokens[i]
            # The common terms inline; the others through term().
            node: nodes.Node | None
            if kind == lexer.FIELD:
                node = nodes.FieldNode(_chain_pos(pos, val, 1), val)
                i += 1
            elif kind == lexer.IDENTIFIER:
                if val not in self.funcs:
                    self.i = self.hi = i
                    self.next()
                    self.errorf(f"function {quoting.quote(val)} not defined")
                node = nodes.IdentifierNode(pos, val)
                i += 1
            elif kind == lexer.DOT:
                node = nodes.DotNode(pos)
                i += 1
            elif kind == lexer.STRING and "\\" not in val:
                node = nodes.StringNode(pos, val, val[1:-1])
                i += 1
            else:
                self.i = i
                if i > self.hi:
                    self.hi = i
                node = self.term()
                i = self.i
            if node is not None:
                token = tokens[i]
                if token[0] == lexer.FIELD and not token[3]:
                    self.i = i
                    node = self.chain(node)
                    i = self.i
                args.append(node)
            token = tokens[i]
            kind = token[0]
            if node is not None and token[3] and kind != lexer.PIPE:
                continue  # Go reads the space and looks for another operand
            if i > self.hi:
                self.hi = i
            if kind == lexer.RIGHT_DELIM or kind == lexer.RIGHT_PAREN:
                break
            i += 1
            if kind != lexer.PIPE:
                self.i = i
                self.unexpected(token, "operand")
            break
        self.i = i
        if not args:
            self.errorf("empty command")
        return cmd

    def chain(self, node: nodes.Node) -> nodes.Node:
        """term .Field*: a term followed by field accesses (the first field is next)."""
        token = self.peek()
        chain = nodes.ChainNode(token[1], node)
        while token[0] == lexer.FIELD and not token[3]:
            chain.field.extend(self.next()[2][1:].split("."))
            token = self.peek()
        if isinstance(node, nodes.FieldNode):
            return nodes.FieldNode(chain.pos, str(chain))
        if isinstance(node, nodes.VariableNode):
            return nodes.VariableNode(chain.pos, str(chain))
        if isinstance(
            node,
            nodes.BoolNode | nodes.StringNode | nodes.NumberNode | nodes.NilNode | nodes.DotNode,
        ):
            self.errorf(f"unexpected . after term {quoting.quote(str(node))}")
        return chain

    def term(self) -> nodes.Node | None:
        token = self.next()
        kind, pos, val, _ = token
        if kind == lexer.IDENTIFIER:
            if val not in self.funcs:
                self.errorf(f"function {quoting.quote(val)} not defined")
            return nodes.IdentifierNode(pos, val)
        if kind == lexer.DOT:
            return nodes.DotNode(pos)
        if kind == lexer.NIL:
            return nodes.NilNode(pos)
        if kind == lexer.VARIABLE:
            name = val.split(".", 1)[0]
            if name not in self.vars:
                self.errorf(f"undefined variable {quoting.quote(name)}")
            return nodes.VariableNode(_chain_pos(pos, val, 0), val)
        if kind == lexer.FIELD:
            return nodes.FieldNode(_chain_pos(pos, val, 1), val)
        if kind == lexer.BOOL:
            return nodes.BoolNode(pos, val == "true")
        if kind in (lexer.CHAR_CONSTANT, lexer.COMPLEX, lexer.NUMBER):
            try:
                return numbers.new_number(
                    pos, val, char=kind == lexer.CHAR_CONSTANT, is_complex=kind == lexer.COMPLEX
                )
            except numbers.NumberSyntaxError as exc:
                self.errorf(str(exc))
        if kind == lexer.LEFT_PAREN:
            if self.stack_depth >= _MAX_STACK_DEPTH:
                self.errorf("max expression depth exceeded")
            self.stack_depth += 1
            try:
                return self.pipeline("parenthesized pipeline", lexer.RIGHT_PAREN)
            finally:
                self.stack_depth -= 1
        if kind in (lexer.STRING, lexer.RAW_STRING):
            try:
                return nodes.StringNode(pos, val, quoting.unquote(val))
            except quoting.QuoteSyntaxError as exc:
                self.errorf(str(exc))
        self.backup()
        return None


def _chain_pos(pos: int, val: str, start: int) -> int:
    """Go's position of a ``.A.B`` or ``$x.A`` token the lexer kept whole: the second part's."""
    dot = val.find(".", start)
    return pos if dot < 0 else pos + dot


_OPERAND_START = frozenset(
    (
        lexer.BOOL, lexer.CHAR_CONSTANT, lexer.COMPLEX, lexer.DOT, lexer.FIELD, lexer.IDENTIFIER,
        lexer.NUMBER, lexer.NIL, lexer.RAW_STRING, lexer.STRING, lexer.VARIABLE, lexer.LEFT_PAREN,
    )
)  # fmt: skip


def parse(name: str, text: str, *, funcs: Container[str]) -> dict[str, Tree]:
    """All trees defined by ``text``: ``name`` itself and its define/block templates.

    ``funcs`` holds the names of the callable functions (user and builtin), which Go checks at
    parse time. Raises :class:`ParseError`.
    """
    return _Parser(name, text, funcs).run()
