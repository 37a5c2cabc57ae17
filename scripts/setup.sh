#!/usr/bin/env bash
# Installs the Python environment (.venv) from the lock file. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v uv >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check 'uv>=0.5,<1'
fi
uv sync --frozen --quiet
