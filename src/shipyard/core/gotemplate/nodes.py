"""The parse tree of a template, mirroring Go's text/template/parse nodes.

``str(node)`` reproduces Go's ``Node.String()``, which error messages quote (``at <.Values.x>``);
``pos`` is the offset of the node in the text of the file that defined it (a character offset;
error messages convert it to Go's line and byte column).
"""

from __future__ import annotations

from shipyard.core.gotemplate import quoting


class Node:
    __slots__ = ("pos",)

    def __init__(self, pos: int) -> None:
        self.pos = pos


class ListNode(Node):
    __slots__ = ("nodes",)

    def __init__(self, pos: int) -> None:
        self.pos = pos
        self.nodes: list[Node] = []

    def __str__(self) -> str:
        return "".join(str(n) for n in self.nodes)


class TextNode(Node):
    __slots__ = ("text",)

    def __init__(self, pos: int, text: str) -> None:
        self.pos = pos
        self.text = text

    def __str__(self) -> str:
        return self.text


class CommentNode(Node):
    __slots__ = ("text",)

    def __init__(self, pos: int, text: str) -> None:
        self.pos = pos
        self.text = text

    def __str__(self) -> str:
        return "{{" + self.text + "}}"


class VariableNode(Node):
    """``$x`` or ``$x.Field.Other``: the variable name (with ``$``) then the fields."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, ident: str) -> None:
        self.pos = pos
        self.ident = ident.split(".")

    def __str__(self) -> str:
        return ".".join(self.ident)


class PipeNode(Node):
    __slots__ = ("cmds", "decl", "is_assign")

    def __init__(self, pos: int) -> None:
        self.pos = pos
        self.is_assign = False
        self.decl: list[VariableNode] = []
        self.cmds: list[CommandNode] = []

    def __str__(self) -> str:
        text = ""
        if self.decl:
            text = ", ".join(str(v) for v in self.decl)
            text += " = " if self.is_assign else " := "
        return text + " | ".join(str(c) for c in self.cmds)


class ActionNode(Node):
    __slots__ = ("pipe",)

    def __init__(self, pos: int, pipe: PipeNode) -> None:
        self.pos = pos
        self.pipe = pipe

    def __str__(self) -> str:
        return "{{" + str(self.pipe) + "}}"


class CommandNode(Node):
    __slots__ = ("args",)

    def __init__(self, pos: int) -> None:
        self.pos = pos
        self.args: list[Node] = []

    def __str__(self) -> str:
        return " ".join(f"({a})" if isinstance(a, PipeNode) else str(a) for a in self.args)


class IdentifierNode(Node):
    """A function name."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, ident: str) -> None:
        self.pos = pos
        self.ident = ident

    def __str__(self) -> str:
        return self.ident


class DotNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "."


class NilNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "nil"


class FieldNode(Node):
    """``.A.B.C``: the names without their dots."""

    __slots__ = ("ident",)

    def __init__(self, pos: int, ident: str) -> None:
        self.pos = pos
        self.ident = ident[1:].split(".")

    def __str__(self) -> str:
        return "".join("." + i for i in self.ident)


class ChainNode(Node):
    """A term followed by field accesses: ``(pipeline).A.B``."""

    __slots__ = ("field", "node")

    def __init__(self, pos: int, node: Node) -> None:
        self.pos = pos
        self.node = node
        self.field: list[str] = []

    def __str__(self) -> str:
        base = f"({self.node})" if isinstance(self.node, PipeNode) else str(self.node)
        return base + "".join("." + f for f in self.field)


class BoolNode(Node):
    __slots__ = ("true",)

    def __init__(self, pos: int, true: bool) -> None:
        self.pos = pos
        self.true = true

    def __str__(self) -> str:
        return "true" if self.true else "false"


class NumberNode(Node):
    """A numeric constant, held under every Go type that can represent it."""

    __slots__ = (
        "complex128", "float64", "int64", "is_complex", "is_float", "is_int", "is_uint", "text",
        "uint64",
    )  # fmt: skip

    def __init__(self, pos: int, text: str) -> None:
        self.pos = pos
        self.text = text
        self.is_int = self.is_uint = self.is_float = self.is_complex = False
        self.int64 = 0
        self.uint64 = 0
        self.float64 = 0.0
        self.complex128 = 0j

    def __str__(self) -> str:
        return self.text


class StringNode(Node):
    __slots__ = ("quoted", "text")

    def __init__(self, pos: int, quoted: str, text: str) -> None:
        self.pos = pos
        self.quoted = quoted
        self.text = text

    def __str__(self) -> str:
        return self.quoted


class BranchNode(Node):
    """Common shape of if, range and with."""

    __slots__ = ("else_list", "list", "pipe")
    keyword = ""

    def __init__(self, pos: int, pipe: PipeNode, body: ListNode, else_list: ListNode | None):
        self.pos = pos
        self.pipe = pipe
        self.list = body
        self.else_list = else_list

    def __str__(self) -> str:
        text = "{{" + self.keyword + " " + str(self.pipe) + "}}" + str(self.list)
        if self.else_list is not None:
            text += "{{else}}" + str(self.else_list)
        return text + "{{end}}"


class IfNode(BranchNode):
    __slots__ = ()
    keyword = "if"


class RangeNode(BranchNode):
    __slots__ = ()
    keyword = "range"


class WithNode(BranchNode):
    __slots__ = ()
    keyword = "with"


class BreakNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "{{break}}"


class ContinueNode(Node):
    __slots__ = ()

    def __str__(self) -> str:
        return "{{continue}}"


class TemplateNode(Node):
    __slots__ = ("name", "pipe")

    def __init__(self, pos: int, name: str, pipe: PipeNode | None) -> None:
        self.pos = pos
        self.name = name
        self.pipe = pipe

    def __str__(self) -> str:
        text = "{{template " + quoting.quote(self.name)
        if self.pipe is not None:
            text += " " + str(self.pipe)
        return text + "}}"


class EndNode(Node):
    """``{{end}}``; never left in a tree."""

    __slots__ = ()

    def __str__(self) -> str:
        return "{{end}}"


class ElseNode(Node):
    """``{{else}}``; never left in a tree."""

    __slots__ = ()

    def __str__(self) -> str:
        return "{{else}}"


def is_empty_tree(node: Node | None) -> bool:
    """parse.IsEmptyTree: nothing but space and comments."""
    if node is None or isinstance(node, CommentNode):
        return True
    if isinstance(node, ListNode):
        return all(is_empty_tree(n) for n in node.nodes)
    if isinstance(node, TextNode):
        return not node.text.strip(" \t\n\v\f\r\x85\xa0")
    return False
