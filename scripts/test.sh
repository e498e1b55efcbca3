#!/usr/bin/env bash
# One command: install what the tests need, then run them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Browser tests drive Debian's chromium (Playwright never downloads a browser here); a CJK font
# makes the screenshots readable. Installed only when missing, and only when we may (root).
if { [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "==> installing chromium and a CJK font for the browser tests"
  apt-get update && apt-get install -y chromium fonts-wqy-microhei
fi
exec .venv/bin/python -m pytest "$@"
