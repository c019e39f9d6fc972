"""The one exception template functions raise.

``FunctionError(message)`` carries the text of the Go error (or recovered panic) the function
would have produced; the template engine reports it as Go's text/template does:
``error calling NAME: MESSAGE``. Helm's ``fail`` and ``required`` wrap their message in
``HELM_ERR_START``/``HELM_ERR_END`` markers, which Helm's engine later turns into
``execution error at (FILE:LINE:COL): MESSAGE``; ``helm_message`` extracts it.
"""

from __future__ import annotations

import re

WARN_START = "HELM_ERR_START"
WARN_END = "HELM_ERR_END"
_WARN = re.compile(WARN_START + "(.*)" + WARN_END, re.DOTALL)


class FunctionError(Exception):
    """A template function failed; ``str(error)`` is Go's error text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def warn_wrap(message: str) -> str:
    """Helm's warnWrap: the markers its engine looks for in execution errors."""
    return WARN_START + message + WARN_END


def helm_message(text: str) -> str | None:
    """The message between Helm's markers in an error text, if any."""
    found = _WARN.search(text)
    return found[1] if found else None
