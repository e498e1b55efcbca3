#!/usr/bin/env bash
# One command: install, fetch the embedding model, build the index on first run, then start the chat.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/yiyang ingest
exec .venv/bin/yiyang serve "$@"
