"""Helm's ``toYamlPretty``: go-yaml v3's encoder with 2-space indentation, applied to the value
itself (no JSON round trip, so 1e6 stays ``1e+06``): sequences indented under their key, no
line folding, the same quoting rules as v2 (YAML 1.1 booleans are still quoted)."""

from __future__ import annotations

from shipyard.core.charts import gojson, yamlemitting, yamlresolving

_UNLIMITED = 2**31 - 1


def to_yaml_pretty(value: object) -> str:
    try:
        plain = gojson.to_plain(value)
    except gojson.JSONError:
        return ""
    emitter = yamlemitting.Emitter(
        yamlresolving.sort_keys, width=_UNLIMITED, indentless_sequences=False
    )
    emitter.emit(plain)
    text = emitter.text()
    return text[:-1] if text.endswith("\n") else text
