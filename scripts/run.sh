#!/usr/bin/env bash
# The main job: set up, extract every sample report in samples/ into output/, then reconcile them across years.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/trackrecord extract samples/ --out output/
.venv/bin/trackrecord reconcile output/ --out output/
