"""A test helper that evaluates one Go template action made of function calls, literals,
``.Values`` paths and pipelines with the Python function library, printing the result the way
``helm template`` prints it. It stands in for the template engine in function tables."""

from __future__ import annotations

import re
from typing import Any

from shipyard.core.charts import goformat
from shipyard.core.charts.functions import govalues, signatures

_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<raw>`[^`]*`)|(?P<num>[-+]?(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?))'
    r"|(?P<path>\.[A-Za-z_][\w.]*)|(?P<punct>[()|])|(?P<word>[A-Za-z_]\w*))"
)


def _unquote(text: str) -> str:
    import json

    return str(
        json.loads(
            strict=False,
            s=text.replace("\\'", "'").replace("\\a", "\\u0007").replace("\\v", "\\u000b"),
        )
    )


class Evaluator:
    def __init__(self, functions: dict[str, Any], values: dict[str, Any]) -> None:
        self.functions = functions
        self.values = values

    def tokens(self, text: str) -> list[tuple[str, str]]:
        out, pos = [], 0
        text = text.strip()
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None or match.end() == pos:
                raise ValueError(f"cannot tokenize {text[pos:]!r}")
            kind = match.lastgroup
            assert kind is not None
            out.append((kind, match.group(kind)))
            pos = match.end()
        return out

    def run(self, action: str) -> str:
        self._toks = self.tokens(action)
        self._i = 0
        value = self.pipeline()
        return "" if value is None else goformat.format_value(value)

    def pipeline(self) -> Any:
        value = self.command(None, piped=False)
        while self._i < len(self._toks) and self._toks[self._i] == ("punct", "|"):
            self._i += 1
            value = self.command(value, piped=True)
        return value

    def command(self, piped_value: Any, *, piped: bool) -> Any:
        kind, text = self._toks[self._i]
        if kind == "word" and text not in ("true", "false", "nil"):
            self._i += 1
            fn = self.functions[text]
            args = []
            while self._i < len(self._toks) and self._toks[self._i][1] not in ("|", ")"):
                args.append(self.operand())
            if piped:
                args.append(piped_value)
            return fn(*self.convert(fn, args))
        return self.operand()

    def operand(self) -> Any:
        kind, text = self._toks[self._i]
        self._i += 1
        if kind == "punct" and text == "(":
            value = self.pipeline()
            assert self._toks[self._i] == ("punct", ")")
            self._i += 1
            if self._i < len(self._toks) and self._toks[self._i][0] == "path":
                for part in self._toks[self._i][1].split(".")[1:]:
                    value = value.get(part) if isinstance(value, dict) else getattr(value, part)()
                self._i += 1
            return value
        if kind == "str":
            return _unquote(text)
        if kind == "raw":
            return text[1:-1]
        if kind == "num":
            if re.search(r"[.eE]", text) and not text.lower().startswith(("0x", "-0x")):
                return float(text)
            return int(text, 0)
        if kind == "word":
            return {"true": True, "false": False, "nil": None}[text]
        if kind == "path":
            found: Any = {"Values": govalues.ChartValues(self.values)}
            for part in text.split(".")[1:]:
                found = found.get(part) if isinstance(found, dict) else getattr(found, part)()
            return found
        raise ValueError(text)

    def convert(self, fn: Any, args: list[Any]) -> list[Any]:
        sig = signatures.signature_of(fn)
        if sig is None:
            return args
        out = []
        for i, arg in enumerate(args):
            kind = sig.params[i] if i < len(sig.params) else sig.variadic
            if kind in ("int", "int64", "uint32") and isinstance(arg, float):
                arg = int(arg)
            if kind == "float64" and isinstance(arg, int):
                arg = float(arg)
            out.append(arg)
        return out
