"""The error tree: errors are grouped by what the caller does about them.

    ShipyardError            root of every error shipyard raises on purpose
    ├── UserError            bad input or a missing prerequisite: say what and where, exit 1
    ├── TransientError       the world is briefly unavailable: retry with backoff
    └── TerminalError        this object cannot make progress: stop it, keep the others running

Third-party errors are translated once, at the adapter that calls the library, with
``raise ... from exc``.
"""

from __future__ import annotations


class ShipyardError(Exception):
    """Root of every error shipyard raises on purpose."""


class UserError(ShipyardError):
    """Bad input or a missing prerequisite; the message says what and where."""


class TransientError(ShipyardError):
    """A temporary failure; the caller retries with backoff."""


class TerminalError(ShipyardError):
    """A failure that retrying will not fix; the object stalls with this message."""
