"""`python -m shipyard` runs the CLI."""

from __future__ import annotations

from shipyard.cli import app

if __name__ == "__main__":
    app.main()
