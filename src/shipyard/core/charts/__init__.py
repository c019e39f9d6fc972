"""Helm chart rendering: Go-compatible YAML/JSON/TOML codecs and the template function library
(Sprig v3 and Helm's own functions), producing output identical to ``helm template``."""

from __future__ import annotations
