#!/usr/bin/env bash
# The main job: set up, make the scanned samples, extract every sample report into output/, reconcile
# them across years, and build the auditor's review site (output/review/index.html).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python samples/scan.py --all            # the scanned samples (made, not committed)
.venv/bin/python samples/degrade.py --all         # the degradation matrix, for bench/degradation.py (made, not committed)
.venv/bin/trackrecord extract samples/ samples/scanned/ --out output/ --workers 2
.venv/bin/trackrecord extract samples/office/docx/ --out output/office/docx/ --workers 2   # the samples as Word ...
.venv/bin/trackrecord extract samples/office/xlsx/ --out output/office/xlsx/ --workers 2   # ... and Excel keep them
.venv/bin/trackrecord reconcile output/ --out output/
.venv/bin/trackrecord review output/ --out output/review
# the same reports back-filled into a catalog (run it again: it reads nothing), reconciled there, and one question asked of it
.venv/bin/trackrecord backfill samples/*.pdf samples/*.txt samples/scanned/ --out output/ --catalog output/catalog.sqlite
.venv/bin/trackrecord reconcile --catalog output/catalog.sqlite
.venv/bin/python -c "import sqlite3, sys; [print(*row, sep=' | ') for row in sqlite3.connect(sys.argv[1]).execute(open(sys.argv[2]).read())]" \
    output/catalog.sqlite scripts/statuses-by-year.sql
