#!/usr/bin/env bash
# Makes sure the Chromium that the browser tests drive (through playwright-core) is installed: Debian's `chromium`
# package at /usr/bin/chromium, or CHROMIUM_PATH. Installs it with apt when running as root; otherwise explains how.
# Never `npx playwright install` (it downloads a browser build, which fails here).
set -euo pipefail

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$chromium_path" ]; then
  exit 0
fi

if [ "$chromium_path" = /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $chromium_path is missing; installing Debian's chromium package (about 1-2 minutes)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y chromium
  if [ -x "$chromium_path" ]; then
    exit 0
  fi
  echo "ensure-chromium: apt-get installed chromium but $chromium_path is still missing" >&2
  exit 1
fi

cat >&2 <<MESSAGE
ensure-chromium: no Chromium at $chromium_path; the browser tests need it.
  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium
  Elsewhere:      install Chromium or Chrome and point CHROMIUM_PATH at its binary.
(Do not use \`npx playwright install\`.)
MESSAGE
exit 1
