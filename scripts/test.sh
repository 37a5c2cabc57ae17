#!/usr/bin/env bash
# The whole test suite: lint, types, tests on SQLite, then the database tests on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/ensure-chromium.sh
./scripts/ensure-poppler.sh
pg_url=$(./scripts/ensure-postgres.sh)

echo "== ruff"
.venv/bin/ruff check src tests bench
echo "== mypy"
.venv/bin/mypy
echo "== import-linter (the rings and the app graph: docs/architecture.md)"
.venv/bin/lint-imports --no-cache
echo "== pytest (SQLite)"
.venv/bin/pytest -p no:cacheprovider "$@"
if [ -n "$pg_url" ]; then
  echo "== pytest (PostgreSQL: $pg_url)"
  DATABASE_URL="$pg_url" .venv/bin/pytest -p no:cacheprovider -m "not browser" tests/web "$@"
fi
