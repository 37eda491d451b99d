#!/usr/bin/env bash
# The whole test suite: set up with the test extras, lint (ruff), type-check (mypy --strict), run every test
# (on two workers: the suite is mostly single-threaded Python, and the machine has two cores).
# Works in a checkout of any name: mypy checks the package as "trackrecord" through a view of
# symlinks (.venv/typecheck/trackrecord), never under the checkout folder's own name.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/ruff check .
view=.venv/typecheck
rm -rf "$view" && mkdir -p "$view/trackrecord"
for item in __init__.py catalog cli.py contract extract reconcile review; do   # the package's top level (pyproject's packages)
    ln -s "$PWD/$item" "$view/trackrecord/$item"
done
MYPYPATH="$view" .venv/bin/mypy -p trackrecord
# two workers, a test file each at a time (a file's fixtures are made once); TEST_WORKERS=0 runs in one process
.venv/bin/python -m pytest -n "${TEST_WORKERS:-2}" --dist loadfile "$@"
