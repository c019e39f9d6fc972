"""Masking secrets in everything a run writes or shows: logs, JUnit reports, errors.

A secret is the value of an environment variable the pipeline lists under ``secrets``, or
whose name looks like one (…TOKEN…, …PASSWORD…, …SECRET…, …CREDENTIAL…, …_KEY). Credentials in
URLs (``https://user:token@host``) are masked whatever their source.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

MASK = "***"
MIN_LENGTH = 4  # shorter values would mask ordinary words and digits everywhere
_SECRET_NAME = re.compile(r"(?i)(token|passw(or)?d|secret|credential|(^|_)(api_?)?key$)")
_URL_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@\s]+@")


def secret_values(env: Mapping[str, str], *, names: Collection[str] = ()) -> tuple[str, ...]:
    """The values to mask, longest first (so a secret containing another is masked whole)."""
    values = {
        value
        for name, value in env.items()
        if (name in names or _SECRET_NAME.search(name)) and len(value) >= MIN_LENGTH
    }
    return tuple(sorted(values, key=len, reverse=True))


def mask(text: str, *, secrets: Sequence[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    return _URL_USERINFO.sub(rf"\g<scheme>{MASK}@", text)
