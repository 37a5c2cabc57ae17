#!/usr/bin/env bash
# Debian's poppler-utils (pdftoppm, pdftotext, pdfinfo): the document tests look at every PDF page.
set -euo pipefail
if command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's poppler-utils for the document tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
else
  echo "poppler-utils is not installed and cannot be installed here (not root): document PDF tests will skip (and fail under CI=true)" >&2
fi
