#!/usr/bin/env bash
# Set up a virtual environment with the project and its pinned dependencies (constraints.txt).
# Idempotent; installs what a fresh machine lacks. Usage: scripts/setup.sh [EXTRAS], e.g. "test".
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v python3 >/dev/null 2>&1 || ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
    echo "setup: installing Python 3 and venv with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip >/dev/null
fi
# Scanned pages are read by Tesseract OCR (English data comes with the package)
if ! command -v tesseract >/dev/null 2>&1; then
    echo "setup: installing Tesseract OCR with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq tesseract-ocr >/dev/null
fi
# The tests render generated report series through Chromium (HTML) and LibreOffice (Word), with
# the Liberation fonts; only with the test extras
if [ "${1:-}" = "test" ]; then
    missing=""
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$missing chromium"
    command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
    # (Calc converts the legacy .xls the Office tests read)
    [ -e /usr/lib/libreoffice/program/libsclo.so ] || missing="$missing libreoffice-calc-nogui"
    [ -d /usr/share/fonts/truetype/liberation ] || missing="$missing fonts-liberation"
    if [ -n "$missing" ]; then
        echo "setup: installing$missing with apt-get" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    fi
fi
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
spec="."
if [ -n "${1:-}" ]; then
    spec=".[$1]"
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e "$spec"
