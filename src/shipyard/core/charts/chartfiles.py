"""``.Files``: a chart's non-template files as Helm's ``engine.files`` exposes them.

A map of name to bytes with methods: ``Get`` (text, "" when missing), ``GetBytes``, ``Glob``
(gobwas/glob with ``/`` separators; ``**`` crosses directories), ``AsConfig`` and
``AsSecrets`` (a YAML map of base names to text or base64, keys sorted, as ``toYaml`` prints
it) and ``Lines`` (the text split on ``\\n`` without a final empty line).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import ClassVar

from shipyard.core import gotemplate
from shipyard.core.charts import globbing, goyaml


class Files(dict[str, bytes]):
    """engine.files."""

    __go_type__: ClassVar[str] = "engine.files"
    go_type: ClassVar[str] = "engine.files"
    go_kind: ClassVar[str] = "map"
    __go_methods__: ClassVar[tuple[str, ...]] = (
        "AsConfig",
        "AsSecrets",
        "Get",
        "GetBytes",
        "Glob",
        "Lines",
    )

    @classmethod
    def of(cls, files: Iterable[tuple[str, bytes]]) -> Files:
        return cls(files)

    @gotemplate.method("string")
    def GetBytes(self, name: str) -> bytes:
        return self.get(name, b"")

    @gotemplate.method("string")
    def Get(self, name: str) -> str:
        return self.get(name, b"").decode("utf-8", "surrogateescape")

    @gotemplate.method("string")
    def Glob(self, pattern: str) -> Files:
        regex = globbing.compile_files_glob(pattern)
        return Files((name, data) for name, data in self.items() if regex.fullmatch(name))

    def AsConfig(self) -> str:
        table = {
            name.rsplit("/", 1)[-1]: data.decode("utf-8", "surrogateescape")
            for name, data in self.items()
        }
        return goyaml.to_yaml(table)

    def AsSecrets(self) -> str:
        table = {
            name.rsplit("/", 1)[-1]: base64.b64encode(data).decode("ascii")
            for name, data in self.items()
        }
        return goyaml.to_yaml(table)

    @gotemplate.method("string")
    def Lines(self, path: str) -> list[str]:
        data = self.get(path)
        if not data:
            return []
        text = data.decode("utf-8", "surrogateescape")
        if text.endswith("\n"):
            text = text[:-1]
        return text.split("\n")
