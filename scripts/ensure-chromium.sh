#!/usr/bin/env bash
# Makes sure the Chromium that the browser tests drive (through playwright-core) is installed: Debian's `chromium`
# package at /usr/bin/chromium, or CHROMIUM_PATH. Installs it with apt when running as root; otherwise explains how.
# Never `npx playwright install` (it downloads a browser build, which fails here).
set -euo pipefail

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

if [ ! -x "$chromium_path" ]; then
  if [ "$chromium_path" = /usr/bin/chromium ] && can_apt; then
    echo "ensure-chromium: $chromium_path is missing; installing Debian's chromium package (about 1-2 minutes)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y chromium
  fi
fi

if [ ! -x "$chromium_path" ]; then
  cat >&2 <<MESSAGE
ensure-chromium: no Chromium at $chromium_path; the browser tests need it.
  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium
  Elsewhere:      install Chromium or Chrome and point CHROMIUM_PATH at its binary.
(Do not use \`npx playwright install\`.)
MESSAGE
  exit 1
fi

# The e2e run saves a screenshot of every stage for people to look at; without a Chinese font they show boxes.
# A small CJK font (about 5 MB) is enough. Best effort: the tests themselves do not need it.
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ] && can_apt; then
  echo "ensure-chromium: no Chinese font; installing fonts-wqy-microhei for readable screenshots" >&2
  (export DEBIAN_FRONTEND=noninteractive; apt-get update >/dev/null && apt-get install -y fonts-wqy-microhei >/dev/null) ||
    echo "ensure-chromium: could not install fonts-wqy-microhei; screenshots may show boxes for Chinese text" >&2
fi
