#!/usr/bin/env bash
# Refresh docs/screenshots/ from the browser tests (they write to a temp folder otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
YIYANG_SCREENSHOTS="$PWD/docs/screenshots" exec .venv/bin/python -m pytest -q -p no:cacheprovider -m browser tests/app/test_browser.py "$@"
