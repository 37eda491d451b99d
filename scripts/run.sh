#!/usr/bin/env bash
# The main job: set up, then extract every sample report in samples/ into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/trackrecord extract samples/ --out output/
