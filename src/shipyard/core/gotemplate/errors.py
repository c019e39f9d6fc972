"""Errors of the template engine, worded exactly as Go's text/template words them.

    shipyard.errors.UserError
    └── TemplateError          any failure of a template; ``str()`` is Go's message
        ├── ParseError         the text is not a valid template
        └── ExecError          executing a template failed
            └── TemplateNotFound   no template of that name in the set

    FuncError                  raised by a template function to return a Go ``error``

A ``FuncError`` never leaves the engine: the call site turns it into an ``ExecError`` with Go's
``error calling NAME: MSG`` wording, the way Go reports the error result of a function.
"""

from __future__ import annotations

from shipyard import errors


class TemplateError(errors.UserError):
    """A template failed to parse or execute; ``str(error)`` is Go's exact message."""

    def __init__(self, message: str, *, name: str) -> None:
        super().__init__(message)
        self.message = message
        self.name = name  # the template being parsed or executed


class ParseError(TemplateError):
    """Go's parse error: ``template: NAME:LINE: MESSAGE``.

    ``location`` is ``NAME:LINE`` (what Helm shows as ``parse error at (LOCATION): DETAIL``),
    ``detail`` the message after it.
    """

    def __init__(self, *, name: str, line: int, detail: str) -> None:
        super().__init__(f"template: {name}:{line}: {detail}", name=name)
        self.line = line
        self.detail = detail

    @property
    def location(self) -> str:
        return f"{self.name}:{self.line}"


class ExecError(TemplateError):
    """Go's ``template.ExecError``.

    The message is ``template: FILE:LINE:COL: executing "NAME" at <NODE>: DETAIL``, or
    ``template: NAME: DETAIL`` when no node is involved. ``location`` is ``FILE:LINE:COL`` (empty
    in the second form), ``detail`` the text after the node.
    """

    def __init__(
        self, message: str, *, name: str, location: str = "", line: int = 0, column: int = 0,
        detail: str = "",
    ) -> None:  # fmt: skip
        super().__init__(message, name=name)
        self.location = location
        self.line = line
        self.column = column
        self.detail = detail


class TemplateNotFound(ExecError):
    """``template: no template "X" associated with template "Y"`` (not an ExecError in Go)."""


class FuncError(Exception):
    """Raised by a template function to return a non-nil Go ``error`` (or a recovered panic).

    The message is the Go error text; the engine reports ``error calling NAME: MESSAGE``.
    """
