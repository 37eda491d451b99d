#!/usr/bin/env bash
# The whole test suite: set up with the test extras, lint (ruff), type-check (mypy --strict), run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/ruff check .
.venv/bin/mypy __init__.py cli.py extract reconcile
.venv/bin/python -m pytest "$@"
