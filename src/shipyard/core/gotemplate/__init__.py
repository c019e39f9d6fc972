"""Go's text/template in pure Python, faithful enough that Helm charts render byte for byte.

Public API::

    from shipyard.core import gotemplate

    tset = gotemplate.TemplateSet("gotpl", funcs=funcs, missing_key="zero")
    tset.parse("chart/templates/a.yaml", text)           # -> Template; raises ParseError
    out = tset.execute("chart/templates/a.yaml", values)  # -> str; raises ExecError

``TemplateSet(name, *, funcs=None, missing_key="default")``
    Named templates sharing their ``define``\\s (Helm parses every file of a chart into one set).
``TemplateSet.parse(name, text) -> Template``
    Parse and add ``name`` and its definitions (parse results are cached per text).
``TemplateSet.execute(name, data) -> str``
    Go's ``ExecuteTemplate``; callable from inside a template function (``include``).
``FuncTable(loaded, *, lazy=names, loader=fn)``
    A function map whose ``lazy`` entries are made by ``loader(name)`` on first call;
    ``with_funcs(base, extra)`` puts functions on top of one without loading it.
``TemplateSet.clone(*, funcs=None) -> TemplateSet``
    Go's ``Clone``: a copy to parse more templates into at run time (``tpl``).
``TemplateSet.lookup(name) -> Template | None``, ``lookup_tree(name)``, ``name in tset``,
``tset.names()``.
``Template.execute(data) -> str``
    Execute this very template (what ``tpl`` does with the text it parsed).

Function map: names to :class:`Func` (a callable with its Go parameter types, see
:mod:`shipyard.core.gotemplate.funcs`) or plain callables. A function returns its Go result or
raises :class:`FuncError` (Go's non-nil ``error``); ``Func(..., context=True)`` receives the
executing ``TemplateSet`` first, which is how ``include`` and ``tpl`` are written::

    def include(tset, name, data):
        return tset.execute(name, data)

    def tpl(tset, text, data):  # Helm parses tpl text under the set's own name
        clone = tset.clone()
        try:
            out = clone.parse(clone.name, text).execute(data)
        except ExecError as exc:  # Helm's wording around the inner error
            raise FuncError(f"error during tpl function execution for {quote(text)}: {exc}")
        return out.replace("<no value>", "")

An ``ExecError`` raised inside a function (a nested ``include``) is reported like a
``FuncError``: ``error calling include: <inner message>``, as Go wraps the returned error.
Methods of struct stand-ins declare their Go signature with ``@gotemplate.method("string")``
(without it they take any arguments).

Values: Go nil is ``None``, float64 ``float``, int ``int``, string ``str``, []byte ``bytes``,
maps ``dict``, slices ``list``/``tuple``; any other object stands for a Go struct whose
exported fields and methods are attributes (see :mod:`shipyard.core.gotemplate.values`).
Printing follows Go's fmt (:mod:`shipyard.core.gotemplate.gofmt`): ``{{ 1000000.0 }}`` is
``1e+06``, a missing value prints ``<no value>`` (Helm then deletes that text).

Errors (``str()`` is Go's exact message; all are ``shipyard.errors.UserError``)::

    TemplateError
    ├── ParseError        template: NAME:LINE: DETAIL            (.name .line .detail .location)
    └── ExecError         template: FILE:LINE:COL: executing "NAME" at <NODE>: DETAIL
        └── TemplateNotFound                                     (.name .location .detail)

For function authors (Sprig, Helm): :mod:`~shipyard.core.gotemplate.gofmt` (``sprint``,
``sprintf``, ``format_value``: Go's fmt), :mod:`~shipyard.core.gotemplate.values`
(``type_name``, ``is_true``), :mod:`~shipyard.core.gotemplate.quoting` (``quote``: strconv).
``str(error)`` is Go's exact text, so Helm's rewriting of errors (``parse error at (...)``,
``execution error at (...)``) can be applied to it as Helm applies it to Go's.

Performance: parsing is cached per (name, text, function names) for the life of the process;
trees pickle (without their compiled closures) for callers that keep them across processes;
each tree is compiled to closures on first execution. Executions nest Python frames: deep
``include`` recursion (Helm allows 1000 levels) needs ``sys.setrecursionlimit`` raised by the
program; a short-lived CLI can also ``gc.disable()`` while rendering (about 15% faster).

Not implemented: custom delimiters, comments in the tree (ParseComments), range over channels
and Go iterator functions, complex arithmetic beyond constants, pointer addresses in fmt, and
Go's exact execution depth limit (Python's recursion limit applies; a RecursionError becomes
``exceeded maximum template depth``).
"""

from __future__ import annotations

from shipyard.core.gotemplate.calling import method
from shipyard.core.gotemplate.errors import (
    ExecError,
    FuncError,
    ParseError,
    TemplateError,
    TemplateNotFound,
)
from shipyard.core.gotemplate.funcs import ANY, Func, FuncTable, with_funcs
from shipyard.core.gotemplate.templates import Template, TemplateSet

__all__ = [
    "ANY",
    "ExecError",
    "Func",
    "FuncError",
    "FuncTable",
    "ParseError",
    "Template",
    "TemplateError",
    "TemplateNotFound",
    "TemplateSet",
    "method",
    "with_funcs",
]
