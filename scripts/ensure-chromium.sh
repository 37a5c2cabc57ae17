#!/usr/bin/env bash
# Debian's chromium for the browser tests (never a browser downloaded by a test tool).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
else
  echo "chromium is not installed and cannot be installed here (not root): browser tests will skip" >&2
fi
