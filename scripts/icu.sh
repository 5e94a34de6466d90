#!/usr/bin/env bash
# Installerar Debians libicu-dev och pkg-config (PyICU, svensk sortering, byggs mot dem) när
# de saknas: som root direkt, annars med sudo utan lösenord; annars ett svenskt fel.
set -euo pipefail
if dpkg -s libicu-dev pkg-config >/dev/null 2>&1; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
  else
    echo "icu: libicu-dev och pkg-config saknas och kan inte installeras utan root:" >&2
    echo "     kör 'sudo apt-get install libicu-dev pkg-config' och sedan make igen" >&2
    exit 1
  fi
fi
echo "icu: installerar libicu-dev pkg-config (för PyICU)" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  libicu-dev pkg-config >/dev/null
