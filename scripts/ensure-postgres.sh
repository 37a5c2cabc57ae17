#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers; prints its URL on stdout, or nothing.
# With CI=true a missing server is an error; elsewhere the PostgreSQL run is skipped.
set -uo pipefail
url="${COOLCLAIM_TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/coolclaim}"
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! command -v pg_isready >/dev/null 2>&1; then
  ready() { python3 - <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
sys.exit(0 if s.connect_ex(("127.0.0.1", 5432)) == 0 else 1)
PY
  }
fi
if ! ready; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "starting PostgreSQL" >&2
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
    done
    for _ in $(seq 1 30); do ready && break; sleep 1; done
  fi
fi
if ready; then
  echo "$url"
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is not reachable on 127.0.0.1:5432 and could not be started; CI must test on it" >&2
  exit 1
fi
echo "PostgreSQL is not reachable on 127.0.0.1:5432: the PostgreSQL test run is skipped" >&2
exit 0
