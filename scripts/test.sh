#!/usr/bin/env bash
# Runs every check and every test: lint, format, types, layers, unit and integration tests
# (the integration tests start their own local environment and stop it at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
echo "==> ruff" >&2
ruff check .
ruff format --check .
echo "==> mypy --strict" >&2
mypy
echo "==> import-linter" >&2
lint-imports
echo "==> pytest" >&2
exec pytest tests "$@"
